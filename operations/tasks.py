"""Tasks that outlive their worker: leases on running tasks, and the reaper that puts a dead worker's task back.

django_tasks_db marks a task RUNNING when a worker claims it and never looks at it again: a worker killed in the
middle (SIGKILL, an out-of-memory kill, its machine gone) leaves it RUNNING for ever, and the print job or the
e-mail it carried never ends. So the site's worker (operations.worker) holds a lease on the task it runs and
renews it while the task runs; the reaper finds leases that were not renewed in time and makes their tasks READY
again, for any worker. Delivery is therefore at least once: every task is written to be run again (a print job
starts over, a delivery sends what was not sent, an e-mail goes out again with the same Message-ID).
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .models import TaskLease


def lease_take(task_id, *, worker_id: str, now: datetime.datetime | None = None) -> None:
    """The worker `worker_id` runs the task: its lease for TASKS_LEASE_SECONDS from now."""
    expires_at = (now or timezone.now()) + datetime.timedelta(seconds=settings.TASKS_LEASE_SECONDS)
    TaskLease.objects.update_or_create(task_id=task_id, defaults={"worker_id": worker_id, "expires_at": expires_at})


def lease_renew(task_id, *, worker_id: str, now: datetime.datetime | None = None) -> bool:
    """Renew the worker's lease; False when it is no longer the worker's (reaped: another worker may run it)."""
    expires_at = (now or timezone.now()) + datetime.timedelta(seconds=settings.TASKS_LEASE_SECONDS)
    return bool(TaskLease.objects.filter(task_id=task_id, worker_id=worker_id).update(expires_at=expires_at))


def lease_release(task_id) -> None:
    TaskLease.objects.filter(task_id=task_id).delete()


def _lost(now: datetime.datetime):
    """RUNNING tasks whose worker is gone: the lease expired, or there is none and the task started longer ago
    than a lease lasts (a worker killed between its claim and its lease, or a plain db_worker)."""
    started_before = now - datetime.timedelta(seconds=settings.TASKS_LEASE_SECONDS)
    return DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).filter(
        Q(lease__expires_at__lt=now) | Q(lease__isnull=True, started_at__lt=started_before)
    )


def tasks_reap(*, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Put the tasks of dead workers back in the queue, or fail those given out TASKS_MAX_ATTEMPTS times already
    (each claim adds the worker to `worker_ids`). Rows are locked with SKIP LOCKED: two reapers (every worker runs
    one) never both act on a task. Returns (requeued, failed); idempotent."""
    now = now or timezone.now()
    requeued = failed = 0
    with transaction.atomic():
        for task in _lost(now).select_for_update(skip_locked=True, of=("self",)):
            lease_release(task.pk)
            if len(task.worker_ids) >= settings.TASKS_MAX_ATTEMPTS:
                task.status = TaskResultStatus.FAILED
                task.finished_at = now
                task.exception_class_path = "operations.tasks.WorkerLost"
                task.traceback = (
                    f"The worker running this task stopped {len(task.worker_ids)} times "
                    f"(workers {', '.join(task.worker_ids)}); it is not given out again."
                )
                task.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
                failed += 1
            else:
                task.status = TaskResultStatus.READY
                task.started_at = None
                task.save(update_fields=["status", "started_at"])
                requeued += 1
    return requeued, failed


class WorkerLost(Exception):
    """The exception class path a reaped task is failed with."""


def reap_lost_tasks() -> str:
    """settings.PERIODIC_JOBS: tasks_reap, for a site whose workers all died (each worker runs it too)."""
    requeued, failed = tasks_reap()
    said = {
        f"{requeued} task(s) of stopped workers queued again": requeued,
        f"{failed} task(s) failed after {settings.TASKS_MAX_ATTEMPTS} attempts": failed,
    }
    return ", ".join(text for text, count in said.items() if count)
