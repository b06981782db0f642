"""Badge credentials (forum.services.credentials), what a scanned code stands for (forum.selectors.badges) and the
organisers' guests and staff (forum.services.guests)."""

import pytest
from django.core.exceptions import ValidationError

from forum.errors import AlreadyRegistered, BadgeError
from forum.models import CheckIn, CheckInCredential, ForumEdition, Registration, RegistrationEvent
from forum.selectors.badges import credential_check, credential_digest
from forum.services.credentials import credential_issue, credential_reissue, credentials_issue_missing
from forum.services.guests import guest_add
from forum.services.lifecycle import registration_approve, registration_cancel, registration_reject
from forum.services.registration import registration_submit
from forum.services.seats import Seats
from people.models import User
from tests.factories import ForumEditionFactory, OrganisationFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db
S = Registration.Status
Outcome = CheckIn.Outcome


def _valid(registration):
    return list(CheckInCredential.objects.filter(registration=registration, revoked_at__isnull=True))


def _data(**overrides):
    data = {
        "category": Registration.Category.TECH_COMPANY,
        "organisation": OrganisationFactory(),
        "country": "KH",
        "is_youth": False,
    }
    return {**data, **overrides}


# --- Issued on approval ------------------------------------------------------------------------------------


def test_credential_issued_when_an_organiser_approves(edition, organiser):
    registration = RegistrationFactory(edition=edition)
    assert _valid(registration) == []
    registration_approve(registration=registration, by=organiser)
    (credential,) = _valid(registration)
    assert len(credential.secret) >= 22 and credential.secret.isascii()


def test_credential_issued_on_automatic_approval_and_not_while_submitted(db):
    auto = ForumEditionFactory(mode=ForumEdition.Mode.AUTO)
    approved = registration_submit(edition=auto, user=UserFactory(), data=_data(), visa=None)
    assert approved.status == S.APPROVED and len(_valid(approved)) == 1
    review = ForumEditionFactory(mode=ForumEdition.Mode.REVIEW)
    submitted = registration_submit(edition=review, user=UserFactory(), data=_data(), visa=None)
    assert submitted.status == S.SUBMITTED and _valid(submitted) == []


def test_credential_issued_when_promoted_from_the_waiting_list(db, organiser):
    edition = ForumEditionFactory(mode=ForumEdition.Mode.AUTO, capacity=1)
    first = registration_submit(edition=edition, user=UserFactory(), data=_data(), visa=None)
    waiting = registration_submit(edition=edition, user=UserFactory(), data=_data(), visa=None)
    assert waiting.status == S.WAITLISTED and _valid(waiting) == []
    registration_cancel(registration=first, by=first.user)
    waiting.refresh_from_db()
    assert waiting.status == S.APPROVED and len(_valid(waiting)) == 1


def test_credential_issue_is_idempotent_and_survives_a_cancel_and_reapproval(approve, organiser):
    registration = approve()
    credential = credential_issue(registration=registration)
    assert credential_issue(registration=registration) == credential
    registration_reject(registration=registration, by=organiser, reason="Duplicate")
    assert credential_check(edition=registration.edition, secret=credential.secret).refusal == Outcome.NOT_APPROVED


def test_credentials_issue_missing_only_for_approved_and_only_those_missing(edition, approve):
    has_one = approve()
    written = RegistrationFactory(edition=edition, status=S.APPROVED)  # around the services: none yet
    submitted = RegistrationFactory(edition=edition)
    before = _valid(has_one)
    credentials = credentials_issue_missing(registrations=[has_one, written, submitted])
    assert set(credentials) == {has_one.pk, written.pk}
    assert credentials[has_one.pk] == before[0]
    assert len(_valid(written)) == 1 and _valid(submitted) == []


# --- Reissue ---------------------------------------------------------------------------------------------


def test_reissue_revokes_the_old_secret_at_once_by_whom(approve, organiser):
    registration = approve()
    (old,) = _valid(registration)
    new = credential_reissue(registration=registration, by=organiser)
    old.refresh_from_db()
    assert new.secret != old.secret
    assert not old.is_valid and old.revoked_by == organiser and old.revoked_at is not None
    assert _valid(registration) == [new]
    edition = registration.edition
    assert credential_check(edition=edition, secret=old.secret).refusal == Outcome.REPLACED
    assert credential_check(edition=edition, secret=old.secret).registration == registration
    good = credential_check(edition=edition, secret=new.secret)
    assert (good.refusal, good.registration, good.credential) == (None, registration, new)


