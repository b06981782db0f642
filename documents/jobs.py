"""Batch jobs: start, refuse a second job for the same selection, run in the task worker, retry, clean up.

A job names its kind (documents.kinds) and its items' ids. Running it prints them (documents.printing: one
merged PDF and a ZIP, progress after each chunk), delivers them (documents.delivery: a report per recipient) or
builds its one item's files (documents.building: a report's PDF and XLSX, progress after each step). Results live
in private storage for the kind's `result_days` (settings.DOCUMENTS_JOBS_RESULT_DAYS), or, for a kind that keeps
them (None), until the next job over the same item succeeds. The task that runs a job sits here, beside the
service that enqueues it after the commit.
"""

import hashlib
import logging
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from people.models import User

from . import kinds
from .building import job_build
from .delivery import job_deliver
from .errors import JobError, JobFailed, JobTryLater
from .models import PrintJob, PrintJobItem
from .printing import job_print
from .storage_errors import storage_down

logger = logging.getLogger(__name__)

MAX_ITEMS = 5000  # a whole forum edition fits; a mistaken "everything" does not tie up the worker for hours


def scope_key(*, kind: str, ids: Iterable[int]) -> str:
    """The same kind of job over the same items, in any order, has the same key."""
    joined = ",".join(str(pk) for pk in sorted(set(ids)))
    return hashlib.sha256(f"{kind}:{joined}".encode()).hexdigest()


def _under_way(key: str, message) -> JobError:
    return JobError(message, job=PrintJob.objects.filter(scope_key=key, status__in=PrintJob.ACTIVE).first())


def job_titles(title: str | Mapping[str, str], *, kind: kinds.JobKind) -> dict[str, str]:
    """A job's title in each of settings.LANGUAGES: `title` is one text for every language or {language: text}. A
    language without one shows the English one (people.i18n.localized); a job without any is named by its kind."""
    given = title if isinstance(title, Mapping) else {"en": title}
    titles = {code: " ".join(str(given.get(code) or "").split())[:200] for code, _name in settings.LANGUAGES}
    if not any(titles.values()):
        for code in titles:
            with translation.override(code):
                titles[code] = str(kind.label)
    titles["en"] = titles["en"] or next((text for text in titles.values() if text), "")
    return titles


def job_create(
    *, kind: str, ids: Iterable[int], title: str | Mapping[str, str], by: User | None, back_url: str = ""
) -> PrintJob:
    """Record a queued job of `kind` over the existing items among `ids`, in the kind's order, titled in each
    language (job_titles).

    Raises JobError for an unknown kind, when no item exists, when there are too many, or when a job of the same
    kind for the same selection is queued or running (a partial unique constraint decides, also under parallel
    requests; the error then carries that job).
    """
    job_kind = kinds.get(kind)
    if job_kind is None:
        raise JobError(_("Unknown kind of job."))
    item_ids = list(job_kind.items(list(ids)).values_list("pk", flat=True))
    if not item_ids:
        raise JobError(job_kind.nothing_chosen)
    if len(item_ids) > MAX_ITEMS:
        raise JobError(_("A job takes at most %(limit)d items; split the selection.") % {"limit": MAX_ITEMS})
    if isinstance(job_kind, kinds.BuildKind) and len(item_ids) != 1:
        raise JobError(_("A job of this kind builds one item at a time."))
    key = scope_key(kind=kind, ids=item_ids)
    try:
        with transaction.atomic():
            job = PrintJob.objects.create(
                kind=kind,
                **{f"title_{code}": text for code, text in job_titles(title, kind=job_kind).items()},
                scope_key=key,
                total=len(item_ids),
                created_by=by,
                back_url=back_url[:300],
            )
            PrintJobItem.objects.bulk_create(PrintJobItem(job=job, item_id=pk) for pk in item_ids)
    except IntegrityError:
        raise _under_way(
            key, _("A job for this selection is already under way. Follow it below; start again when it ends.")
        ) from None
    return job


def _enqueue(job: PrintJob) -> None:
    # After the commit: the worker must find the job's row, and a job rolled back is never run.
    transaction.on_commit(lambda: run_job.enqueue(job_id=job.pk))


