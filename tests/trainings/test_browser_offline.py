"""The offline layer for real: the roll-call opens, takes marks and keeps them with the server down, and the marks
arrive once it is back (also after the login expired and the trainer logged in again); what is kept goes when its
trainer signs out or someone else signs in; a page for nobody signed in (as a venue's check-in station is) opens
offline with its data URL, and goes when someone signs in.

The server is taken down with ServerSwitch (a proxy whose port closes), not Playwright's `set_offline`, which does
not stop a service worker's fetches: the page could then come from the server and the test would prove nothing.
"""

import json
import re
import time
import uuid

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.browser import BROWSER, log_in
from tests.factories import UserFactory
from tests.factories.people import DEFAULT_PASSWORD
from trainings.models import AttendanceChange, AttendanceRecord

pytestmark = BROWSER

KEPT_NAMES = """async () => (await caches.keys()).filter((name) => name.startsWith("offline-"))"""
# What Chromium says when it cannot reach the server: refused or reset, or, for a connection it had kept open to the
# server before it went down, not connected.
SERVER_DOWN = r"ERR_(CONNECTION_(REFUSED|RESET|CLOSED)|SOCKET_NOT_CONNECTED)"
REGISTRATIONS = """async () => (await navigator.serviceWorker.getRegistrations()).length"""
FONT_STATUS = """async () => {
  await document.fonts.ready;
  return [...document.fonts].filter((f) => f.family.includes("Khmer") && f.weight === "400").map((f) => f.status);
}"""


@pytest.fixture
def phone(browser, switch):
    """A 360 px phone that reaches the site through the switch, service workers allowed (Playwright's default)."""
    context = switch.phone(browser)
    yield context.new_page()
    context.close()


