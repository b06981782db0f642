"""A refused long form in Chromium: the summary of its errors opens the form, takes the focus and links to each field
(templates/bootstrap5/errors.html, static/js/error-summary.js). Screenshots in var/artifacts/."""

import pytest

from tests.browser import BROWSER, assert_fits, log_in
from tests.factories import (
    ForumEditionFactory,
    OrganiserFactory,
    RoomFactory,
    SessionFactory,
    UserFactory,
    forum_time,
)

pytestmark = BROWSER


@pytest.mark.parametrize(("fixture", "width"), [("phone_page", 360), ("laptop_page", 1280)])
def test_session_form_room_clash_focuses_the_summary_whose_link_reaches_the_field(
    request, live_server, artifact_path, fixture, width
):
    from playwright.sync_api import expect

    page = request.getfixturevalue(fixture)
    edition = ForumEditionFactory()
    room = RoomFactory(edition=edition, name="Mekong Room")
    SessionFactory(room=room, title_en="Keynote", starts_at=forum_time(edition, 0, 9))
    log_in(page, live_server, OrganiserFactory(with_totp=True))
    page.goto(f"/en/organiser/programme/{edition.slug}/sessions/new/")
    day = edition.starts_on.isoformat()
    page.get_by_label("Title (English)").fill("Age assurance in practice")
    page.get_by_label("Room").select_option(str(room.pk))
    page.locator("#id_starts_at").fill(f"{day}T09:30")
    page.locator("#id_ends_at").fill(f"{day}T10:30")
    page.get_by_role("button", name="Save").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    assert "Mekong Room is already booked at that time by “Keynote”." in summary.inner_text()
    assert_fits(page, width)
    page.screenshot(path=artifact_path(f"forms_session_clash_{width}.png"))
    summary.get_by_role("link", name="Starts at").click()
    expect(page.locator("#id_starts_at")).to_be_in_viewport()


def test_register_form_sent_empty_in_khmer_opens_the_khmer_summary_not_the_browsers_bubbles(
    phone_page, live_server, artifact_path
):
    """Without `novalidate`, Chromium would stop the empty form at its first required field with a bubble in the
    browser's language, and the page's Khmer summary would never come."""
    from playwright.sync_api import expect

    edition = ForumEditionFactory(slug="atf-2027")
    log_in(phone_page, live_server, UserFactory(language="km"))
    phone_page.goto(f"/km/forum/{edition.slug}/register/")
    phone_page.locator("#main form[method=post] [type=submit]").last.click()

    summary = phone_page.locator("#error-summary")
    expect(summary).to_be_focused()
    assert "សូមកែតម្រូវនៅខាងក្រោម" in summary.inner_text()
    assert phone_page.evaluate("document.documentElement.lang") == "km"
    phone_page.screenshot(path=artifact_path("forms_register_km_360.png"))
