"""Batch jobs on certificates (issue 9): start, refuse a second job for the same set, run, retry, clean up.

A job renders in chunks that share the process's one font configuration (`documents.render`), records its
progress after each chunk, and writes its results to private storage: one printable PDF (the chunks merged)
and a ZIP of one PDF per certificate. Delivery e-mails each recipient their PDF, in their language.
"""

import hashlib
import logging
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable
from datetime import timedelta
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader, PdfWriter

from people.models import User

from .models import Certificate
from .print_models import CertificateJob, CertificateJobItem

logger = logging.getLogger(__name__)

MAX_CERTIFICATES = 5000  # a whole forum edition fits; a mistaken "everything" does not tie up the worker for hours


def chunk_size() -> int:
    return max(1, int(getattr(settings, "CERTIFICATES_PRINT_CHUNK_SIZE", 25)))


def result_days() -> int:
    return int(getattr(settings, "CERTIFICATES_PRINT_RESULT_DAYS", 7))


class CertificateJobError(Exception):
    """A domain error with a translated message; `job` is the running job when the same set is refused."""

    def __init__(self, message, *, job: CertificateJob | None = None):
        super().__init__(message)
        self.message = message
        self.job = job


def scope_key(*, kind: str, certificate_ids: Iterable[int]) -> str:
    """The same kind of job over the same certificates, in any order, has the same key."""
    ids = ",".join(str(pk) for pk in sorted(set(certificate_ids)))
    return hashlib.sha256(f"{kind}:{ids}".encode()).hexdigest()


