"""Parallel issuing on PostgreSQL: serials never repeat or skip, and one source gets one valid certificate."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from certificates.models import Certificate
from certificates.services import certificate_issue
from tests.factories import CertificateTemplateVersionFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no row locks and serialises every writer")


def _run_in_threads(jobs) -> list:
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait(timeout=30)
            results[index] = job()
        except Exception as error:  # collected and asserted on by the test
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results


def _issuer(version, user, source_key):
    def job():
        return certificate_issue(
            kind=version.template.kind,
            recipient=user,
            recipient_name_latin=user.get_full_name(),
            recipient_language="en",
            organisation=None,
            subject_en="Parallel course",
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 1, 2),
            hours=Decimal("6"),
            source_key=source_key,
            issued_by=None,
            notify=False,
        ).pk

    return job


def test_concurrency_parallel_issues_get_consecutive_unique_serials():
    version = CertificateTemplateVersionFactory()
    users = UserFactory.create_batch(12)
    results = _run_in_threads([_issuer(version, user, f"enrollment:{user.pk}") for user in users])
    assert all(isinstance(result, int) for result in results), results
    numbers = sorted(int(serial.rsplit("-", 1)[1]) for serial in Certificate.objects.values_list("serial", flat=True))
    assert numbers == list(range(1, 13))


def test_concurrency_same_source_in_parallel_gives_one_certificate():
    version = CertificateTemplateVersionFactory()
    user = UserFactory()
    results = _run_in_threads([_issuer(version, user, "registration:17") for _ in range(8)])
    assert all(isinstance(result, int) for result in results), results
    assert len(set(results)) == 1
    assert Certificate.objects.filter(source_key="registration:17").count() == 1
    # the losers' serial allocations rolled back with their savepoints: the next serial follows on
    assert Certificate.objects.get().serial.endswith("-000001")


def test_concurrency_parallel_downloads_render_once():
    from certificates.services import certificate_pdf

    version = CertificateTemplateVersionFactory()
    user = UserFactory()
    certificate = Certificate.objects.get(pk=_issuer(version, user, "enrollment:1")())
    storage = certificate.pdf_file.storage
    before = set(storage.listdir("certificates/pdf")[1]) if storage.exists("certificates/pdf") else set()
    results = _run_in_threads([lambda: certificate_pdf(certificate) for _ in range(4)])
    assert all(isinstance(result, bytes) for result in results), results
    assert len(set(results)) == 1
    written = set(storage.listdir("certificates/pdf")[1]) - before
    assert len(written) == 1  # rendered and stored once; the other downloads waited and read the cache
    certificate.refresh_from_db()
    assert certificate.pdf_cached_version == certificate.pdf_version == 1
