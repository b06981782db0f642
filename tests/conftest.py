import os
from pathlib import Path

import pytest
from django.core import mail

from tests.browser import browser_page
from tests.factories import OrganiserFactory, UserFactory
from tests.trainings.server_switch import ServerSwitch


@pytest.fixture(autouse=True)
def _fresh_cache():
    # allauth's rate limits live in the cache; each test starts with a clean slate.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_after_each_test():
    # A request under /km/ leaves Khmer active in the thread; the next test starts in the default language.
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture
def postgres_only():
    """Skip a test that needs PostgreSQL's row locks and parallel transactions (SQLite serialises every writer)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no row locks and serialises every writer")


@pytest.fixture
def templates_not_recorded(monkeypatch):
    """Rendering as outside tests. The test environment records every template a response renders, with a copy of
    its context, for `response.context`; a test that reads none of it and renders thousands of pages (the walks
    over every URL) spends a good part of its time on the recording (crispy renders a template per field)."""
    from django.template import Template

    monkeypatch.setattr(Template, "_render", lambda self, context: self.nodelist.render(context))


@pytest.fixture
def outbox():
    mail.outbox = []
    return mail.outbox


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def organiser(db):
    return OrganiserFactory(with_totp=True)


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


# --- Browser tests: Playwright driving Debian's Chromium (never a browser download of Playwright's own).

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "var" / "artifacts"


@pytest.fixture(scope="session")
def browser():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A 360 px wide page, as on a small phone."""
    with browser_page(browser, live_server, 360, 740) as page:
        yield page


@pytest.fixture
def laptop_page(browser, live_server):
    with browser_page(browser, live_server, 1280) as page:
        yield page


@pytest.fixture
def switch(live_server):
    """The live server behind a switch that can really take it off the network (tests/trainings/server_switch.py)."""
    with ServerSwitch(live_server) as switch:
        yield switch


@pytest.fixture
def artifact_path():
    """Where a browser test saves its screenshots: var/artifacts/<name>."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return lambda name: str(ARTIFACTS / name)
