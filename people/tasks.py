"""E-mail delivery in the background, and forgetting what the queue kept of it.

A queued e-mail is a row of django_tasks_db's table whose arguments are the rendered message, personal links
included (a guardian's consent link, an invitation, a survey link): `prune_delivered_emails` deletes the rows of
delivered e-mails at each periodic run, and those of failed ones after EMAIL_FAILED_KEEP_DAYS; the admin shows
the queue without arguments (people/admin.py).
"""

import datetime
import logging
import smtplib
from collections.abc import Callable

from django.conf import settings
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .mail import Message
from .models import SentEmail

logger = logging.getLogger(__name__)

# The tasks that deliver e-mails, by module path (send_email below; surveys' invitations and reminders), each with
# who a queued row's e-mail goes to, read from its arguments: what the operator's report lists
# (operations.selectors.email_delivery_report) and what delivered_emails_prune removes once delivered.
DELIVERY_TASKS: dict[str, Callable[[dict], list[str]]] = {}


def delivery_task(recipients: Callable[[dict], list[str]]):
    """Register a task (below its @task()) as one that delivers e-mails; `recipients(kwargs)` names whom to."""

    def register(delivering):
        DELIVERY_TASKS[delivering.module_path] = recipients
        return delivering

    return register


def is_transient(error: Exception) -> bool:
    """Whether the mail server may take the message later: it could not be reached or timed out, dropped the
    connection, or answered 4xx ("try again later"). A 5xx answer (recipient unknown, message refused) is final."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _text in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return isinstance(error, smtplib.SMTPServerDisconnected | OSError | TimeoutError)


def delivery_retry(task, error: Exception, *, attempt: int, arguments: dict, message_id: str) -> str | None:
    """A delivery task's answer to `error` at its `attempt`: when the mail server cannot take the message now
    (is_transient) and settings.EMAIL_RETRY_DELAYS has a delay left, `task` is queued again after it with the same
    `arguments` (all its own but the attempt; the message keeps `message_id`), as attempt `attempt + 1` with the
    error, and what its row then says is returned ("retry scheduled for ..."). None when the refusal is final, the
    delays are spent, or the backend cannot wait: the caller raises, and its task fails with the server's answer."""
    delays = settings.EMAIL_RETRY_DELAYS
    if not is_transient(error) or attempt > len(delays) or not task.get_backend().supports_defer:
        return None
    error_text = f"{type(error).__name__}: {error}"[:500]
    run_after = timezone.now() + datetime.timedelta(seconds=delays[attempt - 1])
    task.using(run_after=run_after).enqueue(**arguments, attempt=attempt + 1, last_error=error_text)
    # The id's own part only: the log scrubs whatever looks like an address (config.log_redaction), and a
    # Message-ID does.
    local_id = message_id.strip("<>").partition("@")[0]
    logger.warning("E-mail %s not taken (attempt %d), tried again at %s", local_id, attempt, run_after)
    return f"retry scheduled for {run_after.isoformat()}: {error_text}"


def delivered(attempt: int) -> str:
    """What a delivery task's row says once the server took the message."""
    return "sent" if attempt == 1 else f"sent at attempt {attempt}"


@delivery_task(lambda kwargs: list(kwargs.get("to", [])))
@task()
def send_email(
    *,
    subject: str,
    body: str,
    to: list[str],
    from_email: str | None = None,
    html: str | None = None,
    language: str = "",
    message_id: str = "",
    attempt: int = 1,
    last_error: str = "",
) -> str:
    """Deliver one already-rendered e-mail (rendering happens in the sender's request, in the recipient's language;
    only the slow, failure-prone SMTP delivery runs in the worker). Without an HTML part of its own, one is made
    from the text.

    `message_id` is fixed when the e-mail is queued: a task run again (its worker died after the server took the
    message) sends the same Message-ID, so a mail program can tell the copy. When the server cannot take it now
    (is_transient), the e-mail is queued again after the next of settings.EMAIL_RETRY_DELAYS, as attempt
    `attempt + 1` with the error; this row then ends as "retry scheduled". After the last delay, or on a final
    refusal, the task fails with the server's answer."""
    message = Message(
        subject=subject, body=body, from_email=from_email, to=to, language=language, text_as_html=not html
    )
    if message_id:
        message.extra_headers["Message-ID"] = message_id
    if html:
        message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception as error:
        arguments = {"subject": subject, "body": body, "to": to, "from_email": from_email, "html": html}
        arguments |= {"language": language, "message_id": message_id}
        retried = delivery_retry(send_email, error, attempt=attempt, arguments=arguments, message_id=message_id)
        if retried is None:
            raise
        return retried
    return delivered(attempt)


def delivered_emails_prune(*, now: datetime.datetime | None = None) -> int:
    """Delete the queue's rows of e-mails delivered, and of those failed more than EMAIL_FAILED_KEEP_DAYS ago
    (kept that long to find out why); returns how many went. Rows waiting or running stay. The note of what was
    sent to whom (people.models.SentEmail) goes after SENT_EMAIL_KEEP_DAYS."""
    now = now or timezone.now()
    emails = DBTaskResult.objects.filter(task_path__in=list(DELIVERY_TASKS))
    delivered = emails.filter(status=TaskResultStatus.SUCCESSFUL)
    failed = emails.filter(
        status=TaskResultStatus.FAILED,
        finished_at__lt=now - datetime.timedelta(days=settings.EMAIL_FAILED_KEEP_DAYS),
    )
    forgotten = SentEmail.objects.filter(sent_at__lt=now - datetime.timedelta(days=settings.SENT_EMAIL_KEEP_DAYS))
    forgotten.delete()
    return delivered.delete()[0] + failed.delete()[0]


def prune_delivered_emails() -> str:
    """settings.PERIODIC_JOBS: delivered_emails_prune."""
    pruned = delivered_emails_prune()
    return f"{pruned} delivered e-mail(s) removed from the queue" if pruned else ""
