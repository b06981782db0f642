"""Issue 18's nominations end to end in Chromium on a 360 px phone, every page in Khmer: a nominator invites three
people (one by the single form, two pasted), each personal link read from the e-mail sent; one nominee signs in from
their link and registers, the nominator replaces another, the organiser (signing in with two-factor) approves the
registration; the delegation page then shows all of it. The states are compared with the app's own Khmer labels, so
the test holds whether or not the Khmer catalogue is filled yet. Screenshots in var/artifacts/nominations_*.png."""

import re
import time

from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.utils import translation
from django_countries.fields import Country

from forum.models import ForumEdition, Nomination, Registration
from forum.nomination_rules import DelegationState
from tests.browser import BROWSER, agree_and_submit, assert_fits, browser_page, log_in
from tests.factories import ForumEditionFactory, NominatorFactory, OrganisationFactory, OrganiserFactory, UserFactory
from tests.factories.people import DEFAULT_PASSWORD

pytestmark = BROWSER

SLUG = "atf-2031"
DELEGATION = f"/km/forum/{SLUG}/delegation/"
LINK = re.compile(rf"https?://[^\s/]+(/km/forum/{SLUG}/invitation/[^/\s]+/)")
PEOPLE = {
    "dara": ("សុខ ដារ៉ា", "dara.sok@mptc.example.gov.kh"),
    "vanna": ("ចាន់ វណ្ណា", "vanna.chan@mptc.example.gov.kh"),
    "sreypov": ("លី ស្រីពៅ", "sreypov.ly@mptc.example.gov.kh"),
    "rithy": ("ហេង រិទ្ធី", "rithy.heng@mptc.example.gov.kh"),
}


def label(state: DelegationState) -> str:
    with translation.override("km"):
        return state.label


def shot(page, artifact_path, name: str) -> None:
    """The page fits the phone's width, and a full-page screenshot of it is kept."""
    assert_fits(page, 360)
    page.screenshot(path=artifact_path(f"nominations_{name}.png"), full_page=True)


def row(page, email: str):
    nomination = Nomination.objects.filter(email=email).latest("created_at")
    return page.locator(f'[data-testid="member-{nomination.pk}"]')


def personal_links(outbox) -> dict[str, str]:
    """Each invited address's personal link (its path), from the invitation e-mails sent so far."""
    return {message.to[0]: match[1] for message in outbox if (match := LINK.search(message.body))}


def sign_in(page, email: str) -> None:
    """The sign-in form the page was sent to, filled in as a person types."""
    page.wait_for_url(re.compile(r"/km/accounts/login/"))
    page.locator("#id_login").press_sequentially(email)
    page.locator("#id_password").press_sequentially(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit].btn-primary").click()


