"""What the browser tests share: logging a person in without the login form, and checking a page fits its width."""

import pytest
from django.conf import settings
from django.test import Client

BROWSER = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, user) -> None:
    """A session made by Django's test client, handed to the browser: the person is logged in."""
    client = Client()
    client.force_login(user)
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value}
    page.context.add_cookies([{**cookie, "url": live_server.url}])


def assert_fits(page, width: int) -> None:
    """Nothing on the page scrolls sideways at this viewport width."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width
