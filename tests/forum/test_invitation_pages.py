"""A nominee's personal link (forum.views.invitation): the landing page, the registration form with the
nomination's country and organisation fixed, the link's single use and its refusals; and the forum's own pages of an
edition that takes delegates by nomination only."""

import datetime
import re

import pytest
from django.utils import timezone

from forum.models import ForumEdition, Nomination, Nominator, Registration
from forum.services.nominations import nomination_resend, nomination_withdraw
from forum.services.seats import Seats
from tests.factories import (
    CountryQuotaFactory,
    ForumEditionFactory,
    NominationFactory,
    NominatorFactory,
    OrganisationFactory,
    RegistrationFactory,
    UserFactory,
)
from tests.factories.people import DEFAULT_PASSWORD
from tests.forum.helpers import submit_adult
from tests.forum.test_delegate_pages import form_data as delegate_form_data

S = Registration.Status
pytestmark = pytest.mark.django_db

NOMINATION_ONLY = "This forum takes delegates by nomination only"
LINK = re.compile(r"https?://[^\s]+(/en/forum/[^/\s]+/invitation/[^/\s]+/)")


@pytest.fixture
def edition():
    return ForumEditionFactory(
        slug="atf-2029",
        reference_prefix="ATF29",
        title_en="ASEAN Technology Forum 2029",
        mode=ForumEdition.Mode.AUTO,
        intake=ForumEdition.Intake.BOTH,
        capacity=10,
    )


@pytest.fixture
def nominator(edition):
    user = UserFactory(given_name="Lan", family_name="Nguyen")
    return NominatorFactory(edition=edition, user=user, country="VN", places=3)


@pytest.fixture
def organisation_nominator(edition):
    return NominatorFactory(
        edition=edition,
        kind=Nominator.Kind.ORGANISATION,
        organisation=OrganisationFactory(name="Mekong Telecom", country="VN"),
        country="VN",
        places=3,
    )


@pytest.fixture
def nomination(nominator):
    return NominationFactory(nominator=nominator, name="Minh Tran", email="minh@example.org")


@pytest.fixture
def nominee(client):
    user = UserFactory(given_name="Minh", family_name="Tran", country="KH", email="minh@example.org")
    client.force_login(user)
    client.user = user
    return client


def url(nomination, token=None) -> str:
    return f"/en/forum/{nomination.edition.slug}/invitation/{token or nomination.token}/"


def form_data(**overrides) -> dict:
    """The delegate page's answers, without a country (the nomination's) and without an organisation unless given."""
    return delegate_form_data(OrganisationFactory.build(), **{"country": None, "organisation": None, **overrides})


def youth_fields(edition) -> dict:
    return {
        "is_youth": "on",
        "date_of_birth": edition.starts_on.replace(year=edition.starts_on.year - 15, day=1).isoformat(),
        "guardian_name": "Tran Hoa",
        "guardian_relationship": "mother",
        "guardian_email": "hoa.guardian@example.org",
        "guardian_phone": "+84 90 123 4567",
        "guardian_language": "en",
    }


# --- Anonymous: the landing page -------------------------------------------------------------------------------


def test_landing_says_who_invites_and_signs_in_or_up_back_to_the_link(client, nomination, nominator):
    Nominator.objects.filter(pk=nominator.pk).update(deadline=datetime.datetime(2099, 3, 1, 3, 30, tzinfo=datetime.UTC))
    response = client.get(url(nomination))
    assert response.status_code == 200
    content = response.content.decode()
    assert f"Lan Nguyen nominates you to the delegation of {nominator.country.name}." in content
    assert "ASEAN Technology Forum 2029" in content
    assert "10:30" in content and "(Phnom Penh, UTC+07:00 time)" in content  # 03:30 UTC in the forum's time zone
    back = f"?next={url(nomination)}"
    assert f'href="/en/accounts/login/{back}"' in content
    assert f'href="/en/accounts/signup/{back}"' in content
    assert 'name="category"' not in content  # no form before signing in
    assert response["Referrer-Policy"] == "strict-origin"
    assert "no-store" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex">' in content