def _eventually(page, script: str, arg=None, timeout: float = 15) -> None:
    """Wait until `script` is truthy (page.evaluate awaits an async script; wait_for_function takes its promise
    for a truthy value)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(script, arg):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {script}"
        page.wait_for_timeout(100)


def _rollcall(session) -> str:
    return f"/en/trainings/sessions/{session.pk}/attendance/"


def _open_and_keep(page, session):
    """Open the roll-call and wait until the worker has kept it (the page then says it opens offline)."""
    page.goto(_rollcall(session))
    expect(page.locator("#rc-offline-ready")).to_be_visible(timeout=15000)
    assert sorted(page.evaluate(KEPT_NAMES)) == ["offline-assets-v2", "offline-pages-v2"]
    assert page.evaluate("async (url) => Boolean(await caches.match(url))", page.url)
    # The Khmer font app.css asks for once Khmer names show is kept with the stylesheets and scripts.
    _eventually(page, "async () => Boolean(await caches.match('/static/fonts/NotoSansKhmer-Regular.woff2'))")


def _status(enrollment) -> str | None:
    record = AttendanceRecord.objects.filter(enrollment=enrollment).first()
    return record.status if record else None


def test_rollcall_opens_and_takes_marks_with_the_server_down_and_they_arrive_once(
    phone, switch, live_session, enrolled, artifact_path
):
    trainer = live_session.cohort.trainers.get()
    log_in(phone, switch, trainer)  # the cookie is for the switch's address, which is the site's for this browser
    _open_and_keep(phone, live_session)

    def row(enrollment):
        return phone.locator(f"#row-{enrollment.pk}")

    # Online: a mark is saved, and the kept copy is fetched again so that it shows the mark too.
    row(enrolled[0]).get_by_role("button", name="Present").click()
    row(enrolled[0]).locator(".rc-state", has_text="Saved").wait_for()
    pressed = f'value="{enrolled[0].pk}:present" class="rc-btn rc-present" aria-pressed="true"'
    _eventually(
        phone,
        "async ([url, pressed]) => (await (await caches.match(url)).text()).includes(pressed)",
        [phone.url, pressed],
    )
    # The server goes away. The page opens again from the phone, with its roster and the mark made online.
    switch.down()
    heard = len(switch.requests)
    phone.reload()
    expect(phone.get_by_role("heading", name="Children's rights online")).to_be_visible()
    expect(row(enrolled[0]).get_by_role("button", name="Present")).to_have_attribute("aria-pressed", "true")
    expect(row(enrolled[1])).to_contain_text("Lim Sophea")
    expect(row(enrolled[0])).to_contain_text("សុខ វណ្ណៈ")
    # ...in its own Khmer font, from the phone too (a font not kept would have failed to load).
    assert phone.evaluate(FONT_STATUS) == ["loaded"]

    # Marks are taken and wait on the phone; they survive another reload without a connection.
    row(enrolled[1]).get_by_role("button", name="Late").click()
    row(enrolled[2]).get_by_role("button", name="Absent").click()
    expect(phone.locator("#rc-waiting")).to_have_text("2")
    phone.locator("#rc-connection", has_text="Offline").wait_for(timeout=15000)
    phone.reload()
    expect(phone.locator("#rc-waiting")).to_have_text("2")
    expect(row(enrolled[1]).locator(".rc-state")).to_have_text("Waiting to be sent")
    expect(row(enrolled[2]).get_by_role("button", name="Absent")).to_have_attribute("aria-pressed", "true")
    phone.locator("#rc-connection", has_text="Offline").wait_for(timeout=15000)
    phone.screenshot(path=artifact_path("rollcall-server-down-360.png"), full_page=True)
    assert switch.requests[heard:] == []  # nothing reached the server: the page came from the phone
    assert (_status(enrolled[1]), _status(enrolled[2])) == (None, None)

    # The server is back: the waiting marks go out (the page retries every 5 s), each once.
    switch.up()
    expect(phone.locator("#rc-waiting")).to_have_text("0", timeout=20000)
    expect(row(enrolled[1]).locator(".rc-state")).to_have_text("Saved")
    assert (_status(enrolled[0]), _status(enrolled[1]), _status(enrolled[2])) == ("present", "late", "absent")
    offline = AttendanceChange.objects.filter(enrollment__in=enrolled[1:])
    assert sorted(offline.values_list("how", flat=True)) == ["offline_sync", "offline_sync"]
    assert AttendanceChange.objects.count() == 3
    assert any(request.startswith("POST /en/trainings/sessions/") for request in switch.requests[heard:])


def test_signing_out_deletes_the_kept_rollcall(phone, switch, live_session, enrolled):
    trainer = live_session.cohort.trainers.get()
    log_in(phone, switch, trainer)
    _open_and_keep(phone, live_session)
    phone.click(".navbar-toggler")
    # The menu has finished opening (Bootstrap's "collapsing" is over) before its button is pressed.
    expect(phone.locator("#main-nav")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    heard = len(switch.requests)
    with phone.expect_navigation(url=re.compile(r"/en/$"), timeout=45000):
        phone.get_by_role("button", name="Sign out").click()
    assert "POST /en/accounts/logout/" in switch.requests[heard:], switch.requests[heard:]
    _eventually(phone, f"async () => (await ({KEPT_NAMES})()).length === 0")
    _eventually(phone, f"async () => (await ({REGISTRATIONS})()) === 0")

    switch.down()
    heard = len(switch.requests)
    with pytest.raises(PlaywrightError, match=SERVER_DOWN):
        phone.goto(_rollcall(live_session))
    assert switch.requests[heard:] == []


def test_someone_else_signed_in_on_the_phone_never_gets_the_kept_rollcall(phone, switch, live_session, enrolled):
    trainer = live_session.cohort.trainers.get()
    log_in(phone, switch, trainer)
    _open_and_keep(phone, live_session)
    # Someone else is signed in on the same phone now (the trainer did not sign out); their first page of the site
    # deletes what was kept for the trainer.
    other = UserFactory(email="other@rollcall.example")
    log_in(phone, switch, other)
    phone.goto("/en/")
    expect(phone.locator("script[src$='js/offline.js']")).to_have_attribute("data-user", str(other.pk))
    _eventually(phone, f"async () => (await ({KEPT_NAMES})()).length === 0")
    _eventually(phone, f"async () => (await ({REGISTRATIONS})()) === 0")

    # Online, the roll-call is not theirs, and nothing of it is kept for them.
    response = phone.goto(_rollcall(live_session))
    assert response.status == 404
    assert phone.evaluate(KEPT_NAMES) == []
    # Offline, there is nothing to show them.
    switch.down()
    with pytest.raises(PlaywrightError, match=SERVER_DOWN):
        phone.goto(_rollcall(live_session))


def test_marks_queued_before_the_offline_layer_still_go_out(phone, switch, live_session, enrolled):
    """A phone that kept marks under the roll-call's old key (closed offline before this version) still sends them."""
    trainer = live_session.cohort.trainers.get()
    log_in(phone, switch, trainer)
    mark_id = str(uuid.uuid4())
    legacy = [{"id": mark_id, "enrollment": enrolled[2].pk, "status": "excused", "at": timezone.now().isoformat()}]
    phone.add_init_script(
        f"if (!sessionStorage.getItem('seeded')) {{ sessionStorage.setItem('seeded', '1');"
        f" localStorage.setItem('rollcall:{live_session.pk}:queue', {json.dumps(json.dumps(legacy))}); }}"
    )
    phone.goto(_rollcall(live_session))
    expect(phone.locator(f"#row-{enrolled[2].pk} .rc-state")).to_have_text("Saved", timeout=15000)
    assert AttendanceChange.objects.get(client_mark_id=mark_id).new_status == "excused"
    assert phone.evaluate(f"localStorage.getItem('rollcall:{live_session.pk}:queue')") is None


