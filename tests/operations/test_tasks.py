"""Tasks that outlive their worker (operations.tasks, operations.worker): the reaper's rules, a print job's task given
out again taking its job back, and e-mails the mail server cannot take now tried again later with the same
Message-ID, in a real worker's loop."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from certificates.jobs import DELIVER, PRINT
from documents.jobs import job_create, job_run, job_start, jobs_clean
from documents.models import PrintJob
from operations.models import TaskLease
from operations.tasks import lease_take, tasks_reap
from operations.worker import LeasedWorker
from people.emails import queue_message
from people.mail import Message
from people.models import User
from tests.documents.building_kind import NamesBuild
from tests.documents.conftest import documents_test_templates_found
from tests.documents.test_jobs import NamesMail
from tests.factories import CertificateFactory, UserFactory
from tests.operations import slow_mail

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _running(*, started_ago: int, workers=("w1",)) -> DBTaskResult:
    now = timezone.now()
    return DBTaskResult.objects.create(
        task_path="people.tasks.send_email",
        args_kwargs={"args": [], "kwargs": {}},
        status=TaskResultStatus.RUNNING,
        started_at=now - datetime.timedelta(seconds=started_ago),
        worker_ids=list(workers),
        backend_name="default",
        queue_name="default",
        run_after=now,
    )


@pytest.mark.django_db
def test_the_reaper_gives_back_the_tasks_of_dead_workers_only(settings):
    settings.TASKS_LEASE_SECONDS, settings.TASKS_MAX_ATTEMPTS = 60, 3
    now = timezone.now()
    alive = _running(started_ago=600)
    lease_take(alive.pk, worker_id="w1", now=now)  # renewed just now
    dead = _running(started_ago=600)
    lease_take(dead.pk, worker_id="w1", now=now - datetime.timedelta(seconds=61))
    without_lease_old = _running(started_ago=120)
    without_lease_new = _running(started_ago=5)
    given_out_too_often = _running(started_ago=600, workers=("w1", "w2", "w3"))

    assert tasks_reap(now=now) == (2, 1)
    statuses = {task.pk: task.status for task in DBTaskResult.objects.all()}
    assert statuses[alive.pk] == statuses[without_lease_new.pk] == TaskResultStatus.RUNNING
    assert statuses[dead.pk] == statuses[without_lease_old.pk] == TaskResultStatus.READY
    assert statuses[given_out_too_often.pk] == TaskResultStatus.FAILED
    assert "stopped 3 times" in DBTaskResult.objects.get(pk=given_out_too_often.pk).traceback
    requeued = DBTaskResult.objects.get(pk=dead.pk)
    assert requeued.started_at is None and requeued.worker_ids == ["w1"]  # the attempt is remembered
    assert set(TaskLease.objects.values_list("task_id", flat=True)) == {alive.pk}
    assert tasks_reap(now=now) == (0, 0)  # idempotent


@pytest.mark.django_db
def test_a_print_job_is_taken_back_by_its_own_task_only():
    certificates = CertificateFactory.create_batch(2)
    job = job_create(kind=PRINT, ids=[c.pk for c in certificates], title="T", by=None)
    # Its task claimed it, then the worker died: RUNNING, half done.
    PrintJob.objects.filter(pk=job.pk).update(status=PrintJob.Status.RUNNING, task_id="task-1", done=1, attempts=1)
    assert job_run(job_id=job.pk, task_id="task-2") is None  # another task finds it taken
    done = job_run(job_id=job.pk, task_id="task-1")  # the same task, given out again
    assert done.status == PrintJob.Status.DONE and done.attempts == 2 and done.done == 2
    assert job_run(job_id=job.pk, task_id="task-1") is None  # once done, never again


def _worker(worker_id="w1") -> LeasedWorker:
    """A worker that runs what is ready now and stops (batch mode), in this process."""
    return LeasedWorker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


def _emails() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path="people.tasks.send_email").order_by("enqueued_at"))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_email_refused_for_now_is_tried_again_later_with_the_same_message_id(settings):
    settings.EMAIL_RETRY_DELAYS = [60, 300, 900]
    slow_mail.FlakyBackend.failures, slow_mail.FlakyBackend.calls = 2, 0
    mail.outbox = []
    with override_settings(
        TASKS=DATABASE_TASKS, MAILERS={"default": {"BACKEND": "tests.operations.slow_mail.FlakyBackend"}}
    ):
        queue_message(Message(subject="Your badge", body="Show it at the door.", to=["sok@example.org"]), language="en")
        message_id = _emails()[0].args_kwargs["kwargs"]["message_id"]
        for attempt in range(1, 4):
            _worker().run()
            rows = _emails()
            assert len(rows) == min(attempt + 1, 3)
            waiting = [row for row in rows if row.status == TaskResultStatus.READY]
            if attempt < 3:
                (retry,) = waiting
                assert retry.args_kwargs["kwargs"]["attempt"] == attempt + 1
                assert "451" in retry.args_kwargs["kwargs"]["last_error"]
                assert retry.run_after > timezone.now() + datetime.timedelta(seconds=30)  # not before its delay
                out = io.StringIO()
                call_command("email_report", stdout=out)  # what the operator reads meanwhile
                assert f"Waiting for another try: 1\n  s***@example.org: attempt {attempt + 1}" in out.getvalue()
                assert "451" in out.getvalue() and "sok@" not in out.getvalue()
                DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())  # the delay has passed
    assert len(mail.outbox) == 1 and mail.outbox[0].extra_headers["Message-ID"] == message_id
    assert message_id.endswith("@forum.example.org>")
    results = [row.return_value for row in _emails()]
    assert results[0].startswith("retry scheduled") and results[-1] == "sent at attempt 3"
    assert all(row.status == TaskResultStatus.SUCCESSFUL for row in _emails())
    assert not TaskLease.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_email_refused_for_good_fails_at_once(settings):
    slow_mail.RefusingBackend.calls = 0
    with override_settings(
        TASKS=DATABASE_TASKS, MAILERS={"default": {"BACKEND": "tests.operations.slow_mail.RefusingBackend"}}
    ):
        queue_message(Message(subject="Your badge", body="Show it at the door.", to=["sok@example.org"]), language="en")
        _worker().run()
    (row,) = _emails()
    assert row.status == TaskResultStatus.FAILED and slow_mail.RefusingBackend.calls == 1
    assert "554" in row.traceback
    out = io.StringIO()
    call_command("email_report", stdout=out)
    assert "Failed: 1" in out.getvalue() and "s***@example.org: after attempt 1" in out.getvalue()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_delivery_the_server_refuses_for_now_is_tried_again_after_its_delay(settings):
    settings.EMAIL_RETRY_DELAYS = [3600, 300]
    certificates = CertificateFactory.create_batch(2)
    slow_mail.FlakyBackend.failures, slow_mail.FlakyBackend.calls = 2, 0  # both items of the first try refused
    mail.outbox = []
    with override_settings(
        TASKS=DATABASE_TASKS, MAILERS={"default": {"BACKEND": "tests.operations.slow_mail.FlakyBackend"}}
    ):
        job = job_start(kind=DELIVER, ids=[c.pk for c in certificates], title="Send", by=None)
        _worker().run()
        job.refresh_from_db()
        assert job.status == PrintJob.Status.QUEUED and job.retry_at > timezone.now() + datetime.timedelta(seconds=30)
        assert "2 of 2 e-mails could not be sent" in job.error
        assert all("451" in item.error and "attempt 1" in item.error for item in job.items.all())
        assert jobs_clean(now=timezone.now() + datetime.timedelta(minutes=31)) == (0, 0)  # waiting, not lost
        DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())
        _worker().run()
    job.refresh_from_db()
    assert (job.status, job.attempts, job.retry_at) == (PrintJob.Status.DONE, 2, None)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(c.recipient_email for c in certificates)
    ids = {message.extra_headers["Message-ID"] for message in mail.outbox}
    assert ids == {f"<job.{job.pk}.item.{item.pk}@forum.example.org>" for item in job.items.all()}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_job_whose_file_storage_is_unreachable_is_tried_again_later_and_then_done(settings):
    settings.EMAIL_RETRY_DELAYS = [3600]
    documents_test_templates_found(settings)  # the kind renders documents' test template
    user = UserFactory(given_name="Unreachable")  # tests.documents.building_kind raises S3's connection error
    with override_settings(TASKS=DATABASE_TASKS):
        job = job_start(kind=NamesBuild.name, ids=[user.pk], title="Names", by=None)
        _worker().run()
        job.refresh_from_db()
        assert job.status == PrintJob.Status.QUEUED and job.retry_at > timezone.now() + datetime.timedelta(minutes=30)
        assert job.error == "The file storage could not be reached; the job is tried again later."
        User.objects.filter(pk=user.pk).update(given_name="Reachable")  # the storage answers again
        DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())
        _worker().run()
    job.refresh_from_db()
    assert job.error == "" and (job.status, job.attempts, job.retry_at, job.has_results) == ("done", 2, None, True)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_delivery_whose_file_storage_is_unreachable_is_tried_again_later(settings):
    settings.EMAIL_RETRY_DELAYS = [3600]
    users = [UserFactory(given_name="Unreachable"), UserFactory(given_name="Unreachable")]
    with override_settings(TASKS=DATABASE_TASKS):
        job = job_start(kind=NamesMail.name, ids=[user.pk for user in users], title="Send", by=None)
        _worker().run()
    job.refresh_from_db()
    assert job.status == PrintJob.Status.QUEUED and job.retry_at > timezone.now() + datetime.timedelta(minutes=30)
    assert all("EndpointConnectionError" in item.error for item in job.items.all())
