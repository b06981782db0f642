"""The mail server (aiosmtpd in this process) refuses for now (451, 421), refuses for good (554), or hangs past
EMAIL_TIMEOUT, and then accepts, while `manage.py run_worker` (production settings, the throwaway database) sends a
batch of queued e-mails over SMTP.

Proved: every e-mail refused for now or timed out is tried again after EMAIL_RETRY_DELAYS and delivered, once, with
the Message-ID it was queued with; none is lost; the one refused for good fails with the server's answer; and the
queue's rows say what happened to each (sent, sent at attempt n, retry scheduled with the error, failed)."""

import collections
import time

import pytest

from tests.production import servers

pytestmark = [pytest.mark.faults, pytest.mark.postgres]

COUNT = 6
# django_tasks_db's table of tasks, read directly on the site's database (the test's Django is on another one).
WAITING = "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING')"
EMAILS = (
    "SELECT status, return_value::text, exception_class_path, args_kwargs->'kwargs'->>'message_id' "
    "FROM django_tasks_database_dbtaskresult WHERE task_path = 'people.tasks.send_email' ORDER BY enqueued_at"
)


def _send_batch(site_database, cluster, smtp_server, tmp_path, answers: list[str]) -> dict:
    """COUNT e-mails queued, the server's first answers to DATA scripted by `answers`, one worker until the queue is
    empty: what the server took, and the queue's rows."""
    env = servers.site_env(site_database, smtp_port=smtp_server.port, EMAIL_RETRY_DELAYS="1,1,1", EMAIL_TIMEOUT="1")
    database = site_database.rsplit("/", 1)[1]
    servers.in_site(env, "emails", count=COUNT, tag="mail")
    smtp_server.mailbox.answers = list(answers)
    smtp_server.mailbox.hang_seconds = 3
    workers = servers.Workers(env, tmp_path / "worker.log")
    started = time.monotonic()
    workers.start("mailer")
    try:
        servers.wait_for(lambda: cluster.sql(WAITING, database)[0][0] == 0, "the queue to empty", timeout=60, every=0.5)
    finally:
        workers.stop_all()
    rows = cluster.sql(EMAILS, database)
    return {"rows": rows, "received": smtp_server.received, "seconds": time.monotonic() - started}


def _report(rows) -> collections.Counter:
    """The queue's rows by what they say happened: "sent", "sent at attempt n", "retry scheduled (error's class)",
    "failed (exception's class)"."""
    said = collections.Counter()
    for status, returned, exception, _message_id in rows:
        text = (returned or "").strip('"')
        if status != "SUCCESSFUL":
            said[f"failed ({exception.rsplit('.', 1)[-1]})"] += 1
        elif text.startswith("retry scheduled for "):
            said[f"retry scheduled ({text.split(': ')[1]})"] += 1  # "retry scheduled for <time>: <class>: <answer>"
        else:
            said[text] += 1
    return said


def _by_kind(report, prefix: str) -> int:
    return sum(count for said, count in report.items() if said.startswith(prefix))


def _accounted(result) -> tuple[collections.Counter, set[str]]:
    """The Message-IDs the server took (how often each) and those the queue holds."""
    taken = collections.Counter(message["Message-ID"] for message in result["received"])
    return taken, {message_id for _status, _returned, _exception, message_id in result["rows"]}


def test_mail_server_refuses_then_accepts(throwaway_postgres, site_database, smtp_server, tmp_path):
    answers = ["451 4.3.0 Try again later", "421 4.3.2 Too busy, come back later", "554 5.7.1 Message refused"]
    result = _send_batch(site_database, throwaway_postgres, smtp_server, tmp_path, answers)
    report = _report(result["rows"])
    print(f"\nrefused 451, 421, 554, then accepted: {dict(report)} in {result['seconds']:.1f} s")
    taken, queued = _accounted(result)
    assert len(queued) == COUNT
    assert len(taken) == COUNT - 1 and max(taken.values()) == 1  # every e-mail but the one refused for good, once
    assert set(taken) <= queued  # with the Message-ID it was queued with
    assert report["retry scheduled (SMTPDataError)"] == 2  # 451 and 421: tried again
    assert report["failed (SMTPDataError)"] == 1  # 554: refused for good, and said so
    assert _by_kind(report, "sent") == COUNT - 1
    assert 1 <= _by_kind(report, "sent at attempt") <= 2
    assert sum(report.values()) == COUNT + 2  # one row per try


def test_mail_server_hangs_then_accepts(throwaway_postgres, site_database, smtp_server, tmp_path):
    result = _send_batch(site_database, throwaway_postgres, smtp_server, tmp_path, ["hang", "hang"])
    report = _report(result["rows"])
    print(f"\nhung past EMAIL_TIMEOUT twice, then accepted: {dict(report)} in {result['seconds']:.1f} s")
    taken, queued = _accounted(result)
    assert smtp_server.mailbox.hung == 2
    assert set(taken) == queued and len(queued) == COUNT and max(taken.values()) == 1  # none lost, none twice
    assert _by_kind(report, "retry scheduled") == 2
    assert _by_kind(report, "sent") == COUNT
    assert 1 <= _by_kind(report, "sent at attempt") <= 2