def test_marks_made_when_the_login_had_expired_go_after_logging_in_again(phone, switch, live_session, enrolled):
    """Logging in again (in another tab, as the page says) rotates the CSRF cookie: the waiting marks still go, with
    the new token, from the page that was open all along."""
    trainer = live_session.cohort.trainers.get()
    log_in(phone, switch, trainer)
    _open_and_keep(phone, live_session)
    Session.objects.all().delete()  # the login expired meanwhile
    phone.locator(f"#row-{enrolled[1].pk}").get_by_role("button", name="Late").click()
    phone.locator("#rc-connection", has_text="Your login has expired").wait_for(timeout=15000)
    expect(phone.locator("#rc-waiting")).to_have_text("1")
    assert _status(enrolled[1]) is None
    before = {cookie["name"]: cookie["value"] for cookie in phone.context.cookies()}

    tab = phone.context.new_page()
    tab.goto("/en/accounts/login/")
    tab.fill("input[name=login]", trainer.email)
    tab.fill("input[name=password]", DEFAULT_PASSWORD)
    tab.locator("main form").first.locator("button[type=submit]").first.click()
    tab.wait_for_url(re.compile(r"/en/(accounts/profile/)?$"))
    after = {cookie["name"]: cookie["value"] for cookie in phone.context.cookies()}
    assert after["csrftoken"] != before["csrftoken"]  # the token the roll-call was rendered with is stale now

    expect(phone.locator("#rc-waiting")).to_have_text("0", timeout=20000)
    expect(phone.locator(f"#row-{enrolled[1].pk} .rc-state")).to_have_text("Saved")
    expect(phone.locator("#rc-connection")).to_have_text("")
    assert _status(enrolled[1]) == "late"


def _as_a_station(route):
    """The catalogue, shown to nobody signed in, opting in as a venue's check-in station does: a worker for a page
    for nobody, and a JSON URL to keep."""
    response = route.fetch()
    html = response.text().replace(
        "</head>",
        '<meta name="offline-worker" content="/en/trainings/offline-worker.js" data-signed-out>'
        '<meta name="offline-keep" content="/healthz"></head>',
    )
    route.fulfill(response=response, body=html)


def test_a_page_for_nobody_opens_offline_with_its_data_and_goes_when_someone_signs_in(phone, switch, live_session):
    phone.route(re.compile(r"/en/trainings/$"), _as_a_station)
    phone.goto("/en/trainings/")
    expect(phone.locator("html")).to_have_attribute("data-offline", "kept", timeout=15000)
    assert phone.evaluate("async () => (await (await caches.match('/healthz')).json()).status") == "ok"
    phone.unroute(re.compile(r"/en/trainings/$"))
    # Another page for nobody (the station's own help page, say) leaves it as it is.
    phone.goto("/en/")
    assert sorted(phone.evaluate(KEPT_NAMES)) == ["offline-assets-v2", "offline-pages-v2"]
    assert phone.evaluate(REGISTRATIONS) == 1

    switch.down()
    heard = len(switch.requests)
    phone.goto("/en/trainings/")
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    assert phone.evaluate("async () => (await (await fetch('/healthz')).json()).status") == "ok"
    with pytest.raises(PlaywrightError):
        phone.evaluate("fetch('/en/trainings/offline-worker.js?not-kept')")  # what it did not ask to keep: no
    assert switch.requests[heard:] == []

    # Someone signs in on this device: what was kept for nobody goes.
    switch.up()
    log_in(phone, switch, UserFactory(email="someone@station.example"))
    phone.goto("/en/")
    _eventually(phone, f"async () => (await ({KEPT_NAMES})()).length === 0")
    _eventually(phone, f"async () => (await ({REGISTRATIONS})()) === 0")


def test_two_tabs_of_the_rollcall_share_one_outbox_and_lose_no_mark(phone, switch, live_session, enrolled):
    """A tab opened earlier and still open must not overwrite, with what it knew, the marks another tab queued."""
    trainer = live_session.cohort.trainers.get()
    log_in(phone, switch, trainer)
    _open_and_keep(phone, live_session)
    later = phone.context.new_page()
    later.goto(_rollcall(live_session))
    switch.down()
    phone.locator(f"#row-{enrolled[0].pk}").get_by_role("button", name="Absent").click()
    expect(phone.locator("#rc-waiting")).to_have_text("1")
    expect(later.locator("#rc-waiting")).to_have_text("1")  # told by the storage event
    phone.close()
    later.locator(f"#row-{enrolled[1].pk}").get_by_role("button", name="Excused").click()
    expect(later.locator("#rc-waiting")).to_have_text("2")
    switch.up()
    expect(later.locator("#rc-waiting")).to_have_text("0", timeout=20000)
    assert (_status(enrolled[0]), _status(enrolled[1])) == ("absent", "excused")
