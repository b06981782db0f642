"""At 360 px, an organiser reads the day's attendance, marks a delegate who came on one day of two as having
attended (the reason required, said beside the field) and issues the participation certificates."""

import datetime

import pytest
from django.utils import timezone

from certificates.models import Certificate, Kind
from forum.models import AttendanceOverride
from tests.browser import BROWSER, assert_fits, log_in
from tests.factories import ForumEditionFactory, OrganiserFactory, RegistrationFactory, UserFactory
from tests.forum.attendance.helpers import check_in, station
from tests.integration.conftest import make_template

pytestmark = BROWSER


@pytest.mark.parametrize(("fixture", "width"), [("phone_page", 360)])
def test_organiser_reads_attendance_and_overrides_one_delegate(request, live_server, artifact_path, fixture, width):
    page = request.getfixturevalue(fixture)
    make_template(Kind.FORUM_PARTICIPATION)
    today = timezone.localdate()
    edition = ForumEditionFactory(
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today,
        days_for_certificate=2,
        registration_opens_at=timezone.now() - datetime.timedelta(days=60),
        registration_closes_at=timezone.now() - datetime.timedelta(days=5),
    )

    def approved(given, **kwargs):
        return RegistrationFactory(edition=edition, status="approved", user=UserFactory(given_name=given), **kwargs)

    both, half = approved("Sokha", country="KH"), approved("Malee", country="TH")
    absent = approved("Minh", country="VN")
    door = station(edition)
    check_in(both, day=0, at=door)
    check_in(both, day=1, at=door)
    check_in(half, day=1, at=door)
    log_in(page, live_server, OrganiserFactory(with_totp=True))

    page.goto(f"/en/organiser/forum/{edition.slug}/")
    page.get_by_role("link", name="Attendance", exact=True).click()
    assert page.get_by_test_id("checked-in").inner_text() == "2"
    assert page.get_by_test_id("no-shows-count").inner_text() == "1"
    assert page.locator("#attendance-no-shows").get_by_text(absent.user.get_full_name()).is_visible()
    assert page.locator("#attendance-by-country").get_by_role("cell", name="Thailand").is_visible()
    assert_fits(page, width)
    page.screenshot(path=artifact_path(f"attendance_day_{width}.png"), full_page=True)

    page.goto(f"/en/organiser/forum/{edition.slug}/certificates/")
    assert page.locator(f"#attended-{both.pk}").is_checked()
    assert page.locator(f"#attended-{half.pk}").count() == 0
    page.get_by_role("link", name=f"Mark as attended · {half.user.get_full_name()}").click()
    page.get_by_role("button", name="Mark as having attended").click()
    # Said beside the field (and in the summary above the form).
    assert page.get_by_text("Say why this delegate counts as having attended.", exact=True).is_visible()
    assert_fits(page, width)
    page.get_by_label("Why this delegate counts as having attended").fill("Signed the paper list on day 1")
    page.get_by_role("button", name="Mark as having attended").click()
    assert page.locator(f"#attended-{half.pk}").is_checked()
    assert AttendanceOverride.objects.get().registration == half
    page.get_by_role("button", name="Issue participation certificates for the ticked delegates").click()
    assert page.get_by_text("Certificates issued: 2. Already issued before: 0.").is_visible()
    assert_fits(page, width)
    page.screenshot(path=artifact_path(f"attendance_certificates_{width}.png"), full_page=True)
    assert set(Certificate.objects.values_list("source_key", flat=True)) == {
        f"registration:{both.pk}",
        f"registration:{half.pk}",
    }
