"""The check-in station page at a 360 px phone: a badge filmed by Chromium's fake camera admits its holder; a typed
name checks a delegate in; every result is big, in colour, words and an icon, and the server's verdict stands; a
session door shows its live capacity; a revoked station says so; the walk-in desk registers a person and their badge
admits them.

Each result state is saved as a screenshot in var/artifacts/station-*.png."""

import pytest
from playwright.sync_api import expect

from forum.models import AgendaChoice, CheckIn, Registration
from forum.services.credentials import credential_reissue
from forum.services.stations import station_revoke
from tests.browser import BROWSER, assert_fits, browser_page, log_in
from tests.conftest import CHROMIUM
from tests.factories import RoomFactory, SessionFactory

from .fake_camera import badge_picture, camera_frame, write_y4m
from .station_page import approve, credential, new_station, open_station, result, scan, venue_edition

pytestmark = BROWSER


@pytest.fixture
def venue(db):
    return venue_edition()


def test_a_badge_filmed_by_the_camera_admits_its_holder(
    browser, live_server, venue, organiser, tmp_path, artifact_path
):
    person = approve(venue, organiser, given_name="Vannak", family_name="Sok", native_name="សុខ វណ្ណៈ")
    approve(venue, organiser, given_name="Sophea", family_name="Lim")
    station, link = new_station(venue, organiser)
    video = write_y4m(tmp_path / "badge.y4m", camera_frame(badge_picture(person, credential(person))))
    # A Chromium of its own: the fake camera's file is given when the browser starts.
    camera_browser = browser.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        with browser_page(camera_browser, live_server, 360, 740) as page:
            open_station(page, link, 2)
            expect(page.locator("#st-result")).to_have_attribute("data-outcome", "idle")
            page.get_by_role("button", name="Start the camera").click()
            expect(page.locator("#st-result")).to_have_attribute("data-outcome", "admitted", timeout=15000)
            expect(page.locator("#st-name")).to_contain_text("សុខ វណ្ណៈ")
            expect(page.locator("#st-source")).to_contain_text("Confirmed by the server", timeout=10000)
            expect(page.locator("#st-camera")).to_have_attribute("aria-pressed", "true")
            assert_fits(page, 360)
            page.screenshot(path=artifact_path("station-camera-admitted-360.png"))
            # The same badge stays in view: one scan, not one per frame.
            page.wait_for_timeout(1500)
            assert page.locator("#st-recent li").count() == 1
    finally:
        camera_browser.close()
    (row,) = CheckIn.objects.filter(registration=person)
    assert (row.outcome, row.counts, row.credential_id, row.station_id) == (
        "admitted",
        True,
        credential(person).pk,
        station.pk,
    )


def test_a_typed_name_checks_a_delegate_in(phone_page, live_server, venue, organiser, artifact_path):
    person = approve(venue, organiser, given_name="Sophea", family_name="Lim", native_name="លឹម សុភា")
    approve(venue, organiser, given_name="Dara", family_name="Chan")
    _station, link = new_station(venue, organiser, name="Registration desk")
    open_station(phone_page, link, 2)
    phone_page.get_by_label("Name, name in Latin letters, or reference").fill("soph")
    match = phone_page.locator(".st-match")
    expect(match).to_have_count(1)
    expect(match).to_contain_text("លឹម សុភា")
    expect(match).to_contain_text(person.reference)
    phone_page.screenshot(path=artifact_path("station-search-360.png"))
    # Keyboard only: Enter in the search box checks in the one match.
    phone_page.press("#st-q", "Enter")
    expect(phone_page.locator("#st-result")).to_have_attribute("data-outcome", "admitted")
    expect(phone_page.locator("#st-source")).to_contain_text("Confirmed by the server")
    (row,) = CheckIn.objects.filter(registration=person)
    assert (row.outcome, row.counts, row.credential_id) == ("admitted", True, None)


def test_every_result_is_unmistakable_and_the_server_has_the_last_word(
    phone_page, live_server, venue, organiser, artifact_path
):
    adult = approve(venue, organiser, given_name="Vannak", family_name="Sok")
    youth = approve(venue, organiser, given_name="Dara", family_name="Kim", chaperone="Lim Sophea")
    pending = approve(venue, organiser, given_name="An", family_name="Nguyen", status=Registration.Status.SUBMITTED)
    lost = approve(venue, organiser, given_name="Mali", family_name="Chea")
    old_secret = credential(lost).secret
    credential_reissue(registration=lost, by=organiser)
    _station, link = new_station(venue, organiser)
    open_station(phone_page, link, 4)
    announced = phone_page.locator("#st-words")
    expect(announced).to_have_attribute("aria-live", "assertive")

    def check(secret, outcome, *words, shot):
        seconds = scan(phone_page, secret)
        state, text = result(phone_page)
        assert state == outcome, text
        for word in words:
            assert word in text, text
        expect(phone_page.locator("#st-source")).to_contain_text("Confirmed by the server")
        assert_fits(phone_page, 360)
        phone_page.screenshot(path=artifact_path(f"station-{shot}-360.png"))
        print(f"{shot}: answered on the page in {seconds * 1000:.0f} ms")  # a figure for the report

    check(credential(adult).secret, "admitted", "Admitted", "Vannak", shot="admitted")
    check(credential(adult).secret, "already", "Already checked in", "Main door", shot="already")
    check(credential(youth).secret, "admitted", "Youth delegate", "Lim Sophea", shot="youth")
    check(credential(pending).secret, "not_approved", "Not approved", shot="not-approved")
    check(old_secret, "replaced", "Badge replaced", shot="replaced")
    check("A" * 22, "unknown", "Unknown badge", shot="unknown")
    recent = phone_page.locator("#st-recent li")
    expect(recent).to_have_count(6)
    assert CheckIn.objects.count() == 6
    assert CheckIn.objects.filter(counts=True).count() == 2


