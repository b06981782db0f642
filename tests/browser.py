"""What the browser tests share: a page of its own at a width, logging a person in without the login form, and
checking a page fits its width, agreeing to a registration form's policies and sending it."""

import contextlib

import pytest
from django.conf import settings
from django.test import Client

BROWSER = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@contextlib.contextmanager
def browser_page(browser, live_server, width: int, height: int = 800):
    """A page `width` px wide in a browser context of its own (its own cookies: another person, another device),
    closed at the end of the block."""
    context = browser.new_context(viewport={"width": width, "height": height}, base_url=live_server.url)
    try:
        yield context.new_page()
    finally:
        context.close()


def log_in(page, live_server, user) -> None:
    """A session made by Django's test client, handed to the browser: the person is logged in."""
    client = Client()
    client.force_login(user)
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value}
    page.context.add_cookies([{**cookie, "url": live_server.url}])


def assert_fits(page, width: int) -> None:
    """Nothing on the page scrolls sideways at this viewport width."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def agree_and_submit(page, *, screenshot=None) -> None:
    """Tick the code of conduct and the privacy notice on a registration form and send it; with `screenshot` (a
    path), first check that the page fits a 360 px phone and keep a full-page screenshot of it there."""
    page.check("#id_agree_code_of_conduct")
    page.check("#id_agree_privacy")
    if screenshot is not None:
        assert_fits(page, 360)
        page.screenshot(path=screenshot, full_page=True)
    page.locator("form input[type=submit]").click()
