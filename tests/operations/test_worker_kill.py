"""A task worker killed for real (SIGKILL) in the middle of a print job and of an e-mail batch: the reaper of the
other worker gives the task back once its lease has run out, the job ends once, and every e-mail goes out at least
once, a copy with the same Message-ID as its first sending."""

import contextlib
import email
import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.tasks import TaskResultStatus
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from certificates.jobs import PRINT
from certificates.models import Certificate
from documents.jobs import job_start
from documents.models import PrintJob
from people.emails import queue_message
from people.mail import Message
from tests.factories import CertificateFactory
from tests.operations.test_tasks import DATABASE_TASKS
from tests.production.servers import wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.production, pytest.mark.django_db(transaction=True)]

ROOT = Path(settings.BASE_DIR)
LEASE_SECONDS = 3


def _worker(worker_id: str, mail_dir: Path, log) -> subprocess.Popen:
    database = settings.DATABASES["default"]
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DATABASE_URL=(
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/"
            f"{database['NAME']}"
        ),
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        TASKS_LEASE_SECONDS=str(LEASE_SECONDS),
        TASKS_HEARTBEAT_SECONDS="0.5",
        TASKS_REAP_EVERY_SECONDS="0.5",
        DOCUMENTS_JOBS_CHUNK_SIZE="2",
        EMAIL_BACKEND="tests.operations.slow_mail.SlowFileBackend",
        EMAIL_FILE_PATH=str(mail_dir),
        SITE_URL=settings.SITE_URL,
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        PRIVATE_ROOT=str(settings.STORAGES["private"]["OPTIONS"]["location"]),
        PYTHONPATH=str(ROOT),
    )
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "run_worker", "--worker-id", worker_id, "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _kill(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            _kill(process)


@contextlib.contextmanager
def _workers(tmp_path: Path, mail_dir: Path):
    """Yields `start(worker_id)`, which starts a worker logging to workers.log; at the end every worker still
    running is stopped, and the log closed."""
    started = []
    with (tmp_path / "workers.log").open("w") as log:

        def start(worker_id: str) -> subprocess.Popen:
            started.append(_worker(worker_id, mail_dir, log))
            return started[-1]

        try:
            yield start
        finally:
            for process in started:
                _stop(process)


def _every_email_sent():
    """The e-mail tasks, once none is left unsent."""
    emails = DBTaskResult.objects.filter(task_path="people.tasks.send_email")
    wait_for(
        lambda: not emails.exclude(status=TaskResultStatus.SUCCESSFUL).exists(),
        "every e-mail to be sent",
        timeout=90,
    )
    return emails


def _sent(mail_dir: Path) -> list[email.message.Message]:
    messages = []
    for path in mail_dir.glob("*.log"):
        for part in path.read_bytes().split(b"-" * 79):
            if part.strip():
                messages.append(email.message_from_bytes(part.strip()))
    return messages


def test_a_print_job_and_an_email_batch_survive_a_killed_worker(tmp_path):
    assert connection.vendor == "postgresql"
    certificates = CertificateFactory.create_batch(10)
    mail_dir = tmp_path / "mail"
    with override_settings(TASKS=DATABASE_TASKS):
        job = job_start(kind=PRINT, ids=[c.pk for c in certificates], title="Batch", by=None)
        for number in range(30):
            queue_message(
                Message(subject=f"Badge {number}", body="Show it at the door.", to=[f"delegate{number}@example.org"]),
                language="en",
            )
    with _workers(tmp_path, mail_dir) as start:
        first = start("first")
        # The first is killed once the print job has moved past its first chunk (2 certificates a chunk).
        wait_for(
            lambda: PrintJob.objects.filter(pk=job.pk, done__gte=2, status="running").exists(),
            "the job to move",
            timeout=90,
        )
        _kill(first)
        killed_at = time.monotonic()
        task = DBTaskResult.objects.get(task_path="documents.jobs.run_job")
        assert task.status == TaskResultStatus.RUNNING and task.worker_ids == ["first"]
        # The second, in the middle of the e-mails.
        second = start("second")
        wait_for(lambda: len(_sent(mail_dir)) >= 5, "e-mails to go out", timeout=90)
        _kill(second)
        sent_at_kill = len(_sent(mail_dir))
        start("third")
        wait_for(
            lambda: PrintJob.objects.get(pk=job.pk).status == "done", "the job to end on another worker", timeout=90
        )
        requeue_seconds = time.monotonic() - killed_at
        _every_email_sent()

    job = PrintJob.objects.get(pk=job.pk)
    assert (job.status, job.done) == ("done", 10), (tmp_path / "workers.log").read_text()[-3000:]
    assert job.attempts in (2, 3)  # taken back by its own task after each kill that caught it running
    task = DBTaskResult.objects.get(task_path="documents.jobs.run_job")
    assert task.status == TaskResultStatus.SUCCESSFUL and task.worker_ids[0] == "first" and len(task.worker_ids) >= 2
    with zipfile.ZipFile(io.BytesIO(job.zip_file.read())) as archive:
        names = archive.namelist()
    assert len(names) == len(set(names)) == 10  # every certificate printed, once
    assert Certificate.objects.count() == 10  # none issued by printing

    sent = _sent(mail_dir)
    by_recipient = Counter(message["To"] for message in sent)
    assert set(by_recipient) == {f"delegate{number}@example.org" for number in range(30)}  # none lost
    ids = {}
    for message in sent:
        ids.setdefault(message["To"], set()).add(message["Message-ID"])
    assert all(len(message_ids) == 1 for message_ids in ids.values())  # a copy carries the first's Message-ID
    copies = sum(count - 1 for count in by_recipient.values())
    assert copies <= 2  # only an e-mail in flight at a kill may go out twice
    print(
        f"\nthe print job ended {requeue_seconds:.1f} s after the first kill (lease {LEASE_SECONDS} s); the second"
        f" worker was killed after {sent_at_kill} of 30 e-mails; e-mails sent twice: {copies}"
    )


def test_two_workers_share_the_queue_and_run_each_task_once(tmp_path):
    mail_dir = tmp_path / "mail"
    with override_settings(TASKS=DATABASE_TASKS):
        for number in range(60):
            queue_message(
                Message(subject=f"Programme {number}", body="It changed.", to=[f"delegate{number}@example.org"]),
                language="en",
            )
    with _workers(tmp_path, mail_dir) as start:
        start("left")
        start("right")
        emails = _every_email_sent()
    by_recipient = Counter(message["To"] for message in _sent(mail_dir))
    assert set(by_recipient.values()) == {1} and len(by_recipient) == 60  # each task ran once
    given_out = [tuple(ids) for ids in emails.values_list("worker_ids", flat=True)]
    assert all(len(ids) == 1 for ids in given_out)  # each given out once
    ran_by = Counter(ids[0] for ids in given_out)
    assert set(ran_by) == {"left", "right"}  # both took tasks from the one queue
    print(f"\n{len(given_out)} e-mails by two workers: {dict(ran_by)}")
