"""The focal point's "Enrol a new person by e-mail" form never tells whether an address has an account (anyone's,
an organiser's, another company's person's, a minor's): the same answer and the same page for every address
that is not already one of the company's people. The invited person accepts through the e-mailed link."""

import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from people.models import Membership, User
from tests.factories import (
    CohortFactory,
    EnrollmentFactory,
    MembershipFactory,
    OrganisationFactory,
    OrganiserFactory,
    RegistrationFactory,
    UserFactory,
)
from trainings.models import Enrollment

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https://forum\.example\.org(/(?:en|km)/trainings/invitation/[^/\s]+/)")


def _invite(client, company, cohort, email, **extra):
    data = {
        "new-given_name": "Sophea",
        "new-family_name": "Lim",
        "new-email": email,
        "new-language": "en",
        "new-cohort": cohort.pk,
    }
    return client.post(reverse("trainings:company_enrol_new", args=[company.pk]), data | extra)


def _lists(content: str) -> str:
    """The company page's lists, without the forms (their CSRF tokens change on every page)."""
    return content.split('id="pending-heading"' if 'id="pending-heading"' in content else 'id="enrolments-heading"')[1]


def _world(company):
    """Addresses that are not the company's people, whoever (if anyone) holds them."""
    minor = MembershipFactory(organisation=company, user=UserFactory(email="minor@example.org")).user
    RegistrationFactory(user=minor, is_youth=True, category="youth")
    return {
        "new": "nobody.yet@example.org",
        "organiser": OrganiserFactory(email="organiser@ministry.example").email,
        "other_company": MembershipFactory(organisation=OrganisationFactory(name="Angkor Net")).user.email,
        "no_company": UserFactory(email="loner@example.org").email,
        "minor_member": minor.email,
        "inactive": UserFactory(email="gone@example.org", is_active=False).email,
    }


def test_invite_gives_the_same_answer_for_every_address(
    focal_client, company, cohort, outbox, django_capture_on_commit_callbacks
):
    addresses = _world(company)
    page_before = _lists(focal_client.get(reverse("trainings:company", args=[company.pk])).content.decode())
    counts = (User.objects.count(), Membership.objects.count(), Enrollment.objects.count())
    answers = {}
    for kind, email in addresses.items():
        with django_capture_on_commit_callbacks(execute=True):
            response = _invite(focal_client, company, cohort, email.upper())
        assert response.status_code == 302, kind
        assert response.url == reverse("trainings:company", args=[company.pk])
        [message] = [str(m) for m in get_messages(response.wsgi_request)]
        answers[kind] = message.replace(email, "<address>")
        page = focal_client.get(response.url).content.decode()
        assert _lists(page) == page_before, kind
    assert len(set(answers.values())) == 1, answers
    assert "If <address> can be enrolled, an invitation to" in answers["new"]
    # Nothing is written until the person accepts: no account, no membership, no enrolment.
    assert (User.objects.count(), Membership.objects.count(), Enrollment.objects.count()) == counts
    # Everyone who may be invited gets the link; a minor and a closed account get nothing.
    invited = sorted(address for message in outbox for address in message.to)
    expected = sorted(addresses[k] for k in ("new", "organiser", "other_company", "no_company"))
    assert invited == expected


def test_invite_of_one_of_the_companys_people_enrols_them_at_once(focal_client, company, cohort, staff_member, outbox):
    response = _invite(focal_client, company, cohort, staff_member.email.upper())
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [f"Vannak Sok is enrolled in {cohort.code}."]
    assert Enrollment.objects.get(user=staff_member).organisation == company
    assert outbox == []


def test_invite_into_a_full_cohort_says_so_for_every_address(focal_client, company):
    cohort = CohortFactory(capacity=1)
    EnrollmentFactory(cohort=cohort)
    for email in ("nobody.yet@example.org", UserFactory().email):
        response = _invite(focal_client, company, cohort, email)
        assert response.status_code == 200
        assert "This cohort is full" in response.content.decode()


def _link(outbox, email) -> str:
    [message] = [m for m in outbox if m.to == [email]]
    return LINK.search(message.body).group(1)


