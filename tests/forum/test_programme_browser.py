"""The programme in a real browser: a delegate builds an agenda on a 360 px phone; screenshots at 360 and 1280."""

import re

import icalendar

from forum.models import Registration
from forum.services.programme import programme_publish
from tests.browser import BROWSER, assert_fits, log_in
from tests.factories import (
    ForumEditionFactory,
    RegistrationFactory,
    RoomFactory,
    SessionFactory,
    SessionSpeakerFactory,
    forum_time,
)

pytestmark = BROWSER


def _programme():
    edition = ForumEditionFactory(slug="atf-2027")
    programme_publish(edition=edition)
    plenary = RoomFactory(edition=edition, name="Plenary Hall", position=0)
    mekong = RoomFactory(edition=edition, name="Mekong Room", position=1)
    angkor = RoomFactory(edition=edition, name="Angkor Room", position=2)
    SessionFactory(room=plenary, kind="plenary", title_en="Opening plenary", starts_at=forum_time(edition, 0, 9))
    SessionFactory(
        room=plenary,
        kind="break",
        title_en="Coffee break",
        starts_at=forum_time(edition, 0, 10),
        ends_at=forum_time(edition, 0, 10, 30),
    )
    safety = SessionFactory(room=mekong, title_en="Safety by design", starts_at=forum_time(edition, 0, 10, 30))
    SessionSpeakerFactory(session=safety, guest_name="Dr Sophea Chan")
    SessionFactory(room=angkor, title_en="CSAM reporting", track="Reporting", starts_at=forum_time(edition, 0, 11))
    SessionFactory(
        room=mekong,
        kind="workshop",
        title_en="Age checks workshop",
        starts_at=forum_time(edition, 1, 9),
        requires_signup=True,
        signup_capacity=20,
    )
    return edition


def _add(page, title):
    page.locator(".programme-list .programme-session", has_text=title).get_by_role(
        "button", name=re.compile("Add to my agenda")
    ).click()
    page.wait_for_load_state()


def test_browser_delegate_builds_agenda_on_phone_and_downloads_ics(phone_page, live_server, artifact_path):
    page = phone_page
    edition = _programme()
    registration = RegistrationFactory(edition=edition, status=Registration.Status.APPROVED)
    log_in(page, live_server, registration.user)

    page.goto("/en/forum/atf-2027/programme/")
    assert page.locator(".programme-list").first.is_visible()
    assert not page.locator(".programme-grid").first.is_visible()
    assert_fits(page, 360)
    _add(page, "Opening plenary")
    assert "“Opening plenary” is in your agenda." in page.locator(".alert").first.inner_text()
    _add(page, "Safety by design")
    _add(page, "CSAM reporting")  # 11:00–12:00 overlaps Safety by design (10:30–11:30)
    alert = page.locator(".alert-danger, .alert-error").first.inner_text()
    assert "overlaps “Safety by design”" in alert
    page.screenshot(path=artifact_path("programme-agenda-refusal-360.png"), full_page=True)

    page.goto("/en/forum/atf-2027/my-agenda/")
    agenda = page.locator('[data-testid="agenda"]').inner_text()
    assert "Opening plenary" in agenda and "Safety by design" in agenda and "CSAM reporting" not in agenda
    page.get_by_role("button", name="Create a calendar address").click()
    page.wait_for_load_state()
    link = page.locator('[data-testid="agenda-ics"]')
    box = link.bounding_box()
    assert box["height"] >= 44
    with page.expect_download() as download_info:
        link.click()
    content = open(download_info.value.path(), "rb").read()  # noqa: SIM115
    cal = icalendar.Calendar.from_ical(content)
    assert sorted(str(e["SUMMARY"]) for e in cal.walk("VEVENT")) == ["Opening plenary", "Safety by design"]
    assert {str(e["LOCATION"]) for e in cal.walk("VEVENT")} == {
        f"{room}, {edition.venue}" for room in ("Plenary Hall", "Mekong Room")
    }
    assert_fits(page, 360)
    page.screenshot(path=artifact_path("programme-my-agenda-360.png"), full_page=True)


def test_browser_programme_screenshots_phone_and_laptop(phone_page, laptop_page, artifact_path):
    _programme()
    phone_page.goto("/en/forum/atf-2027/programme/")
    assert phone_page.locator(".programme-list").first.is_visible()
    assert_fits(phone_page, 360)
    phone_page.screenshot(path=artifact_path("programme-360.png"), full_page=True)
    laptop_page.goto("/en/forum/atf-2027/programme/")
    assert laptop_page.locator(".programme-grid").first.is_visible()
    assert not laptop_page.locator(".programme-list").first.is_visible()
    headers = laptop_page.locator(".programme-grid thead th").all_inner_texts()
    assert headers[:4] == ["Time", "Plenary Hall", "Mekong Room", "Angkor Room"]
    laptop_page.screenshot(path=artifact_path("programme-1280.png"), full_page=True)


def test_browser_organiser_editor_on_laptop(laptop_page, live_server, artifact_path):
    from tests.factories import OrganiserFactory

    edition = _programme()
    room = RoomFactory(edition=edition, name="Bassac Room", capacity=10, position=3)
    SessionFactory(
        room=room,
        title_en="Big workshop",
        starts_at=forum_time(edition, 0, 14),
        requires_signup=True,
        signup_capacity=40,
    )
    log_in(laptop_page, live_server, OrganiserFactory(with_totp=True))
    laptop_page.goto(f"/en/organiser/programme/{edition.slug}/")
    assert "offers 40 places but Bassac Room holds 10" in laptop_page.locator('[data-testid="conflicts"]').inner_text()
    laptop_page.locator(".programme-editor a", has_text="Safety by design").click()
    laptop_page.wait_for_url(re.compile(r"/sessions/\d+/$"))
    assert laptop_page.locator("#id_starts_at").input_value().endswith("T10:30")
    laptop_page.goto(f"/en/organiser/programme/{edition.slug}/")
    laptop_page.screenshot(path=artifact_path("programme-editor-1280.png"), full_page=True)
