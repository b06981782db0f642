"""The delegate's path on a 360 px phone, in Khmer: register, see the status, edit, cancel."""

import re

from forum.models import ForumEdition, Registration
from tests.browser import BROWSER, agree_and_submit, assert_fits, log_in
from tests.factories import ForumEditionFactory, OrganisationFactory, UserFactory

pytestmark = BROWSER


def test_browser_delegate_registers_edits_and_cancels_in_khmer_on_a_phone(phone_page, live_server, artifact_path):
    page = phone_page
    edition = ForumEditionFactory(
        slug="atf-2027",
        reference_prefix="ATF27",
        title_km="វេទិកាបច្ចេកវិទ្យាអាស៊ាន ២០២៧",
        mode=ForumEdition.Mode.AUTO,
        capacity=10,
    )
    organisation = OrganisationFactory(name="Mekong Mobile")
    user = UserFactory(given_name="Sokha", family_name="Chan", native_name="ចាន់ សុខា", language="km")
    log_in(page, live_server, user)

    page.goto("/km/forum/atf-2027/")
    assert page.locator("html").get_attribute("lang") == "km"
    assert page.locator("h1").inner_text() == "វេទិកាបច្ចេកវិទ្យាអាស៊ាន ២០២៧"
    assert_fits(page, 360)
    page.locator('a[href="/km/forum/atf-2027/register/"]').click()
    page.wait_for_url(re.compile(r"/km/forum/atf-2027/register/$"))

    assert "ចាន់ សុខា" in page.locator(".forum-names").inner_text()
    # Passport questions appear only when a visa letter is needed.
    assert not page.locator("#id_passport_number").is_visible()
    page.check("#id_needs_visa_letter")
    assert page.locator("#id_passport_number").is_visible()
    page.uncheck("#id_needs_visa_letter")
    assert not page.locator("#id_passport_number").is_visible()

    page.select_option("#id_category", "tech_company")
    page.select_option("#id_organisation", str(organisation.pk))
    page.fill("#id_position", "ប្រធានផ្នែកសុវត្ថិភាព")
    page.select_option("#id_country", "KH")
    page.fill("#id_dietary_needs", "បួស")
    page.check("#id_photo_consent")
    agree_and_submit(page, screenshot=artifact_path("forum-register-km-360.png"))
    page.wait_for_url(re.compile(r"/km/forum/atf-2027/registration/$"))

    registration = Registration.objects.get(user=user)
    assert registration.status == Registration.Status.APPROVED
    assert "ATF27-0001" in page.locator("main").inner_text()
    assert page.locator("[data-testid=status] .badge").count() == 1
    assert page.locator(".forum-history li").count() == 1
    assert_fits(page, 360)
    page.screenshot(path=artifact_path("forum-registration-km-360.png"), full_page=True)

    page.locator('a[href="/km/forum/atf-2027/registration/edit/"]').click()
    page.wait_for_url(re.compile(r"/registration/edit/$"))
    assert page.locator("#id_position").input_value() == "ប្រធានផ្នែកសុវត្ថិភាព"
    page.fill("#id_position", "នាយក")
    page.locator("form input[type=submit]").click()
    page.wait_for_url(re.compile(r"/km/forum/atf-2027/registration/$"))
    assert page.locator("[data-testid=position]").inner_text() == "នាយក"

    page.locator('a[href="/km/forum/atf-2027/registration/cancel/"]').click()
    page.wait_for_url(re.compile(r"/registration/cancel/$"))
    registration.refresh_from_db()
    assert registration.status == Registration.Status.APPROVED  # nothing happens before the confirmation
    assert_fits(page, 360)
    page.screenshot(path=artifact_path("forum-cancel-km-360.png"), full_page=True)
    page.locator("form.forum-cancel-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/km/forum/atf-2027/registration/$"))
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert page.locator(".forum-history li").count() == 2
    assert page.locator('a[href="/km/forum/atf-2027/registration/edit/"]').count() == 0
    page.screenshot(path=artifact_path("forum-cancelled-km-360.png"), full_page=True)
    assert edition.registrations.count() == 1


def test_browser_refused_registration_focuses_the_error_summary_and_its_links_reach_the_fields(
    phone_page, live_server, artifact_path
):
    from playwright.sync_api import expect

    page = phone_page
    ForumEditionFactory(slug="atf-2027", mode=ForumEdition.Mode.AUTO, capacity=10)
    OrganisationFactory(name="Mekong Mobile")
    log_in(page, live_server, UserFactory(language="en"))
    page.goto("/en/forum/atf-2027/register/")
    page.check("#id_needs_visa_letter")
    # The browser's own "required" checks are bypassed: the server's answer is what is tested.
    submit = page.locator("main input[type=submit][name=submit]")
    submit.evaluate("button => { button.form.noValidate = true; }")
    submit.click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    page.screenshot(path=artifact_path("forum-register-errors-360.png"))
    link = summary.locator('a[href="#id_passport_number"]')
    link.click()
    expect(page.locator("#id_passport_number")).to_be_in_viewport()
    assert not Registration.objects.exists()
    assert_fits(page, 360)