def test_new_person_sets_a_password_and_is_then_enrolled(
    focal_client, company, cohort, outbox, django_capture_on_commit_callbacks
):
    invitee = Client()  # the invited person, in their own browser
    with django_capture_on_commit_callbacks(execute=True):
        _invite(focal_client, company, cohort, "Sophea.Lim@Example.org")
    link = _link(outbox, "sophea.lim@example.org")
    assert "Mekong Mobile" in outbox[0].body and cohort.code in outbox[0].body
    page = invitee.get(link)
    assert "Choose a password" in page.content.decode()
    response = invitee.post(link, {"new_password1": "Mekong-river-2027", "new_password2": "Mekong-river-2027"})
    assert response.status_code == 302
    user = User.objects.get(email="sophea.lim@example.org")
    assert user.check_password("Mekong-river-2027") and user.given_name == "Sophea" and user.language == "en"
    assert user.emailaddress_set.get().verified
    assert Membership.objects.get(user=user, organisation=company).status == Membership.Status.CONFIRMED
    assert Enrollment.objects.get(user=user, cohort=cohort).organisation == company
    assert "Sophea Lim" in focal_client.get(reverse("trainings:company", args=[company.pk])).content.decode()
    # The link works once: the account exists now, so it no longer sets a password.
    invitee.logout()
    again = invitee.get(link)
    assert again.status_code == 404
    assert "Choose a password" not in again.content.decode()


def test_existing_account_holder_signs_in_and_accepts(
    focal_client, company, cohort, outbox, django_capture_on_commit_callbacks
):
    invitee = Client()  # the invited person, in their own browser
    person = MembershipFactory(
        organisation=OrganisationFactory(name="Angkor Net"), user=UserFactory(given_name="Bopha", family_name="Heng")
    ).user
    with django_capture_on_commit_callbacks(execute=True):
        _invite(focal_client, company, cohort, person.email)
    link = _link(outbox, person.email)
    assert "Choose a password" not in outbox[0].body
    response = invitee.get(link)
    assert response.status_code == 302 and "/accounts/login/" in response.url  # signs in first
    invitee.force_login(person)
    page = invitee.get(link).content.decode()
    assert "Mekong Mobile" in page and cohort.code in page
    assert not Enrollment.objects.filter(user=person).exists()
    response = invitee.post(link)
    assert response.status_code == 302
    assert Membership.objects.get(user=person, organisation=company).status == Membership.Status.CONFIRMED
    assert Enrollment.objects.get(user=person, cohort=cohort).organisation == company
    assert "Bopha Heng" in focal_client.get(reverse("trainings:company", args=[company.pk])).content.decode()


def test_invitation_opened_by_another_account_changes_nothing(
    focal_client, company, cohort, outbox, django_capture_on_commit_callbacks
):
    invitee = Client()  # the invited person, in their own browser
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        _invite(focal_client, company, cohort, person.email)
    link = _link(outbox, person.email)
    invitee.force_login(UserFactory())
    page = invitee.get(link)
    assert "sent to another account" in page.content.decode()
    assert invitee.post(link).status_code == page.status_code
    assert not Enrollment.objects.exists()
    assert not Membership.objects.filter(user=person).exists()


def test_new_person_accepting_after_the_cohort_filled_gets_an_account_and_is_told(
    focal_client, company, outbox, django_capture_on_commit_callbacks
):
    invitee = Client()  # the invited person, in their own browser
    cohort = CohortFactory(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(focal_client, company, cohort, "late@example.org")
    EnrollmentFactory(cohort=cohort)
    link = _link(outbox, "late@example.org")
    response = invitee.post(
        link, {"new_password1": "Mekong-river-2027", "new_password2": "Mekong-river-2027"}, follow=True
    )
    assert "This cohort is full" in response.content.decode()
    user = User.objects.get(email="late@example.org")
    assert response.context["user"] == user
    assert Membership.objects.get(user=user, organisation=company).status == Membership.Status.CONFIRMED
    assert not Enrollment.objects.filter(user=user).exists()
