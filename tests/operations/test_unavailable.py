"""PostgreSQL down or restarting: a request whose database connection fails answers the 503 page (templates/503.html,
operations.middleware), translated, with Retry-After, never a 500; the next request after the database is back
succeeds. Which errors of the file storage answer that page too (documents.storage_errors.storage_down; the pages
themselves are tested against moto's S3 server in test_s3_storage)."""

import pytest
from botocore import exceptions as botocore_errors
from botocore.exceptions import ClientError
from django.db import InterfaceError, OperationalError, connection
from django.test import Client
from django.urls import reverse
from django.utils import translation
from s3transfer.exceptions import RetriesExceededError

from certificates import selectors as certificate_selectors
from documents.storage_errors import storage_down
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CODE = "ABCDEFGHJKMNPQ"
TRY_AGAIN = "The site cannot reach its database for a moment. Please try again in a few seconds."


def _lose_the_database(*args, **kwargs):
    raise OperationalError("server closed the connection unexpectedly")


def _assert_unavailable_page(response, settings, language="en"):
    assert response.status_code == 503
    assert response["Retry-After"] == str(settings.DATABASE_UNAVAILABLE_RETRY_AFTER)
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    with translation.override(language):
        assert translation.gettext("Temporarily unavailable") in html
        assert translation.gettext(TRY_AGAIN) in html
    assert "/static/css/app.css" in html
    assert "Traceback" not in html and "server closed the connection" not in html


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_view_whose_database_fails_answers_the_503_page(client, settings, monkeypatch, error):
    def fails(**kwargs):
        raise error("connection already closed")

    monkeypatch.setattr(certificate_selectors, "certificate_by_code", fails)
    response = client.get(reverse("certificates:verify_code", args=[CODE]))
    _assert_unavailable_page(response, settings)


def test_the_503_page_speaks_khmer_at_km(client, settings, monkeypatch):
    monkeypatch.setattr(certificate_selectors, "certificate_by_code", _lose_the_database)
    response = client.get(f"/km/certificates/verify/{CODE}/")
    _assert_unavailable_page(response, settings, language="km")


def test_the_next_request_after_the_database_is_back_succeeds(client, settings, monkeypatch):
    url = reverse("certificates:verify_code", args=[CODE])
    with monkeypatch.context() as patch:
        patch.setattr(certificate_selectors, "certificate_by_code", _lose_the_database)
        assert client.get(url).status_code == 503
    response = client.get(url)
    assert response.status_code == 404 and "No certificate has the code" in response.text


def test_a_signed_in_person_gets_the_503_page_when_every_query_fails(settings, monkeypatch, caplog):
    """The session and the user are read from the database in the view (the page's permission); the way out
    (people.private_pages) does not ask again."""
    browser = Client(raise_request_exception=False)
    browser.force_login(UserFactory())
    monkeypatch.setattr(connection, "cursor", _lose_the_database)
    _assert_unavailable_page(browser.get(reverse("profile")), settings)
    said = [record.getMessage() for record in caplog.records]
    # Answered once, by the middleware: not a second time by the 500 handler after another failed query.
    assert len([line for line in said if line.startswith("Database unavailable for GET /en/accounts/profile/")]) == 1


def test_a_failure_in_a_middleware_answers_the_503_page_too(settings, monkeypatch):
    """An address without a language prefix reads the person's language in a middleware, before any view: Django's
    500 handler (operations.views.server_error) answers the same page."""
    browser = Client(raise_request_exception=False)
    browser.force_login(UserFactory())
    monkeypatch.setattr(connection, "cursor", _lose_the_database)
    _assert_unavailable_page(browser.get("/accounts/profile/"), settings)


def test_any_other_error_still_answers_the_500_page(client, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(certificate_selectors, "certificate_by_code", broken)
    browser = Client(raise_request_exception=False)
    response = browser.get(reverse("certificates:verify_code", args=[CODE]))
    assert response.status_code == 500
    assert "Server error" in response.text


def _client_error(code: str, status: int) -> ClientError:
    return ClientError({"Error": {"Code": code}, "ResponseMetadata": {"HTTPStatusCode": status}}, "GetObject")


@pytest.mark.parametrize(
    "error",
    [
        botocore_errors.EndpointConnectionError(endpoint_url="http://127.0.0.1:9/"),
        botocore_errors.ConnectTimeoutError(endpoint_url="http://127.0.0.1:9/"),
        botocore_errors.ReadTimeoutError(endpoint_url="http://127.0.0.1:9/"),
        botocore_errors.ConnectionClosedError(endpoint_url="http://127.0.0.1:9/"),
        _client_error("SlowDown", 503),
        _client_error("ServiceUnavailable", 503),
        _client_error("InternalError", 500),
        _client_error("503", 503),  # a HEAD request's error: no body, the status for its code
        _client_error("TooManyRequests", 429),
        # A download's own retries spent (django-storages reads through s3transfer): the error it kept.
        RetriesExceededError(botocore_errors.ReadTimeoutError(endpoint_url="http://127.0.0.1:9/")),
    ],
)
def test_storage_down_recognises_an_unreachable_or_failing_storage(error):
    assert storage_down(error)


@pytest.mark.parametrize(
    "error",
    [
        _client_error("NoSuchKey", 404),
        _client_error("404", 404),
        _client_error("AccessDenied", 403),
        botocore_errors.NoCredentialsError(),
        FileNotFoundError("gone"),
        OperationalError("the database's, not the storage's"),
    ],
)
def test_storage_down_leaves_a_missing_or_refused_file_alone(error):
    assert not storage_down(error)
