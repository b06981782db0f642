"""The privacy pages on a 360 px phone: the retention table stacks, a refusal shows beside its field, the new date
after saving, and the access log."""

import datetime

from django.urls import reverse
from django.utils import timezone

from people.access import Kind, reveal_record
from tests.browser import BROWSER, assert_fits, log_in
from tests.factories import ForumEditionFactory, OrganiserFactory, RegistrationFactory, VisaRequestFactory

pytestmark = BROWSER


def test_the_privacy_pages_on_a_phone(phone_page, live_server, artifact_path):
    page = phone_page
    today = timezone.localdate()
    edition = ForumEditionFactory(
        title_en="ASEAN Technology Forum on Child Protection Online with a long title",
        starts_on=today + datetime.timedelta(days=8),
        ends_on=today + datetime.timedelta(days=10),
    )
    VisaRequestFactory(registration__edition=edition)
    RegistrationFactory(edition=edition)
    organiser = OrganiserFactory(with_totp=True)
    reveal_record(by=organiser, kind=Kind.EXPORT, subject=f"Registrations of {edition} (CSV)", people=2)
    log_in(page, live_server, organiser)

    page.goto(reverse("privacy_organiser:retention"))
    row = page.get_by_test_id(f"retention-{edition.slug}")
    assert "Those of 1 registration" in row.inner_text()
    assert_fits(page, 360)
    row.get_by_label("Days kept after the forum").fill("12")
    row.get_by_role("button", name="Save").click()
    row = page.get_by_test_id(f"retention-{edition.slug}")
    assert "Keep personal data between 30 and 3650 days after the forum." in row.inner_text()
    assert row.get_by_label("Days kept after the forum").input_value() == "12"
    assert_fits(page, 360)
    page.screenshot(path=artifact_path("privacy_retention_360.png"), full_page=True)
    row.get_by_label("Days kept after the forum").fill("90")
    row.get_by_role("button", name="Save").click()
    on = edition.ends_on + datetime.timedelta(days=90)
    assert f"will be anonymised on {on.day} {on:%B %Y}" in page.locator("main").inner_text()

    page.get_by_role("link", name="Who saw personal data in bulk: the access log").click()
    assert f"Registrations of {edition} (CSV)" in page.locator("main").inner_text()
    assert_fits(page, 360)
    page.screenshot(path=artifact_path("privacy_log_360.png"), full_page=True)