@transaction.atomic
def job_start(
    *, kind: str, ids: Iterable[int], title: str | Mapping[str, str], by: User | None, back_url: str = ""
) -> PrintJob:
    """Create the job (see job_create) and hand it to the task worker once the transaction commits."""
    job = job_create(kind=kind, ids=ids, title=title, by=by, back_url=back_url)
    _enqueue(job)
    return job


@transaction.atomic
def job_retry(*, job: PrintJob) -> PrintJob:
    """Queue a failed job again. Printing starts over; delivery sends only what was not sent yet."""
    locked = PrintJob.objects.select_for_update().get(pk=job.pk)
    if not locked.can_be_retried:
        raise JobError(_("Only a failed job can be retried."))
    locked.status = PrintJob.Status.QUEUED
    locked.error = ""
    locked.done = 0
    locked.finished_at = None
    locked.expires_at = None
    try:
        with transaction.atomic():
            locked.save()
    except IntegrityError:
        raise _under_way(
            locked.scope_key, _("Another job for this selection is under way; wait for it to end.")
        ) from None
    _enqueue(locked)
    return locked


def _claim(job_id: int, task_id: str) -> PrintJob | None:
    """The job, now RUNNING for the task `task_id`; None when another task holds it, it ended or it is gone. The task
    that ran it before its worker died (operations.tasks gives it out again) takes it back and starts over."""
    with transaction.atomic():
        job = PrintJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            return None
        taken_back = bool(task_id) and job.status == PrintJob.Status.RUNNING and job.task_id == task_id
        if job.status != PrintJob.Status.QUEUED and not taken_back:
            return None  # already taken by another worker, failed as lost, or gone
        job.status = PrintJob.Status.RUNNING
        job.started_at = timezone.now()
        job.attempts += 1
        job.task_id, job.retry_at = task_id, None
        job.save(update_fields=["status", "started_at", "attempts", "task_id", "retry_at", "updated_at"])
    return job


def _finish(job: PrintJob, *, failure: str = "", now: datetime | None = None) -> None:
    now = now or timezone.now()
    job.status = PrintJob.Status.FAILED if failure else PrintJob.Status.DONE
    job.error = failure[:4000]
    job.finished_at = now
    job_kind = kinds.get(job.kind)
    days = job_kind.result_days if job_kind else settings.DOCUMENTS_JOBS_RESULT_DAYS
    job.expires_at = None if days is None else now + timedelta(days=days)
    if not failure:
        job.done = job.total
    job.save()


def job_run(*, job_id: int, task_id: str = "") -> PrintJob | None:
    """Run a queued job to its end (the task `task_id` calls this); None when another worker took it or it is gone.

    Never raises for a failing item: the job is marked failed with the reason, and can be retried.
    """
    job = _claim(job_id, task_id)
    if job is None:
        return None

    def progress(done: int) -> None:
        job.done = min(done, job.total)
        job.save(update_fields=["done", "updated_at"])

    work = {"chunk_size": settings.DOCUMENTS_JOBS_CHUNK_SIZE, "progress": progress}
    job_kind = kinds.get(job.kind)
    try:
        if isinstance(job_kind, kinds.PrintKind):
            progress(0)
            job_print(job, job_kind, **work)
        elif isinstance(job_kind, kinds.DeliveryKind):
            job_deliver(job, job_kind, **work)
        elif isinstance(job_kind, kinds.BuildKind):
            job_build(job, job_kind, progress=progress)
        else:
            raise JobFailed(_("Unknown kind of job."))
    except JobTryLater as failure:
        if not _try_later(job, reason=str(failure.message)):
            _finish(job, failure=str(failure.message))
    except JobFailed as failure:
        _finish(job, failure=str(failure.message))
    except Exception as exc:  # the organiser sees the reason; the log keeps the traceback
        if not storage_down(exc):
            logger.exception("Job %s failed", job.pk)
            _finish(job, failure=f"{type(exc).__name__}: {exc}")
        else:  # S3 unreachable or failing for now: tried again later, as a mail server's "not now" is
            logger.warning("Job %s: the file storage is unavailable (%s)", job.pk, type(exc).__name__)
            reason = str(_("The file storage could not be reached; the job is tried again later."))
            if not _try_later(job, reason=reason):
                _finish(job, failure=str(_("The file storage could not be reached. Retry the job later.")))
    else:
        _finish(job)
        if isinstance(job_kind, kinds.BuildKind):
            _supersede(job)
    return job


