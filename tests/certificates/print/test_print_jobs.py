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
from pypdf import PdfReader

from certificates.jobs import DELIVER, PRINT, file_name
from certificates.models import TemplateSignatory
from documents.errors import JobError
from documents.jobs import clean_jobs, job_create, job_retry, job_run, jobs_clean, scope_key
from documents.models import PrintJob
from documents.printing import safe_ascii_name
from tests.documents.pdfs import pdf_text
from tests.factories import CertificateFactory, SignatoryFactory

from .conftest import pdf_pages, read_field, zip_names


def _page_size(page) -> tuple[int, int]:
    width, height = page.mediabox.upper_right
    return round(float(width)), round(float(height))


def _create(certificates, kind=PRINT, title="T"):
    return job_create(kind=kind, ids=[c.pk for c in certificates], title=title, by=None)


def test_print_job_for_cohort_one_page_per_certificate_and_zip_one_file_each(start, cohort_certificates):
    job = start(cohort_certificates)
    assert job.status == PrintJob.Status.DONE, job.error
    assert (job.done, job.total, job.percent) == (5, 5, 100)
    pdf = read_field(job.pdf_file)
    assert pdf_pages(pdf) == len(cohort_certificates)
    text = pdf_text(pdf)
    for certificate in cohort_certificates:
        assert certificate.serial in text
    names = zip_names(read_field(job.zip_file))
    assert len(names) == len(cohort_certificates)
    assert names == [f"{c.serial}_{safe_ascii_name(c.recipient_name_latin)}.pdf" for c in cohort_certificates]
    assert any(name.endswith("_Nguyen-Thi-Huong.pdf") for name in names)
    assert any(name.endswith("_Maria-O-Brien-Smith.pdf") for name in names)
    with zipfile.ZipFile(io.BytesIO(read_field(job.zip_file))) as archive:
        for certificate in cohort_certificates:
            single = archive.read(file_name(certificate))
            assert pdf_pages(single) == 1
            assert certificate.serial in pdf_text(single)
    # Styled as a certificate printed alone (static/css/certificate_pdf.css): every page A4 landscape, in the
    # merged PDF and in the ZIP.
    assert {_page_size(page) for page in PdfReader(io.BytesIO(pdf)).pages} == {(842, 595)}
    assert _page_size(PdfReader(io.BytesIO(single)).pages[0]) == (842, 595)
    # Private storage, kept for the configured days.
    private = storages["private"].location
    assert job.pdf_file.path.startswith(private) and job.zip_file.path.startswith(private)
    assert job.expires_at - job.finished_at == timedelta(days=7)


def test_print_job_progress_goes_from_0_to_100(cohort_certificates):
    seen: list[tuple[str, int]] = []

    def record(sender, instance, **kwargs):
        seen.append((instance.status, instance.percent))

    job = _create(cohort_certificates)
    assert job.percent == 0 and job.status == "queued"
    post_save.connect(record, sender=PrintJob)
    try:
        job_run(job_id=job.pk)
    finally:
        post_save.disconnect(record, sender=PrintJob)
    # Claimed, then after each chunk of 2 out of 5, then done.
    assert seen == [("running", 0), ("running", 0), ("running", 40), ("running", 80), ("running", 100), ("done", 100)]


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


def test_print_job_failing_render_is_failed_with_reason_then_retry_works(
    start, cohort_certificates, template_version, django_capture_on_commit_callbacks
):
    broken = _break_signature(template_version)
    try:
        job = start(cohort_certificates)
    finally:
        broken.rmdir()
    assert job.status == PrintJob.Status.FAILED
    assert job.error.startswith(f"Rendering failed near {cohort_certificates[0].serial}, ")
    assert "IsADirectoryError" in job.error
    assert not job.pdf_file and not job.has_results

    # Fix the signature, retry: the same job finishes.
    signatory = template_version.signatory_links.get().signatory
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), "navy").save(buffer, "PNG")
    signatory.signature.save("signature.png", ContentFile(buffer.getvalue()))
    with django_capture_on_commit_callbacks(execute=True):
        retried = job_retry(job=job)
    retried.refresh_from_db()
    assert retried.pk == job.pk
    assert retried.status == PrintJob.Status.DONE, retried.error
    assert retried.error == "" and retried.attempts == 2
    assert pdf_pages(read_field(retried.pdf_file)) == 5