def test_sign_in_from_the_landing_comes_back_to_the_form(client, nomination):
    user = UserFactory(email="minh@example.org")
    response = client.post(
        f"/en/accounts/login/?next={url(nomination)}", {"login": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == url(nomination)
    assert 'name="category"' in client.get(response["Location"]).content.decode()


def test_sign_up_from_the_landing_comes_back_once_the_address_is_confirmed(client, nomination, outbox):
    response = client.post(
        f"/en/accounts/signup/?next={url(nomination)}",
        {
            "email": "minh@example.org",
            "given_name": "Minh",
            "family_name": "Tran",
            "password1": "a-long-and-unusual-passphrase",
            "password2": "a-long-and-unusual-passphrase",
        },
    )
    assert response.status_code == 302 and "confirm-email" in response["Location"]
    link = re.search(r"https?://[^/\s]+(/\S+/accounts/confirm-email/\S+/)", outbox[-1].body).group(1)
    response = client.post(link)
    assert response.status_code == 302 and response["Location"] == url(nomination)
    assert 'name="category"' in client.get(url(nomination)).content.decode()


def test_unknown_link_is_a_friendly_404_that_says_whom_to_ask(client, nomination):
    response = client.get(url(nomination, token="not-a-link-at-all"))
    assert response.status_code == 404
    content = response.content.decode()
    assert "This invitation link is not valid" in content
    assert "a newer e-mail replaced it" in content
    assert "your country's or your organisation's focal point" in content
    assert 'href="/en/accounts/login/?next=/en/forum/atf-2029/registration/"' in content
    assert response["Referrer-Policy"] == "strict-origin"
    assert client.get(f"/en/forum/no-such-forum/invitation/{nomination.token}/").status_code == 404


# --- Signed in: the form ----------------------------------------------------------------------------------------


def test_form_shows_the_fixed_organisation_and_country_as_text(nominee, organisation_nominator):
    nomination = NominationFactory(nominator=organisation_nominator, email="minh@example.org")
    response = nominee.get(url(nomination))
    assert response.status_code == 200
    content = response.content.decode()
    form = response.context["form"]
    assert not {"country", "organisation", "new_organisation_name"} & set(form.fields)
    assert {"category", "position", "is_youth", "needs_visa_letter", "agree_privacy", "guardian_email"} <= set(
        form.fields
    )
    assert re.search(r'data-testid="fixed-organisation">\s*Mekong Telecom', content)
    assert re.search(rf'data-testid="fixed-country">\s*{organisation_nominator.country.name}', content)
    assert "Set by your nomination" in content
    assert 'name="country"' not in content and 'name="organisation"' not in content
    assert "Read the Code of conduct (version 1)" in content
    assert "Minh Tran" in content  # the names of the badge, from the profile


def test_form_of_a_member_states_delegation_asks_for_the_organisation(nominee, nomination, nominator):
    response = nominee.get(url(nomination))
    content = response.content.decode()
    assert "organisation" in response.context["form"].fields and "country" not in response.context["form"].fields
    assert re.search(rf'data-testid="fixed-country">\s*{nominator.country.name}', content)
    assert 'data-testid="fixed-organisation"' not in content


def test_the_token_is_written_nowhere_but_the_pages_own_return_address(client, nominee, nomination):
    content = nominee.get(url(nomination)).content.decode()
    assert content.count(nomination.token) == 1  # the language switcher's way back to this page
    assert f'name="next" value="{url(nomination)}"' in content
    assert "<form" in content and 'action="' not in content.split('id="main"')[1].split("</form>")[0]
    client.logout()
    landing = client.get(url(nomination)).content.decode()
    assert landing.count(nomination.token) == 3  # sign in, sign up, the language switcher


def test_tampered_country_and_organisation_still_register_the_nominations(nominee, organisation_nominator, outbox):
    nomination = NominationFactory(nominator=organisation_nominator, email="minh@example.org")
    other = OrganisationFactory(name="Somewhere Else", country="KH")
    data = form_data(country="KH", organisation=other.pk, new_organisation_name="Typed in")
    response = nominee.post(url(nomination), data)
    assert response.status_code == 302 and response["Location"] == "/en/forum/atf-2029/registration/"
    registration = Registration.objects.get(user=nominee.user)
    assert str(registration.country) == "VN"
    assert registration.organisation.name == "Mekong Telecom"
    assert registration.status == S.APPROVED
    nomination.refresh_from_db()
    assert (nomination.status, nomination.registration, nomination.token_hash) == (
        Nomination.Status.TAKEN,
        registration,
        "",
    )
    page = nominee.get(response["Location"]).content.decode()
    assert f"Your registration {registration.reference} is Approved." in page


def test_missing_answers_keep_the_input_and_the_link(nominee, nomination):
    response = nominee.post(url(nomination), form_data(position="Kept as typed", agree_privacy=None))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Kept as typed"' in content
    assert "Choose your organisation from the directory or type its name." in content
    assert not Registration.objects.exists()
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.INVITED and nomination.token_hash


def test_the_link_works_once(nominee, client, nomination):
    data = form_data(organisation=OrganisationFactory().pk)
    assert nominee.post(url(nomination), data).status_code == 302
    registration = Registration.objects.get()
    # The same person again: the link is spent, their registration is a click away.
    again = nominee.get(url(nomination))
    assert again.status_code == 404
    assert re.search(rf"your reference is {registration.reference}", again.content.decode())
    assert 'href="/en/forum/atf-2029/registration/"' in again.content.decode()
    # Someone else with the same link: refused, nothing of the first registration shown.
    client.force_login(UserFactory())
    response = client.post(url(nomination), data)
    assert response.status_code == 404
    assert registration.reference not in response.content.decode()
    assert Registration.objects.count() == 1


def test_a_resent_invitations_old_link_is_not_valid_and_the_new_one_is(
    nominee, nomination, nominator, django_capture_on_commit_callbacks, outbox
):
    with django_capture_on_commit_callbacks(execute=True):
        nomination_resend(nomination=nomination, by=nominator.user)
    assert nominee.get(url(nomination)).status_code == 404
    new = LINK.search(outbox[-1].body).group(1)
    assert new != url(nomination)
    assert nominee.get(new).status_code == 200


def test_a_withdrawn_invitation_is_not_valid(nominee, nomination, nominator):
    nomination_withdraw(nomination=nomination, by=nominator.user)
    response = nominee.post(url(nomination), form_data(organisation=OrganisationFactory().pk))
    assert response.status_code == 404
    assert "This invitation link is not valid" in response.content.decode()
    assert not Registration.objects.exists()


def test_an_invitation_past_its_deadline_has_expired(client, nominee, nomination, nominator):
    Nominator.objects.filter(pk=nominator.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    response = nominee.post(url(nomination), form_data(organisation=OrganisationFactory().pk))
    assert response.status_code == 410
    assert "This invitation has expired. Ask the person who invited you." in response.content.decode()
    assert 'name="category"' not in response.content.decode()
    assert not Registration.objects.exists()
    client.logout()
    assert client.get(url(nomination)).status_code == 410


def test_an_invitation_once_registration_closed_says_so(nominee, nomination, edition):
    ForumEdition.objects.filter(pk=edition.pk).update(registration_closes_at=timezone.now())
    response = nominee.get(url(nomination))
    assert response.status_code == 410
    assert "Registration for this forum is closed." in response.content.decode()


def test_a_nominee_registers_before_registration_opens_to_everyone(nominee, nomination, edition):
    ForumEdition.objects.filter(pk=edition.pk).update(
        registration_opens_at=timezone.now() + datetime.timedelta(days=2),
        registration_closes_at=timezone.now() + datetime.timedelta(days=9),
    )
    assert nominee.post(url(nomination), form_data(organisation=OrganisationFactory().pk)).status_code == 302
    assert Registration.objects.get().status == S.APPROVED


# --- The edition's normal path ------------------------------------------------------------------------------


def test_auto_mode_approves_a_nominee_whose_country_self_registrants_filled(nominee, nomination, edition):
    CountryQuotaFactory(edition=edition, country="VN", seats=2)
    first = submit_adult(edition, country="VN")
    second = submit_adult(edition, country="VN")
    assert (first.status, second.status) == (S.APPROVED, S.WAITLISTED)  # the nomination keeps the last place
    assert nominee.post(url(nomination), form_data(organisation=OrganisationFactory().pk)).status_code == 302
    assert Registration.objects.get(user=nominee.user).status == S.APPROVED


def test_review_mode_submits_and_the_place_stays_reserved(nominee, nomination, edition):
    ForumEdition.objects.filter(pk=edition.pk).update(mode=ForumEdition.Mode.REVIEW)
    assert nominee.post(url(nomination), form_data(organisation=OrganisationFactory().pk)).status_code == 302
    registration = Registration.objects.get(user=nominee.user)
    assert registration.status == S.SUBMITTED
    edition.refresh_from_db()
    assert Seats.read(edition).reserved == {"VN": 1}


def test_a_youth_nominee_goes_the_youth_path(nominee, nomination, edition, django_capture_on_commit_callbacks, outbox):
    data = form_data(organisation=OrganisationFactory().pk, **youth_fields(edition))
    with django_capture_on_commit_callbacks(execute=True):
        assert nominee.post(url(nomination), data).status_code == 302
    registration = Registration.objects.get(user=nominee.user)
    assert (registration.is_youth, registration.category, registration.status) == (True, "youth", S.SUBMITTED)
    assert str(registration.country) == "VN"
    assert any("hoa.guardian@example.org" in message.to for message in outbox)


def test_a_nominee_with_a_visa_letter_request(nominee, nomination):
    data = form_data(
        organisation=OrganisationFactory().pk,
        needs_visa_letter="on",
        passport_name="TRAN VAN MINH",
        nationality="VN",
        passport_number="C1234567",
        passport_expiry="2032-05-01",
    )
    assert nominee.post(url(nomination), data).status_code == 302
    assert Registration.objects.get(user=nominee.user).visa_request.passport_number == "C1234567"


def test_someone_already_registered_sees_their_registration_not_the_form(nominee, nomination, edition):
    registration = RegistrationFactory(edition=edition, user=nominee.user)
    for response in (nominee.get(url(nomination)), nominee.post(url(nomination), form_data())):
        assert response.status_code == 200
        content = response.content.decode()
        assert "You have already registered for this forum" in content
        assert f"your reference is {registration.reference}" in content
        assert 'href="/en/forum/atf-2029/registration/"' in content
        assert 'name="category"' not in content
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.INVITED


# --- An edition that takes delegates by nomination only ----------------------------------------------------


def test_nomination_only_edition_refuses_self_registration_with_the_reason(nominee, client, nomination, edition):
    ForumEdition.objects.filter(pk=edition.pk).update(intake=ForumEdition.Intake.NOMINATION)
    page = client.get("/en/forum/atf-2029/").content.decode()
    assert NOMINATION_ONLY in page and "/en/forum/atf-2029/register/" not in page
    response = nominee.get("/en/forum/atf-2029/register/")
    assert response.status_code == 200
    assert NOMINATION_ONLY in response.content.decode() and 'name="category"' not in response.content.decode()
    response = nominee.post(
        "/en/forum/atf-2029/register/", form_data(organisation=OrganisationFactory().pk, country="VN")
    )
    assert response.status_code == 200
    assert NOMINATION_ONLY in response.content.decode()
    assert not Registration.objects.exists()
    # The personal link still leads in.
    assert nominee.post(url(nomination), form_data(organisation=OrganisationFactory().pk)).status_code == 302
    assert Registration.objects.get().nomination == Nomination.objects.get(pk=nomination.pk)


def test_an_edition_open_to_all_still_offers_the_register_button(client, edition):
    page = client.get("/en/forum/atf-2029/").content.decode()
    assert 'href="/en/forum/atf-2029/register/"' in page and NOMINATION_ONLY not in page


# --- Queries ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("others", [2, 20])
def test_invitation_form_query_count(nominee, nomination, nominator, edition, django_assert_num_queries, others):
    """The form of a member state's delegation (the organisations' directory listed), with `others` more
    nominations in the edition, some of them taken up."""
    other_nominator = NominatorFactory(edition=edition, country="TH", places=others)
    for n in range(others):
        other = NominationFactory(nominator=other_nominator if n % 2 else nominator)
        if n % 3 == 0:
            registration = RegistrationFactory(edition=edition, country=str(other.nominator.country))
            Nomination.objects.filter(pk=other.pk).update(
                status=Nomination.Status.TAKEN, registration=registration, token_hash=""
            )
    # The session and user, the edition, the link, "already registered?", the policies, the menu's two questions
    # (trainer, focal point) and the organisations' directory.
    with django_assert_num_queries(9):
        response = nominee.get(url(nomination))
    assert response.status_code == 200 and 'name="category"' in response.content.decode()


def test_someone_invited_who_uses_the_open_form_is_sent_to_their_personal_link(client, edition, nomination):
    user = UserFactory(email="minh@example.org", country="VN")
    client.force_login(user)

    response = client.post(
        f"/en/forum/{edition.slug}/register/", delegate_form_data(OrganisationFactory(country="VN"), country="VN")
    )

    assert response.status_code == 200
    assert "has invited you: register from the personal link" in response.content.decode()
    assert not Registration.objects.filter(edition=edition, user=user).exists()
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.INVITED


def test_another_account_opening_a_forwarded_link_is_told_whose_it_is(client, nomination):
    client.force_login(UserFactory(email="mallory@evil.example"))

    response = client.get(url(nomination))

    assert response.status_code == 403
    page = response.content.decode()
    assert "This invitation is for another account" in page and "m***@example.org" in page
    assert 'name="category"' not in page
    assert client.post(url(nomination), form_data()).status_code == 403
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.INVITED
