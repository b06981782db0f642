"""The file storage down (S3 unreachable, or taking connections and never answering): a download of a private file
and an upload answer the translated 503 page (templates/503.html, operations.middleware) with Retry-After and one
warning in the log, within the settings' timeouts; a file missing from the bucket still answers 404."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from forum.models import ConsentDocumentAccess, ForumEdition, GuardianConsent
from safeguarding.models import AccessLog, Concern, Officer
from safeguarding.services import concern_report
from tests.factories import ForumEditionFactory, OrganiserFactory
from tests.forum.youth.helpers import record_paper, submit_youth
from tests.safeguarding.report_helpers import VALID as REPORT
from tests.uploads import image_bytes, pdf_upload

from .s3_world import PDF

pytestmark = pytest.mark.django_db

FILES_DOWN = "The site cannot reach its stored files (downloads, documents, uploads) for a moment."


def _consent_url(bucket, client) -> str:
    """A youth's signed consent form in the bucket, and its download page as an organiser (signed in)."""
    organiser = OrganiserFactory()
    edition = ForumEditionFactory(slug="atf-s3-down", mode=ForumEdition.Mode.AUTO, capacity=2)
    youth = submit_youth(edition)
    record_paper(youth, by=organiser, document=SimpleUploadedFile("f.pdf", PDF, content_type="application/pdf"))
    consent = GuardianConsent.objects.get()
    client.force_login(organiser)
    with translation.override("km"):
        url = reverse(
            "forum_organiser:youth_document", kwargs={"slug": edition.slug, "pk": youth.pk, "consent_pk": consent.pk}
        )
    return url + "?download=1"


def _attachment_url(bucket, client) -> str:
    """A safeguarding attachment in the bucket, and its download page as an officer (signed in)."""
    upload = SimpleUploadedFile("a.png", image_bytes(), content_type="image/png")
    concern, _token = concern_report(
        data={"what_happened": "Messages.", "place": Concern.Place.FORUM}, attachment=upload, language="en"
    )
    officer = Officer.objects.create(user=OrganiserFactory())
    client.force_login(officer.user)
    with translation.override("km"):
        return reverse(
            "safeguarding:case_attachment", kwargs={"pk": concern.pk, "attachment": concern.attachments.get().pk}
        )


@pytest.mark.parametrize("stored", [_consent_url, _attachment_url])
def test_a_download_while_the_storage_is_down_answers_the_translated_503_page(
    stored, bucket, cut_off, settings, caplog
):
    browser = Client(raise_request_exception=False)
    url = stored(bucket, browser)
    cut_off()
    response = browser.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == str(settings.STORAGE_UNAVAILABLE_RETRY_AFTER)
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert '<html lang="km">' in html
    with translation.override("km"):
        assert translation.gettext("Temporarily unavailable") in html
        assert translation.gettext(FILES_DOWN + " Please try again in a minute.") in html
    assert "cannot reach its database" not in html and "Traceback" not in html
    said = [record for record in caplog.records if record.getMessage().startswith("File storage unavailable for")]
    assert [(record.levelname, record.exc_info) for record in said] == [("WARNING", None)]
    assert "EndpointConnectionError" in said[0].getMessage()


@pytest.mark.parametrize("stored", [_consent_url, _attachment_url])
def test_a_storage_that_never_answers_costs_its_timeouts_then_answers_503(stored, bucket, cut_off, caplog):
    """A read timeout is an OSError: it is no missing file (404) either. The settings' timeouts and tries bound the
    wait (botocore's defaults would hold the worker for minutes)."""
    browser = Client(raise_request_exception=False)
    url = stored(bucket, browser)
    cut_off(silent_port=True)
    started = time.monotonic()
    response = browser.get(url)
    assert time.monotonic() - started < 10
    assert response.status_code == 503 and "Retry-After" in response
    said = [record.getMessage() for record in caplog.records if record.name == "operations.views"]
    assert len(said) == 1 and "(ReadTimeoutError)" in said[0]


def test_an_upload_while_the_storage_is_down_answers_503_and_saves_nothing(bucket, cut_off):
    """A report of concern with its attachment: the file is saved inside the service's transaction, which the
    failure rolls back, as the page says ("saved in full or not at all")."""
    cut_off()
    browser = Client(raise_request_exception=False)
    response = browser.post(reverse("safeguarding:report"), {**REPORT, "attachment": pdf_upload()})
    assert response.status_code == 503 and FILES_DOWN in response.text
    assert not Concern.objects.exists() and bucket.listed() == []


@pytest.mark.parametrize("stored", [_consent_url, _attachment_url])
def test_a_file_missing_from_the_bucket_still_answers_404(stored, bucket, client):
    url = stored(bucket, client)
    for key in bucket.listed():
        bucket.client.delete_object(Bucket=bucket.name, Key=key)  # S3 answers NoSuchKey (404) for it now
    response = client.get(url)
    assert response.status_code == 404 and FILES_DOWN not in response.text


def test_readyz_says_degraded_while_the_storage_is_down_and_ok_when_it_answers(bucket, cut_off, settings, client):
    # Not unready: every page but those with a file still works, and a load balancer must keep the app servers.
    settings.REDIS_URL = ""
    assert client.get("/readyz").json()["checks"]["storage"] == {"ok": True, "failed": []}
    cut_off()
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json()["status"] == "degraded"
    assert response.json()["checks"]["storage"] == {"ok": False, "failed": ["default", "private"]}


def test_readyz_does_not_hang_on_a_storage_that_never_answers(bucket, cut_off, settings, client):
    settings.REDIS_URL, settings.READINESS_STORAGE_SECONDS = "", 0.5
    cut_off(silent_port=True)
    started = time.monotonic()
    response = client.get("/readyz")
    assert time.monotonic() - started < 3  # the probe's deadline, not the storage's timeouts
    assert response.status_code == 200 and response.json()["checks"]["storage"]["ok"] is False


def test_an_attachment_the_storage_could_not_give_is_not_recorded_as_downloaded(bucket, cut_off, client):
    url = _attachment_url(bucket, client)
    cut_off()
    client.raise_request_exception = False
    assert client.get(url).status_code == 503
    assert not AccessLog.objects.filter(action=AccessLog.Action.DOWNLOADED).exists()


def test_a_consent_document_the_storage_could_not_give_is_not_logged_as_opened(bucket, cut_off, client):
    url = _consent_url(bucket, client)
    cut_off()
    client.raise_request_exception = False
    assert client.get(url).status_code == 503
    assert not ConsentDocumentAccess.objects.exists()
