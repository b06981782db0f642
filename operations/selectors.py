"""What happened to the site's e-mails, for the operator (`manage.py email_report`): delivered, waiting for another
try (when, which attempt, the server's last answer) and failed. Addresses are shown masked (a***@example.org)."""

import datetime
from dataclasses import dataclass

from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from config.log_redaction import scrub_text
from people.models import SentEmail
from people.tasks import DELIVERY_TASKS


def masked(address: str) -> str:
    """a***@example.org; what is not an address (a survey invitation's number) as it is."""
    if "@" not in address:
        return address
    local, _at, domain = address.rpartition("@")
    return f"{local[:1]}***@{domain}" if local else "***"


@dataclass(frozen=True)
class EmailState:
    to: str
    attempt: int
    at: datetime.datetime | None  # the next try of one waiting; when it failed
    error: str


@dataclass(frozen=True)
class EmailReport:
    delivered_last_day: int
    waiting: list[EmailState]
    failed: list[EmailState]


def _state(row: DBTaskResult, *, failed: bool) -> EmailState:
    kwargs = row.args_kwargs.get("kwargs", {})
    error = row.traceback.strip().splitlines()[-1] if failed and row.traceback.strip() else kwargs.get("last_error", "")
    return EmailState(
        to=", ".join(masked(address) for address in DELIVERY_TASKS[row.task_path](kwargs)),
        attempt=int(kwargs.get("attempt", 1)),
        at=row.finished_at if failed else row.run_after,
        error=scrub_text(error)[:300],  # a refusal names the address it refused
    )


def email_delivery_report(*, now: datetime.datetime | None = None, limit: int = 50) -> EmailReport:
    now = now or timezone.now()
    emails = DBTaskResult.objects.filter(task_path__in=list(DELIVERY_TASKS)).only(
        "task_path", "args_kwargs", "run_after", "finished_at", "traceback", "status"
    )
    waiting = emails.filter(status=TaskResultStatus.READY).order_by("run_after")[:limit]
    failed = emails.filter(status=TaskResultStatus.FAILED).order_by("-finished_at")[:limit]
    return EmailReport(
        delivered_last_day=SentEmail.objects.filter(sent_at__gte=now - datetime.timedelta(days=1)).count(),
        waiting=[_state(row, failed=False) for row in waiting],
        failed=[_state(row, failed=True) for row in failed],
    )
