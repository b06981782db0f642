"""Building jobs (documents.kinds.BuildKind) with a kind of documents' own tests (building_kind.py): progress moves
step by step, a failure fails the job with its reason and a retry builds it, the files are kept until the item is
built again (and only then the earlier files go), and the downloads pass through the kind's gate only."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from documents.errors import JobError
from documents.jobs import job_create, job_retry, job_run, jobs_clean
from documents.models import PrintJob
from tests.documents.building_kind import NamesBuild
from tests.documents.pdfs import pdf_text
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fresh_records():
    NamesBuild.seen.clear()
    NamesBuild.files_seen.clear()


def build(user) -> PrintJob:
    job = job_create(kind=NamesBuild.name, ids=[user.pk], title="Names", by=None)
    job_run(job_id=job.pk)
    job.refresh_from_db()
    return job


def read(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def test_a_build_moves_step_by_step_and_attaches_each_part(db):
    user = UserFactory(email="sokha@example.org")
    job = build(user)
    assert NamesBuild.seen == [(0, 3), (1, 3), (2, 3)]
    assert (job.status, job.done, job.total, job.percent, job.is_build) == ("done", 3, 3, 100, True)
    assert "sokha@example.org" in pdf_text(read(job.pdf_file))
    sheet = load_workbook(io.BytesIO(read(job.xlsx_file))).active
    assert [cell.value for cell in sheet["A"]] == ["Name", "sokha@example.org", "=1+1"]
    assert sheet["A3"].data_type == "s"  # formula-safe: text, never a formula
    assert not job.zip_file and job.has_results


def test_a_build_takes_one_item(db):
    with pytest.raises(JobError):
        job_create(kind=NamesBuild.name, ids=[UserFactory().pk, UserFactory().pk], title="", by=None)


def test_a_failed_build_says_why_and_builds_when_retried(db, django_capture_on_commit_callbacks):
    user = UserFactory(given_name="Broken")
    job = build(user)
    assert (job.status, job.has_results, job.can_be_retried) == ("failed", False, True)
    assert "this name does not build" in job.error
    user.given_name = "Mended"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        job_retry(job=job)
    job.refresh_from_db()
    assert (job.status, job.done, job.attempts, job.has_results) == ("done", 3, 2, True)


def test_a_build_whose_item_is_gone_fails(db):
    user = UserFactory()
    job = job_create(kind=NamesBuild.name, ids=[user.pk], title="", by=None)
    user.delete()
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", "It no longer exists.")


def test_results_are_kept_until_the_item_is_built_again(db):
    user = UserFactory()
    first = build(user)
    assert first.expires_at is None
    assert jobs_clean(now=timezone.now() + datetime.timedelta(days=3650)) == (0, 0)
    first.refresh_from_db()
    assert first.has_results
    old_name = first.pdf_file.name
    second = build(user)
    # While the second one ran, the first one's files were still there.
    assert NamesBuild.files_seen[-3:] == [[True]] * 3
    first.refresh_from_db()
    assert (first.has_results, first.purged_at is not None, first.pdf_file.name, first.xlsx_file.name) == (
        False,
        True,
        "",
        "",
    )
    assert not second.pdf_file.storage.exists(old_name)
    assert second.has_results


def test_a_failed_rebuild_keeps_the_earlier_files(db):
    user = UserFactory()
    first = build(user)
    user.given_name = "Broken"
    user.save()
    assert build(user).status == "failed"
    first.refresh_from_db()
    assert first.has_results


@pytest.mark.urls("tests.documents.building_urls")
def test_the_files_download_through_the_kinds_gate_only(db, client, organiser_client):
    job = build(UserFactory())
    xlsx, pdf = (reverse(f"build_jobs:job_{part}", args=[job.pk]) for part in ("xlsx", "pdf"))
    response = organiser_client.get(xlsx)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == f'attachment; filename="names-{job.pk}.xlsx"'
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert organiser_client.get(pdf)["Content-Type"] == "application/pdf"
    page = organiser_client.get(reverse("build_jobs:job", args=[job.pk])).content.decode()
    assert xlsx in page and pdf in page
    client.force_login(UserFactory())
    assert client.get(xlsx).status_code == 404
    client.logout()
    assert client.get(xlsx).status_code == 302


def test_a_job_whose_file_storage_is_unreachable_fails_without_the_storage_address_when_it_cannot_wait(db):
    # The immediate task backend cannot run a task later: the job fails, to be retried by hand, with a reason the
    # organiser can act on and not the client's error (which names the bucket's address).
    job = build(UserFactory(given_name="Unreachable"))

    assert (job.status, job.can_be_retried) == ("failed", True)
    assert job.error == "The file storage could not be reached. Retry the job later."
