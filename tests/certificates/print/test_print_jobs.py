import io
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db.models.signals import post_save
from django.utils import timezone
from PIL import Image

from certificates.models import CertificateJob, TemplateSignatory
from certificates.print_services import (
    CertificateJobError,
    certificate_job_create,
    certificate_job_retry,
    certificate_job_run,
    certificate_job_start,
    certificate_jobs_clean,
    safe_ascii_name,
    scope_key,
)
from certificates.print_tasks import clean_print_jobs
from tests.documents.pdfs import pdf_text
from tests.factories import CertificateFactory, SignatoryFactory

from .conftest import pdf_pages, read_field, zip_names


def _start(certificates, **overrides):
    values = {
        "kind": CertificateJob.Kind.PRINT,
        "certificate_ids": [c.pk for c in certificates],
        "title": "Cohort March 2026",
        "by": None,
    }
    values.update(overrides)
    job = certificate_job_start(**values)
    job.refresh_from_db()
    return job


def test_print_job_for_cohort_one_page_per_certificate_and_zip_one_file_each(cohort_certificates):
    job = _start(cohort_certificates)
    assert job.status == CertificateJob.Status.DONE, job.error
    assert (job.done, job.total, job.percent) == (5, 5, 100)
    pdf = read_field(job.pdf_file)
    assert pdf_pages(pdf) == len(cohort_certificates)
    text = pdf_text(pdf)
    for certificate in cohort_certificates:
        assert certificate.serial in text
    names = zip_names(read_field(job.zip_file))
    assert len(names) == len(cohort_certificates)
    expected = {f"{c.serial}_{safe_ascii_name(c.recipient_name_latin)}.pdf" for c in cohort_certificates}
    assert set(names) == expected
    assert any(name.endswith("_Nguyen-Thi-Huong.pdf") for name in names)
    assert any(name.endswith("_Maria-O-Brien-Smith.pdf") for name in names)
    with zipfile.ZipFile(io.BytesIO(read_field(job.zip_file))) as archive:
        for certificate in cohort_certificates:
            single = archive.read(f"{certificate.serial}_{safe_ascii_name(certificate.recipient_name_latin)}.pdf")
            assert pdf_pages(single) == 1
            assert certificate.serial in pdf_text(single)
    # Private storage, kept for the configured days.
    private = storages["private"].location
    assert job.pdf_file.path.startswith(private) and job.zip_file.path.startswith(private)
    assert job.expires_at - job.finished_at == timedelta(days=7)


def test_print_job_progress_goes_from_0_to_100(cohort_certificates):
    seen: list[tuple[str, int]] = []

    def record(sender, instance, **kwargs):
        seen.append((instance.status, instance.percent))

    job = certificate_job_create(kind="print", certificate_ids=[c.pk for c in cohort_certificates], title="T", by=None)
    assert job.percent == 0 and job.status == "queued"
    post_save.connect(record, sender=CertificateJob)
    try:
        certificate_job_run(job_id=job.pk)
    finally:
        post_save.disconnect(record, sender=CertificateJob)
    percents = [percent for _status, percent in seen]
    assert percents[0] == 0
    assert percents[-1] == 100 and seen[-1][0] == "done"
    assert percents == sorted(percents)
    # Chunks of 2 out of 5: progress recorded after each chunk.
    assert {40, 80} <= set(percents)


def _break_signature(template_version) -> Path:
    """A signatory whose signature file cannot be read (a directory where the image should be)."""
    signatory = SignatoryFactory()
    storage = signatory.signature.storage
    broken = Path(storage.path("certificates/signatures/broken-test-dir"))
    broken.mkdir(parents=True, exist_ok=True)
    signatory.signature.name = "certificates/signatures/broken-test-dir"
    signatory.save()
    TemplateSignatory.objects.create(version=template_version, signatory=signatory, position=1)
    return broken


