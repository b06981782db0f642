"""The youth delegate's whole path in Chromium on a 360 px phone: registration in Khmer, the guardian's link
(consent, refusal, an expired link resent, a withdrawal after approval that gives the seat to the waiting list),
and the organiser's registration page at 1280 px."""

import datetime
import re

from forum.models import ConsentLink, ForumEdition, Registration, YouthDetails
from forum.services.consent import CONSENT_TEXT_VERSION
from tests.browser import BROWSER, agree_and_submit, assert_fits, browser_page, log_in
from tests.factories import ForumEditionFactory, OrganisationFactory, OrganiserFactory, UserFactory
from tests.forum.helpers import submit_adult

from .helpers import decide, guardian_token, submit_youth

pytestmark = BROWSER
S = Registration.Status


def _edition(**kwargs):
    return ForumEditionFactory(
        slug="atf-2027",
        reference_prefix="ATF27",
        title_km="វេទិកាបច្ចេកវិទ្យាអាស៊ាន ២០២៧",
        mode=ForumEdition.Mode.AUTO,
        **{"capacity": 10, **kwargs},
    )


def _answer(page, *, participation: bool, photos: bool = False, name: bool = False, signed="ជា ដារ៉ា"):
    page.check("#id_participation_0" if participation else "#id_participation_1")
    if participation:
        page.check("#id_name_consent_0" if name else "#id_name_consent_1")
        page.check("#id_photo_consent_0" if photos else "#id_photo_consent_1")
    page.fill("#id_signed_name", signed)
    page.locator("#consent-form input[type=submit]").click()
    page.wait_for_url(re.compile(r"/forum/consent/answered/$"))


def test_browser_youth_registers_in_khmer_and_the_guardian_consents(
    phone_page, browser, live_server, artifact_path, outbox
):
    page = phone_page
    edition = _edition()
    organisation = OrganisationFactory(name="Phnom Penh Youth Council")
    user = UserFactory(given_name="Sreyneang", family_name="Chea", native_name="ជា ស្រីនាង", language="km")
    log_in(page, live_server, user)

    page.goto("/km/forum/atf-2027/register/")
    assert page.locator("html").get_attribute("lang") == "km"
    assert not page.locator("#id_guardian_email").is_visible()
    page.check("#id_is_youth")
    assert page.locator("#id_guardian_email").is_visible()
    page.select_option("#id_category", "youth")
    page.select_option("#id_organisation", str(organisation.pk))
    page.select_option("#id_country", "KH")
    birth = edition.starts_on.replace(year=edition.starts_on.year - 15, day=1)
    page.fill("#id_date_of_birth", birth.isoformat())
    page.fill("#id_guardian_name", "ជា ដារ៉ា")
    page.select_option("#id_guardian_relationship", "mother")
    page.fill("#id_guardian_email", user.email)  # her own: refused next to the field
    page.fill("#id_guardian_phone", "012 345 678")
    page.select_option("#id_guardian_language", "km")
    page.fill("#id_chaperone_name", "សុខ វណ្ណា")
    page.fill("#id_chaperone_phone", "017 222 333")
    page.check("#id_photo_consent")
    agree_and_submit(page, screenshot=artifact_path("youth-register-km-360.png"))
    page.wait_for_load_state()
    assert page.locator("#id_guardian_email").is_visible()  # still shown: the box stays ticked
    assert page.locator("#id_guardian_email.is-invalid").count() == 1
    assert page.locator("#id_guardian_name").input_value() == "ជា ដារ៉ា"  # input kept
    page.fill("#id_guardian_email", "dara.guardian@example.org")
    agree_and_submit(page)
    page.wait_for_url(re.compile(r"/km/forum/atf-2027/registration/$"))

    registration = Registration.objects.get(user=user)
    assert (registration.status, registration.is_youth, registration.photo_consent) == (S.SUBMITTED, True, False)
    assert page.locator("[data-testid=youth-panel]").is_visible()
    assert "dara.guardian@example.org" not in page.content()
    assert_fits(page, 360)
    page.screenshot(path=artifact_path("youth-registration-km-360.png"), full_page=True)

    with browser_page(browser, live_server, 360) as guardian:
        token = guardian_token()
        guardian.goto(f"/km/forum/consent/{token}/")
        assert guardian.locator("html").get_attribute("lang") == "km"
        assert "ATF27-0001" in guardian.locator("main").inner_text()
        assert guardian.locator(f"[data-version='{CONSENT_TEXT_VERSION}']").count() == 1
        assert_fits(guardian, 360)
        guardian.screenshot(path=artifact_path("youth-consent-km-360.png"), full_page=True)
        _answer(guardian, participation=True, photos=True)
        guardian.screenshot(path=artifact_path("youth-consent-done-km-360.png"), full_page=True)

    registration.refresh_from_db()
    assert (registration.status, registration.photo_consent) == (S.APPROVED, True)
    details = YouthDetails.objects.get()
    assert (details.participation, details.name_consent) == ("given", False)
    page.reload()
    assert "ATF27-0001" in page.locator("main").inner_text()