def safe_ascii_name(name: str, *, limit: int = 60) -> str:
    """A file-name part safe on every OS: ASCII letters, digits and dashes only (accents dropped, other scripts
    left out); never empty, never a reserved device name, since callers prefix it with the serial."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^A-Za-z0-9]+", "-", ascii_name).strip("-")[:limit].strip("-")
    return cleaned or "certificate"


def zip_entry_name(certificate: Certificate) -> str:
    return f"{safe_ascii_name(certificate.serial)}_{safe_ascii_name(certificate.recipient_name_latin)}.pdf"


def certificate_job_create(
    *, kind: str, certificate_ids: Iterable[int], title: str, by: User | None, back_url: str = ""
) -> CertificateJob:
    """Record a queued job over the existing certificates among `certificate_ids`.

    Raises CertificateJobError when none exists, when there are too many, or when a job of the same kind for
    the same set is queued or running (a partial unique constraint decides, also under parallel requests).
    """
    if kind not in CertificateJob.Kind.values:
        raise CertificateJobError(_("Unknown kind of job."))
    ids = sorted(set(Certificate.objects.filter(pk__in=list(certificate_ids)).values_list("pk", flat=True)))
    if not ids:
        raise CertificateJobError(_("Choose at least one certificate."))
    if len(ids) > MAX_CERTIFICATES:
        raise CertificateJobError(
            _("A job takes at most %(limit)d certificates; split the selection.") % {"limit": MAX_CERTIFICATES}
        )
    key = scope_key(kind=kind, certificate_ids=ids)
    try:
        with transaction.atomic():
            job = CertificateJob.objects.create(
                kind=kind,
                title=(title or "").strip()[:200] or str(_("Certificates")),
                scope_key=key,
                total=len(ids),
                created_by=by,
                back_url=back_url[:300],
            )
            CertificateJobItem.objects.bulk_create(CertificateJobItem(job=job, certificate_id=pk) for pk in ids)
    except IntegrityError:
        running = CertificateJob.objects.filter(scope_key=key, status__in=CertificateJob.ACTIVE).first()
        raise CertificateJobError(
            _("A job for these certificates is already under way. Follow it below; start again when it ends."),
            job=running,
        ) from None
    return job


def _enqueue(job: CertificateJob) -> None:
    from .print_tasks import run_certificate_job

    # Enqueued inside the transaction: with the database backend the task row commits with the job row.
    run_certificate_job.enqueue(job_id=job.pk)


@transaction.atomic
def certificate_job_start(
    *, kind: str, certificate_ids: Iterable[int], title: str, by: User | None, back_url: str = ""
) -> CertificateJob:
    """Create the job (see certificate_job_create) and hand it to the task worker."""
    job = certificate_job_create(kind=kind, certificate_ids=certificate_ids, title=title, by=by, back_url=back_url)
    _enqueue(job)
    return job


@transaction.atomic
def certificate_job_retry(*, job: CertificateJob, by: User | None) -> CertificateJob:
    """Queue a failed job again. Printing starts over; delivery sends only what was not sent yet."""
    locked = CertificateJob.objects.select_for_update().get(pk=job.pk)
    if locked.status != CertificateJob.Status.FAILED:
        raise CertificateJobError(_("Only a failed job can be retried."))
    locked.status = CertificateJob.Status.QUEUED
    locked.error = ""
    locked.done = 0
    locked.finished_at = None
    locked.expires_at = None
    try:
        with transaction.atomic():
            locked.save()
    except IntegrityError:
        running = CertificateJob.objects.filter(scope_key=locked.scope_key, status__in=CertificateJob.ACTIVE).first()
        raise CertificateJobError(
            _("Another job for these certificates is under way; wait for it to end."), job=running
        ) from None
    _enqueue(locked)
    return locked


def _claim(job_id: int) -> CertificateJob | None:
    with transaction.atomic():
        job = CertificateJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != CertificateJob.Status.QUEUED:
            return None  # already taken by another worker, or gone
        job.status = CertificateJob.Status.RUNNING
        job.started_at = timezone.now()
        job.attempts += 1
        job.save(update_fields=["status", "started_at", "attempts", "updated_at"])
    return job


def _progress(job: CertificateJob, done: int) -> None:
    job.done = min(done, job.total)
    job.save(update_fields=["done", "updated_at"])


def _finish(job: CertificateJob, *, status: str, error: str = "", now=None) -> None:
    now = now or timezone.now()
    job.status = status
    job.error = error[:4000]
    job.finished_at = now
    job.expires_at = now + timedelta(days=result_days())
    if status == CertificateJob.Status.DONE:
        job.done = job.total
    job.save()


def certificate_job_run(*, job_id: int) -> CertificateJob | None:
    """Run a queued job to its end (called by the task). Never raises for a failing certificate: the job is
    marked failed with the reason, and can be retried."""
    job = _claim(job_id)
    if job is None:
        return None
    try:
        if job.kind == CertificateJob.Kind.PRINT:
            _run_print(job)
        else:
            _run_delivery(job)
    except _JobFailed as failure:
        _finish(job, status=CertificateJob.Status.FAILED, error=str(failure))
    except Exception as exc:  # the organiser sees the reason; the log keeps the traceback
        logger.exception("Certificate job %s failed", job.pk)
        _finish(job, status=CertificateJob.Status.FAILED, error=f"{type(exc).__name__}: {exc}")
    return job


class _JobFailed(Exception):
    pass


def _job_certificates(job: CertificateJob) -> QuerySet[Certificate]:
    return (
        Certificate.objects.filter(job_items__job=job)
        .select_related("template_version__template")
        .order_by("serial", "pk")
    )


def _chunks(queryset: QuerySet[Certificate], size: int):
    """Chunks of certificates, fetched by key ranges (one query per chunk, memory bounded by the chunk)."""
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), size):
        part = ids[start : start + size]
        by_pk = {certificate.pk: certificate for certificate in queryset.filter(pk__in=part)}
        yield [by_pk[pk] for pk in part if pk in by_pk]


def _run_print(job: CertificateJob) -> None:
    from .pdf import render_certificates

    _progress(job, 0)
    done = 0
    with tempfile.TemporaryDirectory(prefix=f"certificate-job-{job.pk}-") as workdir:
        folder = Path(workdir)
        chunk_files: list[Path] = []
        zip_path = folder / "certificates.zip"
        with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_STORED) as archive:
            for index, chunk in enumerate(_chunks(_job_certificates(job), chunk_size())):
                page_counts: list[int] = []
                try:
                    merged = render_certificates(chunk, page_counts=page_counts)
                except Exception as exc:
                    logger.exception("Rendering certificates of job %s failed", job.pk)
                    serials = ", ".join(certificate.serial for certificate in chunk[:3])
                    raise _JobFailed(
                        _("Rendering failed near %(serials)s: %(error)s")
                        % {"serials": serials, "error": f"{type(exc).__name__}: {exc}"}
                    ) from exc
                chunk_path = folder / f"chunk-{index:05d}.pdf"
                chunk_path.write_bytes(merged)
                chunk_files.append(chunk_path)
                _split_into(archive, merged, chunk, page_counts)
                del merged
                done += len(chunk)
                _progress(job, done)
        pdf_path = folder / "certificates.pdf"
        _merge(chunk_files, pdf_path)
        token = get_random_string(12)
        with pdf_path.open("rb") as handle:
            job.pdf_file.save(f"{job.pk}-{token}.pdf", File(handle), save=False)
        with zip_path.open("rb") as handle:
            job.zip_file.save(f"{job.pk}-{token}.zip", File(handle), save=False)
    _finish(job, status=CertificateJob.Status.DONE)


def _split_into(archive: zipfile.ZipFile, merged: bytes, chunk: list[Certificate], page_counts: list[int]) -> None:
    """One PDF per certificate into the ZIP, cut from the chunk's merged PDF (no second render)."""
    reader = PdfReader(BytesIO(merged))
    page = 0
    for certificate, count in zip(chunk, page_counts, strict=True):
        writer = PdfWriter()
        for number in range(page, page + count):
            writer.add_page(reader.pages[number])
        page += count
        buffer = BytesIO()
        writer.write(buffer)
        archive.writestr(zip_entry_name(certificate), buffer.getvalue())


