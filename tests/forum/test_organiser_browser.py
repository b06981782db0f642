"""The organisers' registrations list in Chromium at 360 px and 1280 px: filters, bulk approve with the waiting
list offer, no page-wide horizontal scrolling, touch targets of at least 44 px. Screenshots in var/artifacts/."""

import pytest

from forum.models import Registration
from tests.browser import BROWSER, assert_fits, log_in
from tests.factories import (
    CountryQuotaFactory,
    ForumEditionFactory,
    OrganisationFactory,
    OrganiserFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = BROWSER
S = Registration.Status


def _edition():
    edition = ForumEditionFactory(slug="atf-2027", reference_prefix="ATF27", capacity=3)
    CountryQuotaFactory(edition=edition, country="TH", seats=1)
    people = [
        ("Sokha", "Chan", "សុខា ចាន់", "KH", S.APPROVED, "Ministry of Posts and Telecommunications"),
        ("Somchai", "Wongsakul", "สมชาย วงศ์สกุล", "TH", S.SUBMITTED, "Digital Economy Promotion Agency"),
        ("Nguyen", "Lan", "Nguyễn Lan", "VN", S.SUBMITTED, "Viettel Group"),
        ("Maria", "Santos", "", "PH", S.SUBMITTED, "Stairway Foundation"),
        ("Aung", "Kyaw", "အောင်ကျော်", "MM", S.WAITLISTED, "Myanmar ICT Association"),
    ]
    for given, family, native, country, status, organisation in people:
        RegistrationFactory(
            edition=edition,
            user=UserFactory(given_name=given, family_name=family, native_name=native),
            country=country,
            status=status,
            organisation=OrganisationFactory(name=organisation),
            needs_visa_letter=country != "KH",
        )
    return edition


def _touch_targets_ok(page) -> list:
    """Visible buttons, links in the main content and check-box labels smaller than 44 px high."""
    return page.evaluate(
        """() => [...document.querySelectorAll('main .btn, main td label, main .page-link, main .nav-link')]
            .filter(el => el.offsetParent !== null)
            .map(el => [el.textContent.trim().slice(0, 30), el.getBoundingClientRect().height])
            .filter(([, h]) => h < 44)"""
    )


@pytest.mark.parametrize(("fixture", "width"), [("phone_page", 360), ("laptop_page", 1280)])
def test_organiser_browser_registrations_list(request, live_server, artifact_path, fixture, width):
    page = request.getfixturevalue(fixture)
    edition = _edition()
    log_in(page, live_server, OrganiserFactory(with_totp=True))

    page.goto(f"/en/organiser/forum/{edition.slug}/registrations/")
    assert page.locator("h2", has_text="Registrations").is_visible()
    assert page.get_by_test_id("match-count").inner_text() == "5 registrations match."
    assert_fits(page, width)
    assert _touch_targets_ok(page) == []
    page.screenshot(path=artifact_path(f"organiser_registrations_{width}.png"), full_page=True)

    # Filter, then approve two submitted registrations: Thailand's quota is free, then the total is full.
    page.get_by_label("Status").select_option("submitted")
    page.get_by_role("button", name="Filter").click()
    assert page.get_by_test_id("match-count").inner_text() == "3 registrations match."
    page.get_by_label("Select ATF27-0002").check()
    page.get_by_label("Select ATF27-0003").check()
    page.get_by_label("Select ATF27-0004").check()
    page.get_by_label("Action").select_option("approve")
    page.get_by_label("Message to the delegates").fill("Welcome to Phnom Penh")
    page.get_by_role("button", name="Apply to the selected registrations").click()

    results = page.get_by_test_id("bulk-results")
    assert "Approve: 2 of 3 done" in results.inner_text()
    assert "No seat is left" in results.inner_text()
    page.screenshot(path=artifact_path(f"organiser_bulk_results_{width}.png"), full_page=True)
    page.get_by_role("button", name="Put the 1 registration without a seat on the waiting list").click()
    assert "Put on the waiting list: 1 of 1 done" in page.get_by_test_id("bulk-results").inner_text()
    statuses = dict(Registration.objects.filter(edition=edition).values_list("number", "status"))
    assert statuses == {1: S.APPROVED, 2: S.APPROVED, 3: S.APPROVED, 4: S.WAITLISTED, 5: S.WAITLISTED}

    page.get_by_role("link", name="Clear").click()
    page.get_by_role("link", name="ATF27-0002").click()
    assert "Welcome to Phnom Penh" in page.get_by_test_id("history").inner_text()
    assert_fits(page, width)
    page.screenshot(path=artifact_path(f"organiser_registration_detail_{width}.png"), full_page=True)


@pytest.mark.parametrize("section", ["", "quotas/", "policies/", "edit/"])
def test_organiser_browser_edition_pages_fit_a_phone(phone_page, live_server, artifact_path, section):
    page = phone_page
    edition = _edition()
    log_in(page, live_server, OrganiserFactory(with_totp=True))
    page.goto(f"/en/organiser/forum/{edition.slug}/{section}")
    assert page.locator("h1").inner_text().startswith("ASEAN Technology Forum")
    assert_fits(page, 360)
    # Every input has a label.
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('main input:not([type=hidden]), main select, main textarea')]
            .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')).map(el => el.name)"""
    )
    assert unlabelled == []
    name = section.strip("/") or "overview"
    page.screenshot(path=artifact_path(f"organiser_edition_{name}_360.png"), full_page=True)
