"""An organiser ticks certificates, starts a print job, watches its progress and downloads the PDF and the ZIP."""

import pytest
from playwright.sync_api import expect

from documents.jobs import job_run
from documents.models import PrintJob
from tests.browser import BROWSER, assert_fits, log_in
from tests.factories import OrganiserFactory

from .conftest import pdf_pages, zip_names

pytestmark = BROWSER


@pytest.mark.parametrize("width", [360, 1280])
def test_organiser_starts_a_print_job_and_downloads_the_results(
    browser, live_server, artifact_path, cohort_certificates, settings, width
):
    # A task backend that keeps tasks without running them: the job stays queued until this test runs it, so the
    # page's progress polling is exercised.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    context = browser.new_context(viewport={"width": width, "height": 800}, base_url=live_server.url)
    page = context.new_page()
    try:
        log_in(page, live_server, OrganiserFactory(with_totp=True))
        page.goto("/en/organiser/certificates/")
        for certificate in cohort_certificates[:3]:
            page.locator(f"#select-{certificate.pk}").check()
        page.get_by_role("button", name="Print selected").click()
        page.wait_for_url("**/organiser/certificates/jobs/*/")
        job = PrintJob.objects.get()
        assert job.total == 3 and job.status == PrintJob.Status.QUEUED
        expect(page.locator("[data-job-bar]")).to_have_attribute("value", "0")
        page.screenshot(path=artifact_path(f"certificates-print-queued-{width}.png"), full_page=True)

        job_run(job_id=job.pk)  # what the task worker does

        download_pdf = page.get_by_role("link", name="Download the PDF for printing")
        expect(download_pdf).to_be_visible(timeout=10_000)  # the page polled, saw "done" and reloaded
        page.screenshot(path=artifact_path(f"certificates-print-done-{width}.png"), full_page=True)
        with page.expect_download() as pdf_download:
            download_pdf.click()
        with open(pdf_download.value.path(), "rb") as handle:
            assert pdf_pages(handle.read()) == 3
        with page.expect_download() as zip_download:
            page.get_by_role("link", name="Download a ZIP of individual PDFs").click()
        with open(zip_download.value.path(), "rb") as handle:
            assert len(zip_names(handle.read())) == 3
        assert_fits(page, width)
    finally:
        context.close()
