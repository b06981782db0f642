"""Pages go gzipped to clients that accept it (phones on weak connections); PDFs and ZIPs go as they are."""

import gzip

import pytest

from tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db


def test_pages_are_gzipped_for_clients_that_accept_it(client):
    plain = client.get("/en/forum/")
    assert "Content-Encoding" not in plain
    response = client.get("/en/forum/", headers={"accept-encoding": "gzip, br"})
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    page = gzip.decompress(response.content)
    assert page.startswith(b"<!DOCTYPE html>") and len(page) == len(plain.content)  # CSRF tokens differ
    assert len(response.content) * 2 < len(plain.content)


def test_pdfs_are_not_compressed_again(client):
    certificate = CertificateFactory()
    client.force_login(certificate.recipient)
    response = client.get(f"/en/certificates/{certificate.code}/pdf/", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Content-Encoding" not in response