def _merge(chunk_files: list[Path], target: Path) -> None:
    writer = PdfWriter()
    for path in chunk_files:
        writer.append(str(path))
    with target.open("wb") as handle:
        writer.write(handle)


def _delivery_message(certificate: Certificate, pdf: bytes) -> EmailMessage:
    from people.emails import absolute_url

    language = certificate.language if certificate.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    context = {
        "certificate": certificate,
        "name": certificate.display_name,
        "subject": certificate.subject(language),
        "verify_url": absolute_url(certificate.verification_path()),
        "site_url": settings.SITE_URL,
    }
    with translation.override(language):
        subject = " ".join(render_to_string("certificates/email/delivery_subject.txt", context).split())
        body = render_to_string("certificates/email/delivery_message.txt", context)
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[certificate.recipient_email],
        headers={"Content-Language": language},
    )
    message.attach(f"{zip_entry_name(certificate)}", pdf, "application/pdf")
    return message


def _run_delivery(job: CertificateJob) -> None:
    """E-mail each certificate to its recipient, recording sent or failed per recipient. Items already sent
    (a retried job) are skipped. The job fails when any e-mail failed, so the organiser can retry those."""
    from .services import certificate_pdf

    items = list(job.items.select_related("certificate__template_version__template").order_by("certificate__serial"))
    done = sum(1 for item in items if item.delivery == CertificateJobItem.Delivery.SENT)
    _progress(job, done)
    failed = 0
    pending = [item for item in items if item.delivery != CertificateJobItem.Delivery.SENT]
    for start in range(0, len(pending), chunk_size()):
        for item in pending[start : start + chunk_size()]:
            certificate = item.certificate
            item.email = certificate.recipient_email
            item.error = ""
            if not certificate.recipient_email:
                item.delivery, item.error = CertificateJobItem.Delivery.FAILED, str(_("No e-mail address."))
            elif not certificate.is_valid:
                item.delivery, item.error = CertificateJobItem.Delivery.FAILED, str(_("The certificate is revoked."))
            else:
                try:
                    _delivery_message(certificate, certificate_pdf(certificate)).send()
                except Exception as exc:  # SMTP refusals and rendering errors: reported per recipient
                    logger.warning("Delivering certificate %s failed: %s", certificate.serial, exc)
                    item.delivery, item.error = CertificateJobItem.Delivery.FAILED, f"{type(exc).__name__}: {exc}"[:500]
                else:
                    item.delivery, item.sent_at = CertificateJobItem.Delivery.SENT, timezone.now()
            if item.delivery == CertificateJobItem.Delivery.FAILED:
                failed += 1
            item.save(update_fields=["delivery", "email", "error", "sent_at"])
            done += 1
        _progress(job, done)
    if failed:
        raise _JobFailed(
            _("%(failed)d of %(total)d e-mails could not be sent; see the report below.")
            % {"failed": failed, "total": job.total}
        )
    _finish(job, status=CertificateJob.Status.DONE)


def certificate_jobs_clean(*, now=None) -> tuple[int, int]:
    """Remove result files past `expires_at`; mark running jobs whose row stopped moving as failed.

    Returns (jobs whose results were removed, stale jobs failed). Idempotent.
    """
    now = now or timezone.now()
    stale_after = timedelta(minutes=int(getattr(settings, "CERTIFICATES_PRINT_STALE_MINUTES", 30)))
    stale = 0
    # Only running jobs: a queued one waits its turn behind other tasks, and its task row was committed with it.
    for job in CertificateJob.objects.filter(status=CertificateJob.Status.RUNNING, updated_at__lt=now - stale_after):
        _finish(job, status=CertificateJob.Status.FAILED, error=str(_("The job stopped without finishing.")), now=now)
        stale += 1
    purged = 0
    for job in CertificateJob.objects.filter(expires_at__lt=now, purged_at__isnull=True).exclude(
        status__in=CertificateJob.ACTIVE
    ):
        for field in (job.pdf_file, job.zip_file):
            if field:
                field.storage.delete(field.name)
        job.pdf_file = job.zip_file = ""
        job.purged_at = now
        job.save(update_fields=["pdf_file", "zip_file", "purged_at", "updated_at"])
        purged += 1
    return purged, stale