def _try_later(job: PrintJob, *, reason: str) -> bool:
    """Queue the job again after the next of settings.EMAIL_RETRY_DELAYS (its attempts so far pick which); False
    when they are spent, or when the task backend cannot wait (the job then fails, and can be retried by hand)."""
    delays = settings.EMAIL_RETRY_DELAYS
    if job.attempts > len(delays) or not run_job.get_backend().supports_defer:
        return False
    run_after = timezone.now() + timedelta(seconds=delays[job.attempts - 1])
    job.status, job.error, job.task_id, job.retry_at = PrintJob.Status.QUEUED, reason[:4000], "", run_after
    job.save(update_fields=["status", "error", "task_id", "retry_at", "updated_at"])
    transaction.on_commit(lambda: run_job.using(run_after=run_after).enqueue(job_id=job.pk))
    return True


def _remove_results(job: PrintJob, *, now: datetime) -> None:
    for part in PrintJob.PARTS:
        field = job.result_file(part)
        if field:
            field.storage.delete(field.name)
        setattr(job, f"{part}_file", "")
    job.purged_at = now
    job.save(update_fields=[*(f"{part}_file" for part in PrintJob.PARTS), "purged_at", "updated_at"])


def _supersede(job: PrintJob) -> None:
    """A build's success removes the files of the earlier builds of the same item (the same kind and scope): they
    stay downloadable while it runs, and until it is done."""
    earlier = PrintJob.objects.filter(kind=job.kind, scope_key=job.scope_key, purged_at__isnull=True)
    for old in earlier.exclude(pk=job.pk).exclude(status__in=PrintJob.ACTIVE):
        _remove_results(old, now=job.finished_at)


def jobs_clean(*, now: datetime | None = None) -> tuple[int, int]:
    """Remove result files past `expires_at` (a kind that keeps its results sets none); fail active jobs whose row
    stopped moving.

    A running job moves with every chunk, so one that stood still for settings.DOCUMENTS_JOBS_STALE_MINUTES lost
    its worker; a queued one that waited as long lost its task (the enqueue after the commit did not happen).
    Either can then be retried. Returns (jobs whose results were removed, lost jobs failed). Idempotent.
    """
    now = now or timezone.now()
    lost_before = now - timedelta(minutes=settings.DOCUMENTS_JOBS_STALE_MINUTES)
    stale = 0
    waiting_to_retry = Q(status=PrintJob.Status.QUEUED, retry_at__gte=lost_before)
    for job in PrintJob.objects.filter(status__in=PrintJob.ACTIVE, updated_at__lt=lost_before).exclude(
        waiting_to_retry
    ):
        _finish(job, failure=str(_("The job stopped without finishing.")), now=now)
        stale += 1
    purged = 0
    expired = PrintJob.objects.filter(expires_at__lt=now, purged_at__isnull=True).exclude(status__in=PrintJob.ACTIVE)
    for job in expired:
        _remove_results(job, now=now)
        purged += 1
    return purged, stale


@task(takes_context=True)
def run_job(context, *, job_id: int) -> str:
    """Run one queued print, delivery or building job; a job already taken or gone is left alone."""
    job = job_run(job_id=job_id, task_id=str(context.task_result.id))
    return job.status if job else "skipped"


def clean_jobs() -> str:
    """settings.PERIODIC_JOBS: remove results past DOCUMENTS_JOBS_RESULT_DAYS, fail lost jobs."""
    purged, stale = jobs_clean()
    parts = []
    if purged:
        parts.append(f"{purged} job result(s) removed")
    if stale:
        parts.append(f"{stale} stale job(s) failed")
    return ", ".join(parts)