def authenticator_code(secret: str) -> str:
    """The code the organiser's authenticator app shows now; near the end of its 30 s, the next one's (allauth takes
    the current period's code only)."""
    left = 30 - time.time() % 30
    if left < 5:
        time.sleep(left)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_browser_a_nominator_invites_one_registers_one_is_replaced_the_organiser_approves_in_khmer(
    browser, live_server, artifact_path, outbox
):
    edition = ForumEditionFactory(slug=SLUG, mode=ForumEdition.Mode.REVIEW, intake=ForumEdition.Intake.BOTH)
    user = UserFactory(given_name="Sopheap", family_name="Keo", language="km")
    NominatorFactory(edition=edition, user=user, country="KH", places=4)
    organisation = OrganisationFactory(name="ក្រសួងប្រៃសណីយ៍ និងទូរគមនាគមន៍")
    dara_name, dara_email = PEOPLE["dara"]
    dara = UserFactory(email=dara_email, given_name="Dara", family_name="Sok", native_name=dara_name, language="km")

    with browser_page(browser, live_server, 360, 740) as page:
        # The nominator invites one person by the single form and two by a pasted list.
        log_in(page, live_server, user)
        page.goto(DELEGATION)
        assert page.locator("html").get_attribute("lang") == "km"
        assert page.locator("#id_language").input_value() == "km"  # the nominator's language by default
        shot(page, artifact_path, "delegation_empty")
        page.locator("#id_name").press_sequentially(dara_name)
        page.locator("#id_email").press_sequentially(dara_email)
        with page.expect_navigation():
            page.locator(f'form[action="{DELEGATION}"] button[type=submit]').click()
        assert row(page, dara_email).is_visible()

        pasted = "\n".join(f"{PEOPLE[key][0]}, {PEOPLE[key][1]}" for key in ("vanna", "sreypov"))
        page.locator("#id_paste-people").press_sequentially(pasted)
        shot(page, artifact_path, "delegation_paste")
        page.locator('form[action$="/delegation/paste/"] button[type=submit]').click()
        page.wait_for_selector('[data-testid="paste-results"]')
        assert page.locator('[data-testid^="line-"] .text-bg-success').count() == 2
        assert page.locator('[data-testid^="line-"] .text-bg-danger').count() == 0
        assert page.locator("#id_paste-people").input_value() == ""
        for key in ("dara", "vanna", "sreypov"):
            assert row(page, PEOPLE[key][1]).get_by_test_id("state").inner_text() == label(DelegationState.INVITED)
        shot(page, artifact_path, "delegation_invited")

        links = personal_links(outbox)
        assert set(links) == {PEOPLE[key][1] for key in ("dara", "vanna", "sreypov")}

        # Dara opens their link on their own phone, signs in, and registers: the country is the delegation's.
        with browser_page(browser, live_server, 360, 740) as nominee:
            nominee.goto(links[dara_email])
            shot(nominee, artifact_path, "invitation_landing")
            nominee.get_by_test_id("sign-in").click()
            sign_in(nominee, dara_email)
            nominee.wait_for_url(f"**{links[dara_email]}")
            with translation.override("km"):
                cambodia = str(Country("KH").name)
            assert nominee.get_by_test_id("fixed-country").inner_text() == cambodia
            assert nominee.locator("#id_country").count() == 0
            nominee.select_option("#id_category", Registration.Category.GOVERNMENT)
            nominee.select_option("#id_organisation", str(organisation.pk))
            nominee.locator("#id_position").press_sequentially("មន្ត្រីបច្ចេកទេស")
            nominee.check("#id_photo_consent")
            agree_and_submit(nominee, screenshot=artifact_path("nominations_invitation_form.png"))
            nominee.wait_for_url(re.compile(rf"/km/forum/{SLUG}/registration/$"))
        registration = Registration.objects.get(user=dara, edition=edition)
        assert registration.status == Registration.Status.SUBMITTED
        assert registration.country == "KH"

        # The nominator passes Vanna's place to Rithy.
        page.goto(DELEGATION)
        assert row(page, dara_email).get_by_test_id("state").inner_text() == label(DelegationState.REGISTERED)
        vanna_name, vanna_email = PEOPLE["vanna"]
        rithy_name, rithy_email = PEOPLE["rithy"]
        row(page, vanna_email).locator('a[href$="/replace/"]').click()
        page.wait_for_url(re.compile(r"/replace/$"))
        assert page.get_by_test_id("replaced-name").inner_text() == vanna_name
        page.locator("#id_name").press_sequentially(rithy_name)
        page.locator("#id_email").press_sequentially(rithy_email)
        shot(page, artifact_path, "replace")
        page.locator("main form input[type=submit]").click()
        page.wait_for_url(f"**{DELEGATION}")
        assert rithy_email in personal_links(outbox)
        assert vanna_email in [message.to[0] for message in outbox[len(links) :]]  # Vanna is told

        # The organiser signs in with their authenticator's code and approves Dara's registration.
        secret = generate_totp_secret()
        organiser = OrganiserFactory(with_totp=False, language="km")
        TOTP.activate(organiser, secret)
        with browser_page(browser, live_server, 360, 740) as desk:
            detail = f"/km/organiser/forum/{SLUG}/registrations/{registration.pk}/"
            desk.goto(detail)
            sign_in(desk, organiser.email)
            desk.wait_for_url(re.compile(r"/km/accounts/2fa/authenticate/"))
            desk.locator("#id_code").press_sequentially(authenticator_code(secret))
            desk.locator("main form button[type=submit].btn-primary").click()
            desk.wait_for_url(f"**{detail}")
            assert "Sopheap Keo" in desk.get_by_test_id("nominated-by").inner_text()
            with desk.expect_navigation():
                desk.locator("button[name=action][value=approve]").click()
        registration.refresh_from_db()
        assert registration.status == Registration.Status.APPROVED

        # The delegation page shows it all.
        page.goto(DELEGATION)
        assert row(page, dara_email).get_by_test_id("state").inner_text() == label(DelegationState.APPROVED)
        assert row(page, PEOPLE["sreypov"][1]).get_by_test_id("state").inner_text() == label(DelegationState.INVITED)
        rithy = row(page, rithy_email)
        assert rithy.get_by_test_id("state").inner_text() == label(DelegationState.INVITED)
        assert vanna_name in rithy.locator("th").inner_text()  # "in the place of Vanna"
        assert row(page, vanna_email).count() == 0
        past = page.get_by_test_id("past").locator("li")
        assert past.count() == 1
        assert vanna_name in past.inner_text() and label(DelegationState.REPLACED) in past.inner_text()
        shot(page, artifact_path, "delegation_final")
