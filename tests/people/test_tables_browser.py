"""Wide organiser tables (`{% table label stack=True %}`) in Chromium: at 360 px one card per row whose name, status
and actions are in view without scrolling sideways; at 1280 px the same rows as a table with its headers. Screenshots
in var/artifacts/."""

import pytest

from forum.models import Registration
from tests.browser import BROWSER, assert_fits, log_in
from tests.factories import (
    CohortFactory,
    EnrollmentFactory,
    FocalPointFactory,
    ForumEditionFactory,
    MembershipFactory,
    OrganisationFactory,
    OrganiserFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = BROWSER
S = Registration.Status

IN_VIEW = """(elements, width) => elements
    .filter(el => {
        const box = el.getBoundingClientRect();
        return box.width === 0 || box.left < 0 || box.right > width;
    })
    .map(el => el.textContent.trim() || el.outerHTML.slice(0, 60))"""


def _off_screen(page, selector: str, width: int) -> list[str]:
    """The elements matching `selector` that are not wholly within the page's width (or not shown at all)."""
    return page.locator(selector).evaluate_all(IN_VIEW, width)


def _no_sideways_scroll(page, table_selector: str) -> bool:
    """The table's scrolling region has nothing to scroll sideways."""
    return page.locator(table_selector).evaluate(
        "t => { const r = t.closest('.table-responsive'); return r.scrollWidth <= r.clientWidth; }"
    )


def _rows_in_view(page, table: str, width: int, *, rows: int, parts) -> None:
    """`table` has `rows` rows, each one's `parts` (selectors) wholly within the page's width, and the page fits."""
    assert page.locator(f"{table} tbody tr").count() == rows
    for selector in parts:
        assert _off_screen(page, f"{table} tbody {selector}", width) == [], selector
    # On a phone nothing is left to scroll to; wider, the table keeps its columns and scrolls inside its region.
    assert _no_sideways_scroll(page, table) or width > 768
    assert_fits(page, width)


def _registrations():
    edition = ForumEditionFactory(slug="atf-2027", reference_prefix="ATF27", capacity=10)
    people = [
        ("Sokha", "Chan", "សុខា ចាន់", S.APPROVED, "Ministry of Posts and Telecommunications of the Kingdom"),
        ("Somchai", "Wongsakul", "สมชาย วงศ์สกุล", S.SUBMITTED, "Digital Economy Promotion Agency"),
        ("Aung", "Kyaw", "အောင်ကျော်", S.WAITLISTED, "Myanmar ICT Association"),
    ]
    for given, family, native, status, organisation in people:
        RegistrationFactory(
            edition=edition,
            user=UserFactory(
                given_name=given,
                family_name=family,
                native_name=native,
                email=f"{given.lower()}.{family.lower()}@long-ministry-domain.example.org",
            ),
            status=status,
            organisation=OrganisationFactory(name=organisation),
            needs_visa_letter=True,
        )
    return edition


@pytest.mark.parametrize(("fixture", "width"), [("phone_page", 360), ("laptop_page", 1280)])
def test_registrations_list_shows_each_row_reference_status_name_and_check_box_in_view(
    request, live_server, artifact_path, fixture, width
):
    page = request.getfixturevalue(fixture)
    edition = _registrations()
    log_in(page, live_server, OrganiserFactory(with_totp=True))
    page.goto(f"/en/organiser/forum/{edition.slug}/registrations/")

    table = "#main table.table-stack"
    _rows_in_view(
        page, table, width, rows=3, parts=("td label", ".forum-reference", ".forum-status", ".table-stack-title")
    )
    # One check box per row, reached by its label; the rows are still a table with its column headers.
    page.get_by_label("Select ATF27-0002").check()
    assert page.get_by_label("Select ATF27-0002").is_checked()
    assert page.get_by_role("columnheader", name="Status").count() == 1
    headers_shown = page.locator(f"{table} thead").evaluate("el => el.getBoundingClientRect().height > 1")
    assert headers_shown is (width > 768)
    if width < 768:
        # Each value is named by its column in the card.
        label = page.locator(f"{table} tbody tr").first.locator("td[data-label=Country]")
        assert label.evaluate("td => getComputedStyle(td, '::before').content") == '"Country"'
    page.screenshot(path=artifact_path(f"tables_registrations_{width}.png"), full_page=True)


@pytest.mark.parametrize(("fixture", "width"), [("phone_page", 360), ("laptop_page", 1280)])
def test_company_enrolments_show_person_status_and_withdraw_in_view(
    request, live_server, artifact_path, fixture, width
):
    page = request.getfixturevalue(fixture)
    company = OrganisationFactory(name="Mekong Mobile")
    focal_point = FocalPointFactory(organisation=company).user
    cohort = CohortFactory(code="COP-2027-01", course__title_en="Child online protection for platform engineers")
    for given, family in [("Vannak", "Sok"), ("Sophea", "Lim")]:
        member = MembershipFactory(organisation=company, user=UserFactory(given_name=given, family_name=family)).user
        EnrollmentFactory(cohort=cohort, organisation=company, user=member)
    log_in(page, live_server, focal_point)
    page.goto(f"/en/trainings/company/{company.pk}/")

    table = "#company-enrolments"
    _rows_in_view(page, table, width, rows=2, parts=(".table-stack-title", ".trainings-status", "button"))
    assert page.get_by_role("button", name="Withdraw Vannak Sok").is_visible()
    page.locator(table).scroll_into_view_if_needed()
    page.screenshot(path=artifact_path(f"tables_company_enrolments_{width}.png"), full_page=True)


@pytest.mark.parametrize(("fixture", "width"), [("phone_page", 360), ("laptop_page", 1280)])
def test_organiser_cohort_enrolments_show_person_score_status_and_withdraw_in_view(
    request, live_server, artifact_path, fixture, width
):
    page = request.getfixturevalue(fixture)
    cohort = CohortFactory(code="COP-2027-02", course__has_assessment=True, course__pass_mark=70)
    company = OrganisationFactory(name="Mekong Mobile Telecommunications Company Limited")
    for given, family in [("Vannak", "Sok"), ("Sophea", "Lim")]:
        EnrollmentFactory(cohort=cohort, organisation=company, user=UserFactory(given_name=given, family_name=family))
    log_in(page, live_server, OrganiserFactory(with_totp=True))
    page.goto(f"/en/organiser/trainings/cohorts/{cohort.pk}/")

    table = "#organiser-enrolments"
    _rows_in_view(page, table, width, rows=2, parts=(".table-stack-title", ".trainings-status", "input", "button"))
    assert page.get_by_role("button", name="Withdraw Vannak Sok").is_visible()
    page.locator(table).scroll_into_view_if_needed()
    page.screenshot(path=artifact_path(f"tables_cohort_enrolments_{width}.png"), full_page=True)


def test_certificate_lists_are_cards_on_a_phone(phone_page, live_server, artifact_path):
    """The participation, speaker and cohort certificate lists: each row's tick box, name and certificate in view at
    360 px, nothing to scroll sideways."""
    edition = _registrations()
    cohort = CohortFactory(code="COP-2027-03")
    EnrollmentFactory(cohort=cohort, organisation=OrganisationFactory(name="Mekong Mobile Telecommunications"))
    log_in(phone_page, live_server, OrganiserFactory(with_totp=True))
    pages = {
        "#participation-certificates": f"/en/organiser/forum/{edition.slug}/certificates/",
        "#speaker-certificates": f"/en/organiser/forum/{edition.slug}/certificates/speakers/",
        "#cohort-certificates": f"/en/organiser/trainings/cohorts/{cohort.pk}/certificates/",
    }
    for table, url in pages.items():
        phone_page.goto(url)
        assert phone_page.locator(f"{table}.table-stack").count() == 1, table
        for selector in (".table-stack-title", "[data-label]"):
            assert _off_screen(phone_page, f"{table} tbody {selector}", 360) == [], (table, selector)
        assert _no_sideways_scroll(phone_page, table), table
        assert_fits(phone_page, 360)
        phone_page.screenshot(path=artifact_path(f"tables_{table[1:]}_360.png"), full_page=True)
