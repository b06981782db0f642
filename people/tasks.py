"""E-mail delivery in the background, and forgetting what the queue kept of it.

A queued e-mail is a row of django_tasks_db's table whose arguments are the rendered message, personal links
included (a guardian's consent link, an invitation, a survey link): `prune_delivered_emails` deletes the rows of
delivered e-mails at each periodic run, and those of failed ones after EMAIL_FAILED_KEEP_DAYS; the admin shows
the queue without arguments (people/admin.py).
"""

import datetime

from django.conf import settings
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .mail import Message
from .models import SentEmail


@task()
def send_email(
    *,
    subject: str,
    body: str,
    to: list[str],
    from_email: str | None = None,
    html: str | None = None,
    language: str = "",
) -> None:
    """Deliver one already-rendered e-mail (rendering happens in the sender's request, in the recipient's language;
    only the slow, failure-prone SMTP delivery runs in the worker). Without an HTML part of its own, one is made
    from the text."""
    message = Message(
        subject=subject, body=body, from_email=from_email, to=to, language=language, text_as_html=not html
    )
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


def delivered_emails_prune(*, now: datetime.datetime | None = None) -> int:
    """Delete the queue's rows of e-mails delivered, and of those failed more than EMAIL_FAILED_KEEP_DAYS ago
    (kept that long to find out why); returns how many went. Rows waiting or running stay. The note of what was
    sent to whom (people.models.SentEmail) goes after SENT_EMAIL_KEEP_DAYS."""
    now = now or timezone.now()
    emails = DBTaskResult.objects.filter(task_path=send_email.module_path)
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
