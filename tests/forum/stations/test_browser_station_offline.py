"""Two check-in stations lose the server for real (tests/trainings/server_switch.py: its port closes, the browsers
and their service workers get "connection refused"), keep admitting from their manifests, reload without a
connection, and admit an overlapping badge; when the server is back their scans arrive, each once: one counting
check-in per person, both scans of the double admission kept, and the organisers' stations page reports it."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from forum.models import CheckIn
from forum.selectors.stations import station_report
from tests.browser import BROWSER, assert_fits, log_in

from .station_page import approve, credential, new_station, open_station, result, scan, venue_edition

pytestmark = BROWSER


@pytest.fixture
def devices(browser, switch):
    """Two 360 px phones (their own cookies and service workers) that reach the site through the switch."""
    contexts = [switch.phone(browser) for _ in range(2)]
    yield [context.new_page() for context in contexts]
    for context in contexts:
        context.close()


def test_two_stations_offline_admit_an_overlapping_badge_and_the_server_counts_it_once(
    devices, switch, organiser, browser, artifact_path
):
    venue = venue_edition()
    vannak, sophea, rithy = (
        approve(venue, organiser, given_name=name, family_name="Sok") for name in ("Vannak", "Sophea", "Rithy")
    )
    main, main_link = new_station(venue, organiser, name="Main door")
    side, side_link = new_station(venue, organiser, name="Side door")
    front, back = devices
    for page, link in ((front, main_link), (back, side_link)):
        open_station(page, link, 3)
        expect(page.locator("html")).to_have_attribute("data-offline", "kept", timeout=15000)

    switch.down()
    heard = len(switch.requests)
    # Both stations open again without a connection (from their own phones) and admit: Sophea at both.
    for page in devices:
        page.reload()
        expect(page.locator("#st-people")).to_contain_text("3 ")
    scan(front, credential(vannak).secret)
    scan(front, credential(sophea).secret)
    assert result(front)[0] == "admitted"
    scan(back, credential(sophea).secret)
    assert result(back)[0] == "admitted"  # this phone cannot know the other admitted her
    scan(back, credential(rithy).secret)
    scan(back, credential(rithy).secret)
    assert result(back)[0] == "already"  # but it knows whom it admitted itself
    for page, waiting in ((front, "2"), (back, "3")):
        expect(page.locator("#st-waiting")).to_have_text(waiting)
        expect(page.locator("#st-connection")).to_contain_text("Offline", timeout=15000)
    # A reload without a connection loses nothing.
    back.reload()
    expect(back.locator("#st-waiting")).to_have_text("3")
    expect(back.locator("#st-recent li")).to_have_count(3)
    assert_fits(back, 360)
    back.screenshot(path=artifact_path("station-offline-waiting-360.png"), full_page=True)
    assert switch.requests[heard:] == []  # nothing reached the server meanwhile
    assert not CheckIn.objects.exists()

    # The server is back. The main door's phone syncs first (the side door's still has no network of its own), then
    # the side door's, when its network returns.
    back.context.set_offline(True)
    switch.up()
    expect(front.locator("#st-waiting")).to_have_text("0", timeout=20000)
    back.context.set_offline(False)
    expect(back.locator("#st-waiting")).to_have_text("0", timeout=20000)
    expect(back.locator("#st-connection")).to_have_text("Online")
    sophea_at_back = back.locator("#st-recent li", has_text="Sophea")
    expect(sophea_at_back).to_contain_text("Already checked in")
    expect(sophea_at_back).to_contain_text("Corrected by the server")
    back.screenshot(path=artifact_path("station-after-sync-360.png"), full_page=True)

    assert CheckIn.objects.count() == 5
    counting = CheckIn.objects.filter(counts=True)
    assert sorted(counting.values_list("registration__user__given_name", flat=True)) == ["Rithy", "Sophea", "Vannak"]
    assert counting.get(registration=sophea).station == main
    later = CheckIn.objects.get(registration=sophea, station=side)
    assert (later.outcome, later.counts, later.offline) == ("already", False, True)
    assert CheckIn.objects.filter(registration=rithy, station=side, counts=False).get().outcome == "already"
    (double,) = station_report(edition=venue)["double"]
    assert (double.registration, double.first.station, double.later.station) == (sophea, main, side)

    # The organisers' page says what really happened.
    context = browser.new_context(viewport={"width": 360, "height": 740}, base_url=switch.url)
    report = context.new_page()
    log_in(report, switch, organiser)
    report.goto(reverse("forum_organiser:stations", kwargs={"slug": venue.slug}))
    expect(report.get_by_text("Side door").first).to_be_visible()
    body = report.locator("main")
    expect(body).to_contain_text(str(sophea.user.get_full_name() or sophea.user.given_name))
    report.screenshot(path=artifact_path("station-organiser-report-360.png"), full_page=True)
    context.close()
