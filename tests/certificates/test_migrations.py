"""Print jobs recorded before they moved to documents survive the move, with their ids, files and reports."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("certificates", "0001_squashed_0002_print_jobs"), ("documents", None)]
AFTER = [("certificates", "0003_print_jobs_to_documents"), ("documents", "0001_initial")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state([target for target in targets if target[1]]).apps


@pytest.fixture
def before_the_move():
    # documents' later migrations first: undoing the move copies the jobs back from the table as it was made then
    # (a job's title was one column before documents 0003), and Django may undo the move before them otherwise.
    # The certificates are made with today's model, before its later columns are undone.
    certificates = CertificateFactory.create_batch(2)
    _migrate([("documents", "0001_initial")])
    apps = _migrate(BEFORE)
    yield apps, certificates
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_jobs_move_to_documents_with_their_ids_items_and_files(before_the_move):
    before_the_move, certificates = before_the_move
    old_job = before_the_move.get_model("certificates", "CertificateJob")
    old_item = before_the_move.get_model("certificates", "CertificateJobItem")
    started = timezone.now() - timedelta(days=2)
    printed = old_job.objects.create(
        kind="print",
        title="Cohort 7",
        status="done",
        scope_key="a" * 64,
        total=2,
        done=2,
        pdf_file="certificates/print/7-abc.pdf",
        zip_file="certificates/print/7-abc.zip",
    )
    old_job.objects.filter(pk=printed.pk).update(created_at=started)
    mailed = old_job.objects.create(kind="deliver", title="Mail", status="failed", scope_key="b" * 64, total=2)
    for certificate in certificates:
        old_item.objects.create(job_id=printed.pk, certificate_id=certificate.pk)
    old_item.objects.create(job_id=mailed.pk, certificate_id=certificates[0].pk, delivery="sent", email="a@b.org")
    old_item.objects.create(job_id=mailed.pk, certificate_id=certificates[1].pk, delivery="failed", error="No")

    apps = _migrate(AFTER)

    job, item = apps.get_model("documents", "PrintJob"), apps.get_model("documents", "PrintJobItem")
    moved = job.objects.get(pk=printed.pk)
    assert (moved.kind, moved.title, moved.status, moved.total) == ("certificates.print", "Cohort 7", "done", 2)
    assert moved.pdf_file.name == "certificates/print/7-abc.pdf" and moved.created_at == started
    assert sorted(item.objects.filter(job=moved).values_list("item_id", flat=True)) == [c.pk for c in certificates]
    report = item.objects.filter(job_id=mailed.pk).order_by("item_id")
    assert job.objects.get(pk=mailed.pk).kind == "certificates.deliver"
    assert [(i.item_id, i.delivery, i.email, i.error) for i in report] == [
        (certificates[0].pk, "sent", "a@b.org", ""),
        (certificates[1].pk, "failed", "", "No"),
    ]
    # The next job gets a new id (PostgreSQL's sequence moved past the copied rows).
    assert job.objects.create(kind="certificates.print", title="Next", scope_key="c" * 64).pk > mailed.pk
