"""Parallel issuing on PostgreSQL: serials never repeat or skip, and one source gets one valid certificate."""

import datetime
from decimal import Decimal

from certificates.models import Certificate
from certificates.services import certificate_issue
from tests.concurrency import PARALLEL, run_in_threads
from tests.factories import CertificateTemplateVersionFactory, UserFactory

pytestmark = PARALLEL


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
    results = run_in_threads([_issuer(version, user, f"enrollment:{user.pk}") for user in users])
    assert all(isinstance(result, int) for result in results), results
    numbers = sorted(int(serial.rsplit("-", 1)[1]) for serial in Certificate.objects.values_list("serial", flat=True))
    assert numbers == list(range(1, 13))


def test_concurrency_same_source_in_parallel_gives_one_certificate():
    version = CertificateTemplateVersionFactory()
    user = UserFactory()
    results = run_in_threads([_issuer(version, user, "registration:17") for _ in range(8)])
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
    results = run_in_threads([lambda: certificate_pdf(certificate) for _ in range(4)])
    assert all(isinstance(result, bytes) for result in results), results
    assert len(set(results)) == 1
    written = set(storage.listdir("certificates/pdf")[1]) - before
    assert len(written) == 1  # rendered and stored once; the other downloads waited and read the cache
    certificate.refresh_from_db()
    assert certificate.pdf_cached_version == certificate.pdf_version == 1
