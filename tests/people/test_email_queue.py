"""What the task queue keeps of e-mails: their rendered text carries personal links (a guardian's consent link, an
invitation, a survey link), so delivered ones are forgotten at each periodic run, failed ones after
EMAIL_FAILED_KEEP_DAYS, and the admin shows the queue without the tasks' arguments."""

import datetime

import pytest
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from operations.selectors import email_delivery_report
from people.tasks import delivered_emails_prune, send_email
from surveys.tasks import send_survey_email

pytestmark = pytest.mark.django_db

LINK = "https://forum.example.org/en/forum/atf-2027/consent/guardian-secret-token/"


def _row(status, *, task_path=None, finished_days_ago=0):
    now = timezone.now()
    return DBTaskResult.objects.create(
        task_path=task_path or send_email.module_path,
        args_kwargs={"args": [], "kwargs": {"subject": "Consent", "body": f"Open {LINK}", "to": ["mum@example.org"]}},
        status=status,
        backend_name="default",
        queue_name="default",
        run_after=now,
        finished_at=None if status == TaskResultStatus.READY else now - datetime.timedelta(days=finished_days_ago),
    )


def test_delivered_emails_and_old_failures_leave_the_queue(settings):
    settings.EMAIL_FAILED_KEEP_DAYS = 7
    delivered = _row(TaskResultStatus.SUCCESSFUL)
    failed_recently = _row(TaskResultStatus.FAILED, finished_days_ago=2)
    failed_long_ago = _row(TaskResultStatus.FAILED, finished_days_ago=8)
    waiting = _row(TaskResultStatus.READY)
    other_task = _row(TaskResultStatus.SUCCESSFUL, task_path="documents.jobs.run_job")

    assert delivered_emails_prune() == 2

    kept = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert kept == {failed_recently.pk, waiting.pk, other_task.pk}
    assert delivered.pk not in kept and failed_long_ago.pk not in kept
    assert delivered_emails_prune() == 0  # idempotent


def test_the_admin_shows_the_queue_without_the_tasks_arguments(organiser_client, settings):
    # The admin reads each row's task through the database backend, as in production (tests run tasks at once).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    row = _row(TaskResultStatus.FAILED)
    changelist = organiser_client.get(reverse("admin:django_tasks_database_dbtaskresult_changelist"))
    assert changelist.status_code == 200
    page = organiser_client.get(reverse("admin:django_tasks_database_dbtaskresult_change", args=[row.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "send_email" in text  # the task is named...
    assert "guardian-secret-token" not in text and "mum@example.org" not in text  # ...its text is not shown


def test_survey_emails_are_pruned_and_reported_like_every_other_email():
    # Their rows hold the invitation's number, not an address: the report names the invitation.
    survey = send_survey_email.module_path
    delivered = _row(TaskResultStatus.SUCCESSFUL, task_path=survey)
    waiting = _row(TaskResultStatus.READY, task_path=survey)
    waiting.args_kwargs = {"args": [], "kwargs": {"invitation_id": 12, "template": "reminder", "attempt": 2}}
    waiting.save()
    _row(TaskResultStatus.READY)  # an ordinary e-mail waiting

    assert delivered_emails_prune() == 1
    assert not DBTaskResult.objects.filter(pk=delivered.pk).exists()
    report = email_delivery_report()
    assert sorted((state.to, state.attempt) for state in report.waiting) == [
        ("m***@example.org", 1),
        ("survey invitation 12", 2),
    ]


def test_the_email_report_shows_the_servers_answer_without_the_address_it_refused():
    row = _row(TaskResultStatus.FAILED)
    row.traceback = "Traceback ...\nSMTPRecipientsRefused: {'mum@example.org': (550, b'5.1.1 no such user')}"
    row.save()

    (failed,) = email_delivery_report().failed
    assert failed.to == "m***@example.org"
    assert "mum@" not in failed.error and failed.error.startswith("SMTPRecipientsRefused: {'[email]': (550")
