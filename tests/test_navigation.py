"""The main navigation marks the page the reader is on (aria-current), section by section."""

import re

import pytest

from tests.factories.certificates import CertificateFactory

pytestmark = pytest.mark.django_db


def current_links(html: str) -> list[str]:
    return re.findall(r'<a class="nav-link[^"]*" href="([^"]+)" aria-current="page"', html)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/en/", "/en/"),
        ("/en/forum/", "/en/forum/"),
        ("/en/trainings/", "/en/trainings/"),
        ("/en/certificates/verify/", "/en/certificates/verify/"),
    ],
)
def test_the_current_section_is_marked_once(client, path, expected):
    html = client.get(path).content.decode()
    assert current_links(html) == [expected]


def test_my_certificates_is_marked_for_its_owner(client, user):
    client.force_login(user)
    assert current_links(client.get("/en/certificates/").content.decode()) == ["/en/certificates/"]


def test_verification_prints_a_name_once_when_both_scripts_are_the_same(client):
    certificate = CertificateFactory(recipient_name_latin="Nguyễn Thị Hương", recipient_name_native="Nguyễn Thị Hương")
    html = client.get(f"/en/certificates/verify/{certificate.code}/").content.decode()
    assert html.count("Nguyễn Thị Hương") == 1
    other = CertificateFactory(recipient_name_latin="Chan Sokha", recipient_name_native="ចាន់ សុខា")
    html = client.get(f"/en/certificates/verify/{other.code}/").content.decode()
    assert "ចាន់ សុខា" in html and "Chan Sokha" in html


def test_my_company_is_marked_on_the_company_pages_of_a_focal_point(client):
    from tests.factories import FocalPointFactory

    membership = FocalPointFactory()
    client.force_login(membership.user)
    for path in ("/en/trainings/my-company/", f"/en/trainings/company/{membership.organisation_id}/"):
        response = client.get(path, follow=True)
        assert current_links(response.content.decode()) == ["/en/trainings/my-company/"], path