def test_reissue_refused_for_a_registration_without_a_badge(edition, organiser):
    registration = RegistrationFactory(edition=edition, status=S.SUBMITTED)
    with pytest.raises(BadgeError):
        credential_reissue(registration=registration, by=organiser)
    assert not CheckInCredential.objects.filter(registration=registration).exists()


# --- What a scanned code stands for ----------------------------------------------------------------------


def test_credential_check_unknown_for_made_up_empty_oversized_and_another_editions(approve):
    registration = approve()
    (credential,) = _valid(registration)
    other = ForumEditionFactory()
    for secret in ("not-a-badge", "", "x" * 5000, f"https://forum.example.org/{credential.secret}"):
        assert credential_check(edition=registration.edition, secret=secret).refusal == Outcome.UNKNOWN
    assert credential_check(edition=other, secret=credential.secret) == credential_check(
        edition=other, secret="not-a-badge"
    )


def test_credential_digest_is_the_sha256_a_manifest_lists():
    assert credential_digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


# --- Guests and staff ------------------------------------------------------------------------------------


def _guest(edition, organiser, **overrides):
    arguments = {
        "category": Registration.Category.GUEST,
        "email": "Minister.Office@Example.org",
        "given_name": "Sophal",
        "family_name": "Keo",
        "native_name": "កែវ សុផល",
        "language": "km",
        "new_organisation_name": "Ministry of Posts and Telecommunications",
        "country": "KH",
        "position": "Secretary of State",
    }
    return guest_add(edition=edition, by=organiser, **{**arguments, **overrides})


def test_guest_add_new_person_approved_at_once_with_history_and_credential(
    edition, organiser, django_capture_on_commit_callbacks, outbox
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = _guest(edition, organiser)
    user = registration.user
    assert (user.email, user.given_name, user.native_name, user.language) == (
        "minister.office@example.org",
        "Sophal",
        "កែវ សុផល",
        "km",
    )
    assert not user.has_usable_password()
    assert (registration.status, registration.category) == (S.APPROVED, Registration.Category.GUEST)
    assert registration.organisation.name == "Ministry of Posts and Telecommunications"
    (event,) = RegistrationEvent.objects.filter(registration=registration)
    assert (event.from_status, event.to_status, event.actor) == ("", S.APPROVED, organiser)
    assert "invited guest" in event.reason
    assert len(_valid(registration)) == 1
    assert [message.to for message in outbox] == [["minister.office@example.org"]]


def test_guest_and_staff_take_no_seat_even_when_the_forum_is_full(db, organiser):
    edition = ForumEditionFactory(capacity=1)
    registration_approve(registration=RegistrationFactory(edition=edition), by=organiser)
    assert Seats.read(edition).left == 0
    staff = _guest(edition, organiser, category=Registration.Category.STAFF, email="staff@example.org")
    guest = _guest(edition, organiser, email="guest@example.org")
    assert staff.status == guest.status == S.APPROVED
    assert Seats.read(edition).left == 0 and Seats.read(edition).approved == 1
    assert not staff.takes_seat and not guest.takes_seat
    assert Registration.objects.filter(edition=edition).taking_seats().count() == 1


def test_guest_add_uses_the_existing_account_as_it_is(edition, organiser):
    existing = UserFactory(email="dara@example.org", given_name="Dara", native_name="", language="en")
    registration = _guest(edition, organiser, email="DARA@example.org", given_name="Someone", native_name="x")
    assert registration.user == existing
    existing.refresh_from_db()
    assert (existing.given_name, existing.native_name) == ("Dara", "")
    assert User.objects.filter(email__iexact="dara@example.org").count() == 1


def test_guest_add_refuses_someone_registered_a_delegate_category_and_a_nameless_newcomer(edition, organiser):
    delegate = RegistrationFactory(edition=edition)
    with pytest.raises(AlreadyRegistered) as refused:
        _guest(edition, organiser, email=delegate.user.email)
    assert refused.value.field == "email" and delegate.reference in str(refused.value.message)
    with pytest.raises(BadgeError) as refused:
        _guest(edition, organiser, category=Registration.Category.TECH_COMPANY)
    assert refused.value.field == "category"
    with pytest.raises(BadgeError) as refused:
        _guest(edition, organiser, email="new.person@example.org", given_name=" ")
    assert refused.value.field == "given_name"
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_delegate_cannot_pick_a_guest_or_staff_category(edition):
    for category in Registration.SEATLESS_CATEGORIES:
        with pytest.raises(ValidationError) as refused:
            registration_submit(edition=edition, user=UserFactory(), data=_data(category=category), visa=None)
        assert "category" in refused.value.error_dict
    assert not Registration.objects.filter(edition=edition).exists()