def test_print_job_failing_render_is_failed_with_reason_then_retry_works(cohort_certificates, template_version):
    broken = _break_signature(template_version)
    try:
        job = _start(cohort_certificates)
    finally:
        broken.rmdir()
    assert job.status == CertificateJob.Status.FAILED
    assert "Rendering failed near" in job.error
    assert "IsADirectoryError" in job.error
    assert not job.pdf_file and not job.has_results

    # Fix the signature, retry: the same job finishes.
    signatory = template_version.signatory_links.get().signatory
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), "navy").save(buffer, "PNG")
    signatory.signature.save("signature.png", ContentFile(buffer.getvalue()))
    retried = certificate_job_retry(job=job, by=None)
    retried.refresh_from_db()
    assert retried.pk == job.pk
    assert retried.status == CertificateJob.Status.DONE, retried.error
    assert retried.error == "" and retried.attempts == 2
    assert pdf_pages(read_field(retried.pdf_file)) == 5


def test_retry_refused_unless_failed(cohort_certificates):
    job = _start(cohort_certificates[:1])
    with pytest.raises(CertificateJobError):
        certificate_job_retry(job=job, by=None)


def test_second_job_for_same_set_refused_while_one_waits(cohort_certificates):
    ids = [c.pk for c in cohort_certificates]
    waiting = certificate_job_create(kind="print", certificate_ids=ids, title="A", by=None)
    with pytest.raises(CertificateJobError) as refused:
        certificate_job_create(kind="print", certificate_ids=list(reversed(ids)), title="B", by=None)
    assert refused.value.job == waiting
    assert "already under way" in str(refused.value.message)
    # Another set, or e-mailing the same set, is fine.
    certificate_job_create(kind="print", certificate_ids=ids[:2], title="C", by=None)
    certificate_job_create(kind="deliver", certificate_ids=ids, title="D", by=None)
    # Once the first is over, the same set can be printed again.
    certificate_job_run(job_id=waiting.pk)
    assert _start(cohort_certificates).status == "done"


def test_job_without_certificates_refused(db):
    with pytest.raises(CertificateJobError):
        certificate_job_create(kind="print", certificate_ids=[999999], title="x", by=None)


def test_scope_key_ignores_order_and_duplicates():
    assert scope_key(kind="print", certificate_ids=[3, 1, 2, 2]) == scope_key(kind="print", certificate_ids=[1, 2, 3])
    assert scope_key(kind="print", certificate_ids=[1]) != scope_key(kind="deliver", certificate_ids=[1])


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Nguyễn Thị Hương", "Nguyen-Thi-Huong"),
        ("ចាន់ សុខា", "certificate"),
        ("CON", "CON"),
        ("../../etc/passwd", "etc-passwd"),
        ('a:b*c?"d<e>f|g\\h', "a-b-c-d-e-f-g-h"),
        ("x" * 200, "x" * 60),
    ],
)
def test_safe_ascii_name(name, expected):
    assert safe_ascii_name(name) == expected


def test_clean_removes_expired_results_and_fails_stale_jobs(cohort_certificates):
    job = _start(cohort_certificates[:2])
    pdf_path = Path(job.pdf_file.path)
    assert pdf_path.exists()
    assert certificate_jobs_clean() == (0, 0)
    stale = certificate_job_create(kind="print", certificate_ids=[cohort_certificates[3].pk], title="s", by=None)
    CertificateJob.objects.filter(pk=stale.pk).update(status="running", updated_at=timezone.now() - timedelta(hours=2))
    later = timezone.now() + timedelta(days=8)
    assert clean_print_jobs.__module__ == "certificates.print_tasks"
    assert certificate_jobs_clean(now=later) == (1, 1)
    job.refresh_from_db()
    stale.refresh_from_db()
    assert not pdf_path.exists() and not job.pdf_file and not job.zip_file and job.purged_at
    assert not job.has_results
    assert stale.status == "failed" and stale.error
    assert certificate_jobs_clean(now=later) == (0, 0)


def test_clean_is_registered_as_periodic_job(settings, db):
    assert "certificates.print_tasks.clean_print_jobs" in settings.PERIODIC_JOBS
    assert clean_print_jobs() == ""


def test_revoked_certificate_prints_with_stamp(template_version):
    certificate = CertificateFactory(template_version=template_version, status="revoked", revoked_reason="Dup")
    job = _start([certificate])
    assert job.status == "done"
    assert "REVOKED" in pdf_text(read_field(job.pdf_file)).upper()
