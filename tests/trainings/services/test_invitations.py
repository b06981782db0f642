"""Enrolment by e-mail and the invitation link (trainings.services.invitations)."""

import time

import pytest
from allauth.account.models import EmailAddress
from django.core import signing

from people.models import Membership, User
from tests.factories import CohortFactory, MembershipFactory, OrganisationFactory, UserFactory
from trainings import errors
from trainings.models import Enrollment
from trainings.services import invitations

pytestmark = pytest.mark.django_db


def _enrol_by_email(cohort, company, focal_point, email, **kwargs):
    values = {"given_name": "Sophea", "family_name": "Lim", "language": "km"} | kwargs
    return invitations.company_enrol_by_email(
        cohort=cohort, organisation=company, email=email, by=focal_point, **values
    )


def test_enrol_by_email_of_a_new_address_writes_nothing_and_mails_a_link(
    cohort, company, focal_point, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert _enrol_by_email(cohort, company, focal_point, "New.Person@Example.org") is None
    assert not User.objects.filter(email__iexact="new.person@example.org").exists()
    assert not Enrollment.objects.exists()
    [message] = outbox
    assert message.to == ["new.person@example.org"]
    assert "https://forum.example.org/km/trainings/invitation/" in message.body  # the language chosen
    assert "Sophea" in message.body


def test_enrol_by_email_of_an_account_mails_it_in_the_holders_language(
    cohort, company, focal_point, outbox, django_capture_on_commit_callbacks
):
    person = MembershipFactory(organisation=OrganisationFactory(), user=UserFactory(language="en")).user
    with django_capture_on_commit_callbacks(execute=True):
        assert _enrol_by_email(cohort, company, focal_point, person.email.upper(), language="km") is None
    assert not Membership.objects.filter(user=person, organisation=company).exists()
    [message] = outbox
    assert message.to == [person.email]
    assert "https://forum.example.org/en/trainings/invitation/" in message.body
    assert "sign in with this e-mail address" in message.body


def test_enrol_by_email_of_a_companys_person_enrols_them(cohort, company, focal_point, staff_member, outbox):
    enrollment = _enrol_by_email(cohort, company, focal_point, staff_member.email.upper())
    assert enrollment.user == staff_member and enrollment.organisation == company
    assert outbox == []


def test_enrol_by_email_into_full_cohort_refuses_before_anything(company, focal_point, outbox):
    cohort = CohortFactory(capacity=0)
    with pytest.raises(errors.CohortFull):
        _enrol_by_email(cohort, company, focal_point, "late@example.org")
    assert outbox == []


def _invitation(cohort, company, focal_point, email="sophea@example.org"):
    return invitations.Invitation(
        email=email,
        given_name="Sophea",
        family_name="Lim",
        language="km",
        organisation=company,
        cohort=cohort,
        inviter=focal_point,
    )


def test_invitation_token_round_trip(cohort, company, focal_point):
    token = invitations.invitation_token_make(invitation=_invitation(cohort, company, focal_point))
    assert invitations.invitation_from_token(token=token) == _invitation(cohort, company, focal_point)


def test_invitation_token_forged_or_from_the_old_links_is_refused(cohort, company, focal_point):
    assert invitations.invitation_from_token(token="not-a-token") is None
    old = signing.dumps({"u": focal_point.pk, "s": "x"}, salt="trainings.invitation")
    assert invitations.invitation_from_token(token=old) is None


def test_invitation_token_expires(cohort, company, focal_point):
    payload = signing.loads(
        invitations.invitation_token_make(invitation=_invitation(cohort, company, focal_point)),
        salt=invitations.INVITATION_SALT,
    )

    class SignedLongAgo(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - (invitations.INVITATION_MAX_AGE_DAYS + 1) * 24 * 3600)

    expired = SignedLongAgo(salt=invitations.INVITATION_SALT).sign_object(payload, compress=True)
    assert invitations.invitation_from_token(token=expired) is None


def test_invitation_of_an_inviter_who_no_longer_manages_the_company_is_refused(cohort, company, focal_point):
    token = invitations.invitation_token_make(invitation=_invitation(cohort, company, focal_point))
    Membership.objects.filter(user=focal_point, organisation=company).update(is_focal_point=False)
    assert invitations.invitation_from_token(token=token) is None


def test_invitation_accept_new_makes_a_verified_member_and_enrols(cohort, company, focal_point):
    acceptance = invitations.invitation_accept_new(
        invitation=_invitation(cohort, company, focal_point), password="Mekong-river-2027"
    )
    user = acceptance.user
    assert user.email == "sophea@example.org" and user.language == "km" and user.check_password("Mekong-river-2027")
    assert EmailAddress.objects.get(user=user).verified
    membership = Membership.objects.get(user=user, organisation=company)
    assert membership.status == Membership.Status.CONFIRMED and membership.confirmed_by == focal_point
    assert acceptance.enrollment.cohort == cohort and acceptance.enrollment.enrolled_by == focal_point


def test_invitation_accept_new_twice_keeps_one_account(cohort, company, focal_point):
    invitation = _invitation(cohort, company, focal_point)
    invitations.invitation_accept_new(invitation=invitation, password="Mekong-river-2027")
    with pytest.raises(errors.InvitationRefused):
        invitations.invitation_accept_new(invitation=invitation, password="Another-river-2027")
    assert User.objects.filter(email__iexact="sophea@example.org").count() == 1


def test_invitation_accept_by_someone_else_is_refused(cohort, company, focal_point):
    person = UserFactory()
    with pytest.raises(errors.TrainingError):
        invitations.invitation_accept(
            invitation=_invitation(cohort, company, focal_point, person.email), user=UserFactory()
        )
    assert not Membership.objects.filter(organisation=company).exclude(user=focal_point).exists()


def test_invitation_accept_confirms_a_pending_member(cohort, company, focal_point):
    person = MembershipFactory(organisation=company, status=Membership.Status.PENDING).user
    acceptance = invitations.invitation_accept(
        invitation=_invitation(cohort, company, focal_point, person.email), user=person
    )
    assert Membership.objects.get(user=person, organisation=company).status == Membership.Status.CONFIRMED
    assert acceptance.enrollment.user == person
    assert invitations.invitation_is_used(
        invitation=_invitation(cohort, company, focal_point, person.email), user=person
    )