def test_browser_guardian_refuses(phone_page, live_server, artifact_path, outbox):
    edition = _edition()
    registration = submit_youth(edition)
    _run_on_commit_mail(registration)
    page = phone_page
    page.goto(f"/km/forum/consent/{guardian_token()}/")
    _answer(page, participation=False)
    assert page.locator("[data-testid=answer]").is_visible()
    registration.refresh_from_db()
    assert registration.status == S.CANCELLED
    assert YouthDetails.objects.get().participation == "refused"


def test_browser_expired_link_is_resent_by_the_youth(phone_page, browser, live_server, artifact_path, outbox):
    edition = _edition()
    user = UserFactory(language="km")
    registration = submit_youth(edition, user=user)
    _run_on_commit_mail(registration)
    old = guardian_token()
    link = ConsentLink.objects.get()
    ConsentLink.objects.update(
        created_at=link.created_at - datetime.timedelta(days=15),
        expires_at=link.created_at - datetime.timedelta(days=1),
    )
    with browser_page(browser, live_server, 360) as guardian:
        guardian.goto(f"/km/forum/consent/{old}/")
        assert guardian.locator("[data-testid=link-state]").is_visible()
        assert_fits(guardian, 360)
        guardian.screenshot(path=artifact_path("youth-consent-expired-km-360.png"), full_page=True)

        page = phone_page
        log_in(page, live_server, user)
        page.goto("/km/forum/atf-2027/registration/")
        page.locator("[data-testid=youth-panel] button[type=submit]").click()
        page.wait_for_url(re.compile(r"/km/forum/atf-2027/registration/$"))
        assert page.locator(".alert-success").count() >= 1
        new = guardian_token()
        assert new != old
        guardian.goto(f"/km/forum/consent/{new}/")
        _answer(guardian, participation=True)
        registration.refresh_from_db()
        assert registration.status == S.APPROVED
        guardian.goto(f"/km/forum/consent/{old}/")
        assert guardian.locator("[data-testid=link-state]").is_visible()


def test_browser_consent_withdrawn_after_approval_gives_the_seat_to_the_waiting_list(
    phone_page, browser, live_server, artifact_path, outbox
):
    edition = _edition(capacity=1)
    youth = submit_youth(edition)
    _run_on_commit_mail(youth)
    decide(guardian_token(), name=True, photos=True)
    youth.refresh_from_db()
    assert youth.status == S.APPROVED
    waiting = submit_adult(edition)
    assert waiting.status == S.WAITLISTED

    page = phone_page
    page.goto(f"/en/forum/consent/{guardian_token()}/")  # the link of the confirmation e-mail
    assert page.locator("[data-testid=current]").is_visible()
    assert page.locator("#id_photo_consent_0").is_checked()
    assert_fits(page, 360)
    page.screenshot(path=artifact_path("youth-consent-change-en-360.png"), full_page=True)
    _answer(page, participation=False, signed="Chea Dara")
    assert "withdrawn" in page.locator("[data-testid=answer]").inner_text()
    youth.refresh_from_db()
    waiting.refresh_from_db()
    assert (youth.status, waiting.status) == (S.CANCELLED, S.APPROVED)
    assert not youth.photo_consent

    # The organiser sees it all at 1280 px.
    organiser = OrganiserFactory(with_totp=True)
    with browser_page(browser, live_server, 1280) as laptop:
        log_in(laptop, live_server, organiser)
        laptop.goto(f"/en/organiser/forum/atf-2027/registrations/{youth.pk}/")
        assert laptop.locator("[data-testid=youth-consents] tbody tr").count() == 2
        laptop.screenshot(path=artifact_path("youth-organiser-1280.png"), full_page=True)
        laptop.set_viewport_size({"width": 360, "height": 800})
        laptop.screenshot(path=artifact_path("youth-organiser-360.png"), full_page=True)


def _run_on_commit_mail(registration) -> None:
    """Services called outside a request in a transactional test have already committed: nothing to do, except
    making sure the guardian's e-mail is there."""
    assert guardian_token()
