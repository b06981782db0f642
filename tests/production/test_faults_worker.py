"""`manage.py run_worker` (production settings, the throwaway database, mail by SMTP to aiosmtpd) killed for real
with SIGKILL: the first in the middle of a print job of certificates, the second in the middle of an e-mail batch.

Proved: once the dead worker's lease has run out (TASKS_LEASE_SECONDS), another worker's reaper gives its task back
and the print job ends DONE, once (one successful task, every certificate in its ZIP once, none issued by printing);
every e-mail reaches the SMTP server at least once, and the one in flight at the kill (the server took it, the worker
never heard) is sent again, once, with the same Message-ID as the first; the test prints how many were copies."""

import collections
import time

import pytest

from tests.production import servers

pytestmark = [pytest.mark.faults, pytest.mark.postgres]

CERTIFICATES = 8
EMAILS = 20
LEASE_SECONDS = 3
JOB = "SELECT status, done FROM documents_printjob WHERE id = {job:d}"
WAITING = "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING')"
PRINT_TASKS = "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path = 'documents.jobs.run_job'"


def test_killed_workers_lose_nothing(throwaway_postgres, site_database, smtp_server, tmp_path):
    env = servers.site_env(
        site_database,
        smtp_port=smtp_server.port,
        TASKS_LEASE_SECONDS=str(LEASE_SECONDS),
        TASKS_HEARTBEAT_SECONDS="0.5",
        TASKS_REAP_EVERY_SECONDS="0.5",
        DOCUMENTS_JOBS_CHUNK_SIZE="2",
    )
    database = site_database.rsplit("/", 1)[1]
    job = servers.in_site(env, "print_job", certificates=CERTIFICATES)["job"]
    servers.in_site(env, "emails", count=EMAILS, tag="kill")
    smtp_server.mailbox.accept_seconds = 0.3  # the server takes its time: a worker dies with a message in flight
    state = JOB.format(job=job)
    workers = servers.Workers(env, tmp_path / "workers.log")
    try:
        workers.start("first")
        servers.wait_for(
            lambda: throwaway_postgres.sql(state, database)[0] in {("running", d) for d in range(2, CERTIFICATES)},
            "the print job to be half-way",
            timeout=120,
            every=0.05,
        )
        workers.kill("first")
        first_killed = time.monotonic()
        assert throwaway_postgres.sql(state, database)[0][0] == "running"

        workers.start("second")
        servers.wait_for(
            lambda: len(smtp_server.received) >= 5 and smtp_server.mailbox.answering,
            "an e-mail in flight after the first five",
            timeout=120,
            every=0.01,
        )
        workers.kill("second")  # the server took the message in flight; the worker never hears it did
        at_second_kill = len(smtp_server.received)
        assert at_second_kill < EMAILS, "the batch ended before the kill: the test proved nothing"

        workers.start("third")
        servers.wait_for(lambda: throwaway_postgres.sql(state, database)[0][0] == "done", "the job to end", timeout=120)
        job_seconds = time.monotonic() - first_killed
        servers.wait_for(lambda: throwaway_postgres.sql(WAITING, database)[0][0] == 0, "the queue to empty", 120)
    finally:
        workers.stop_all()

    printed = servers.in_site(env, "job", job=job)
    tasks = servers.in_site(env, "tasks", path="documents.jobs.run_job")
    emails = servers.in_site(env, "tasks", path="people.tasks.send_email")
    received = smtp_server.received
    by_recipient = collections.Counter(message["To"] for message in received)
    ids = collections.defaultdict(set)
    for message in received:
        ids[message["To"]].add(message["Message-ID"])
    copies = sum(count - 1 for count in by_recipient.values())
    print(
        f"\nprint job of {CERTIFICATES}: done {job_seconds:.1f} s after the first kill (lease {LEASE_SECONDS} s), "
        f"attempts {printed['attempts']}, its task's workers {tasks['workers']}; second worker killed after "
        f"{at_second_kill} of {EMAILS} e-mails; e-mails received {len(received)}, sent twice (same Message-ID): "
        f"{copies}; e-mail tasks {emails['statuses']}"
    )
    log = (tmp_path / "workers.log").read_text()[-3000:]
    assert (printed["status"], printed["done"], printed["total"]) == ("done", CERTIFICATES, CERTIFICATES), log
    assert len(printed["zip_entries"]) == len(set(printed["zip_entries"])) == CERTIFICATES  # each printed once
    assert printed["certificates"] == CERTIFICATES  # printing issued none
    assert tasks["statuses"] == {"SUCCESSFUL": 1}  # the job's one task, done once
    assert tasks["workers"][0][0] == "first" and len(tasks["workers"][0]) >= 2  # taken back from the dead worker
    assert [row[0] for row in throwaway_postgres.sql(PRINT_TASKS, database)] == ["SUCCESSFUL"]
    assert len(by_recipient) == EMAILS  # none lost
    assert all(len(message_ids) == 1 for message_ids in ids.values())  # a copy has the first's Message-ID
    assert copies == 1  # the one in flight at the second kill, sent again (the first died printing)
    assert emails["statuses"] == {"SUCCESSFUL": EMAILS}
