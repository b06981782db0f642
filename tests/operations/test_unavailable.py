"""PostgreSQL down or restarting: a request whose database connection fails answers the 503 page (templates/503.html,
operations.middleware), translated, with Retry-After, never a 500; the next request after the database is back
succeeds."""

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client
from django.urls import reverse
from django.utils import translation

from certificates import selectors as certificate_selectors
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
