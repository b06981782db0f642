"""The programme report under parallel requests (PostgreSQL): a double submit of the form makes one report and one
generation, and two regenerations at once start one job, the other refused."""

import pytest
from django.test import Client

from documents.models import PrintJob
from reports.errors import ReportBusy
from reports.models import Report
from reports.periods import quarter_period
from reports.services import report_generate, report_request
from tests.concurrency import PARALLEL, run_in_threads
from tests.factories import OrganiserFactory

pytestmark = PARALLEL


@pytest.fixture(autouse=True)
def _tasks_wait(settings):
    # The jobs stay queued (no worker in these tests): what is counted is what the requests wrote.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def test_a_double_submit_makes_one_report_and_one_generation():
    organiser = OrganiserFactory(with_totp=True)

    def submit():
        client = Client()
        client.force_login(organiser)
        response = client.post("/en/organiser/reports/", {"period": "2026-Q3", "edition": "", "language": "km"})
        return response.status_code, response.headers.get("Location")

    results = run_in_threads([submit, submit, submit])
    report = Report.objects.get()
    assert results == [(302, f"/en/organiser/reports/{report.pk}/")] * 3
    assert PrintJob.objects.filter(kind="reports.programme").count() == 1
    assert report.job.status == "queued"


def test_two_regenerations_at_once_start_one_job():
    report, _created = report_request(period=quarter_period(2026, 2), language="en", by=None)
    PrintJob.objects.filter(pk=report.job_id).update(status=PrintJob.Status.DONE)

    def regenerate():
        return report_generate(report=Report.objects.get(pk=report.pk), by=None)

    results = run_in_threads([regenerate, regenerate, regenerate])
    started = [result for result in results if isinstance(result, PrintJob)]
    assert len(started) == 1, results
    assert all(isinstance(result, ReportBusy) for result in results if result not in started)
    assert Report.objects.get(pk=report.pk).job_id == started[0].pk