def test_a_session_door_shows_its_live_capacity_and_admits_no_one_past_it(
    phone_page, live_server, venue, organiser, artifact_path
):
    session = SessionFactory(room=RoomFactory(edition=venue, name="Room B"), requires_signup=True, signup_capacity=1)
    first, second, outsider = (approve(venue, organiser, given_name=name) for name in ("Vannak", "Sophea", "Rithy"))
    AgendaChoice.objects.bulk_create([AgendaChoice(registration=first, session=session)])
    AgendaChoice.objects.bulk_create([AgendaChoice(registration=second, session=session)])
    station, link = new_station(venue, organiser, name="Room B door", session=session)
    open_station(phone_page, link, 3)
    capacity = phone_page.locator("#st-capacity")
    expect(capacity).to_have_text("0 of 1 seats taken")
    scan(phone_page, credential(outsider).secret)
    assert result(phone_page)[0] == "wrong_day"
    phone_page.screenshot(path=artifact_path("station-wrong-session-360.png"))
    scan(phone_page, credential(first).secret)
    assert result(phone_page)[0] == "admitted"
    expect(capacity).to_have_text("1 of 1 seats taken")
    scan(phone_page, credential(second).secret)
    assert result(phone_page)[0] == "full"
    expect(phone_page.locator("#st-source")).to_contain_text("Confirmed by the server")
    phone_page.screenshot(path=artifact_path("station-full-360.png"))

    assert station.checkins.filter(counts=True).get().registration == first
    assert station.checkins.get(registration=second).outcome == "full"


def test_a_revoked_station_says_so_and_admits_nobody(phone_page, live_server, venue, organiser, artifact_path):
    person = approve(venue, organiser, given_name="Vannak")
    station, link = new_station(venue, organiser)
    open_station(phone_page, link, 1)
    station_revoke(station=station)
    scan(phone_page, credential(person).secret)  # decided on the device; the server refuses the sync
    blocked = phone_page.locator("#st-blocked")
    expect(blocked).to_be_visible(timeout=15000)
    expect(blocked).to_contain_text("revoked")
    expect(phone_page.locator("#st-search")).to_be_hidden()
    phone_page.screenshot(path=artifact_path("station-revoked-360.png"))
    assert not CheckIn.objects.exists()
    # Opened again, the page itself says it (no manifest is sent any more).
    response = phone_page.goto(link)
    assert response.status == 404
    assert phone_page.evaluate("Object.keys(localStorage).filter((k) => k.includes(':manifest'))") == []


def test_the_walk_in_desk_registers_a_person_whose_badge_the_doors_then_know(
    browser, live_server, venue, organiser, artifact_path
):
    approve(venue, organiser, given_name="Vannak")
    desk, desk_link = new_station(venue, organiser, name="Walk-in desk", admits_walk_ins=True)
    _door, door_link = new_station(venue, organiser, name="Main door")
    with browser_page(browser, live_server, 360, 740) as page, browser_page(browser, live_server, 360, 740) as door:
        open_station(door, door_link, 1)
        open_station(page, desk_link, 1)
        walk_in = page.get_by_role("link", name="Register a walk-in (organisers)")
        log_in(page, live_server, organiser)
        walk_in.click()
        page.locator("input[name=email]").fill("bopha.keo@example.org")
        page.locator("input[name=given_name]").fill("Bopha")
        page.locator("input[name=family_name]").fill("Keo")
        page.locator("input[name=new_organisation_name]").fill("Phnom Penh Youth Network")
        page.locator("select[name=country]").select_option("KH")
        page.locator("select[name=station]").select_option(label="Walk-in desk")
        assert_fits(page, 360)
        page.get_by_role("button", name="Register, approve and check in").click()
        done = page.get_by_test_id("walk-in-done")
        expect(done).to_contain_text("registered and approved")
        print_now = done.get_by_role("link", name="Print their badge now (A6)")
        expect(print_now).to_be_visible()
        badge = page.request.get(print_now.get_attribute("href"))  # the PDF itself, at once
        assert badge.headers["content-type"] == "application/pdf" and badge.body().startswith(b"%PDF")
        page.screenshot(path=artifact_path("station-walk-in-done-360.png"), full_page=True)
        walk = Registration.objects.get(user__email="bopha.keo@example.org")
        assert walk.status == Registration.Status.APPROVED
        assert CheckIn.objects.filter(registration=walk, counts=True, station=desk).exists()
        # The main door's next manifest knows the new badge: it was checked in at the desk.
        door.reload()
        expect(door.locator("#st-people")).to_contain_text("2 ")
        scan(door, credential(walk).secret)
        expect(door.locator("#st-result")).to_have_attribute("data-outcome", "already")
        expect(door.locator("#st-why")).to_contain_text("Walk-in desk")