def test_retry_refused_unless_failed(start, cohort_certificates):
    job = start(cohort_certificates[:1])
    with pytest.raises(JobError) as refused:
        job_retry(job=job)
    assert refused.value.message == "Only a failed job can be retried."
    job.refresh_from_db()
    assert job.status == "done" and job.attempts == 1


def test_second_job_for_same_set_refused_while_one_waits(start, cohort_certificates):
    waiting = _create(cohort_certificates, title="A")
    with pytest.raises(JobError) as refused:
        _create(list(reversed(cohort_certificates)), title="B")
    assert refused.value.job == waiting
    assert "already under way" in str(refused.value.message)
    # Another set, or e-mailing the same set, is fine.
    _create(cohort_certificates[:2], title="C")
    _create(cohort_certificates, kind=DELIVER, title="D")
    assert PrintJob.objects.filter(status="queued").count() == 3
    # Once the first is over, the same set can be printed again.
    job_run(job_id=waiting.pk)
    assert start(cohort_certificates).status == "done"


def test_job_without_certificates_refused(db):
    with pytest.raises(JobError) as refused:
        job_create(kind=PRINT, ids=[999999], title="x", by=None)
    assert refused.value.message == "Choose at least one certificate."
    assert not PrintJob.objects.exists()


def test_job_of_an_unknown_kind_refused(cohort_certificates):
    with pytest.raises(JobError) as refused:
        _create(cohort_certificates, kind="print")
    assert refused.value.message == "Unknown kind of job."
    assert not PrintJob.objects.exists()


def test_scope_key_ignores_order_and_duplicates():
    assert scope_key(kind=PRINT, ids=[3, 1, 2, 2]) == scope_key(kind=PRINT, ids=[1, 2, 3])
    assert scope_key(kind=PRINT, ids=[1]) != scope_key(kind=DELIVER, ids=[1])


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Nguyễn Thị Hương", "Nguyen-Thi-Huong"),
        ("ចាន់ សុខា", "document"),
        ("CON", "CON"),
        ("../../etc/passwd", "etc-passwd"),
        ('a:b*c?"d<e>f|g\\h', "a-b-c-d-e-f-g-h"),
        ("x" * 200, "x" * 60),
    ],
)
def test_safe_ascii_name(name, expected):
    assert safe_ascii_name(name) == expected


def test_clean_removes_expired_results_and_fails_stale_jobs(start, cohort_certificates):
    job = start(cohort_certificates[:2])
    pdf_path = Path(job.pdf_file.path)
    assert pdf_path.exists()
    assert jobs_clean() == (0, 0)
    long_ago = timezone.now() - timedelta(hours=2)
    stale = _create(cohort_certificates[3:4])
    PrintJob.objects.filter(pk=stale.pk).update(status="running", updated_at=long_ago)
    lost = _create(cohort_certificates[4:5])  # queued, but its task never came
    PrintJob.objects.filter(pk=lost.pk).update(updated_at=long_ago)
    waiting = _create(cohort_certificates[:1])
    later = timezone.now() + timedelta(days=8)
    assert jobs_clean(now=later) == (1, 3)
    job.refresh_from_db()
    assert not pdf_path.exists() and not job.pdf_file and not job.zip_file and job.purged_at
    assert not job.has_results
    for failed in (stale, lost, waiting):
        failed.refresh_from_db()
        assert failed.status == "failed" and failed.error == "The job stopped without finishing."
    assert jobs_clean(now=later) == (0, 0)


def test_clean_is_registered_as_periodic_job(settings, start, cohort_certificates):
    assert "documents.jobs.clean_jobs" in settings.PERIODIC_JOBS
    assert clean_jobs() == ""
    start(cohort_certificates[:1])
    PrintJob.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert clean_jobs() == "1 job result(s) removed"


def test_revoked_certificate_prints_with_stamp(start, template_version):
    certificate = CertificateFactory(template_version=template_version, status="revoked", revoked_reason="Dup")
    job = start([certificate])
    assert job.status == "done"
    assert "REVOKED" in pdf_text(read_field(job.pdf_file)).upper()
