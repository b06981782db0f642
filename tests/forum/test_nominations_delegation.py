"""forum.services.nominations, the delegation over time: a nominee replaced (invited or registered), the head of the
delegation, and a nominee taking up their invitation through the normal registration path."""

import datetime
import hashlib

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from forum.errors import AlreadyRegistered, NominationError, RegistrationClosed
from forum.models import ForumEdition, Nomination, Nominator, Registration, RegistrationEvent
from forum.services.lifecycle import registration_cancel, registration_reopen
from forum.services.nominations import (
    nomination_invite,
    nomination_replace,
    nomination_set_head,
    nomination_withdraw,
    places_used,
)
from forum.services.seats import Seats
from tests.factories import NominationFactory, OrganisationFactory, OrganiserFactory, RegistrationFactory, UserFactory
from tests.forum.helpers import submit_adult
from tests.forum.nomination_helpers import N, S, nominations_edition, nominator_of, status_of, take_up, waiting

pytestmark = pytest.mark.django_db


def replace(nomination, email, name="Chan Thy", language="en"):
    return nomination_replace(
        nomination=nomination, name=name, email=email, language=language, by=nomination.nominator.user
    )


# --- Replace ------------------------------------------------------------------------------------------------------


def test_replace_an_invited_nominee_tells_them_in_their_language_and_invites_the_new_person(
    outbox, django_capture_on_commit_callbacks
):
    edition = nominations_edition(quota=1)
    first = NominationFactory(nominator=nominator_of(edition, places=1), language="km", email="dara@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        replacement = replace(first, "chan@example.org")
    first.refresh_from_db()
    assert (first.status, first.token_hash) == (N.REPLACED, "")
    assert (replacement.status, replacement.replaces, replacement.email) == (N.INVITED, first, "chan@example.org")
    told, invited = sorted(outbox, key=lambda message: message.to[0] != "dara@example.org")
    assert told.to == ["dara@example.org"] and told.extra_headers["Content-Language"] == "km"
    assert edition.title_km in told.subject  # forum/email/nomination_withdrawn, in Khmer
    assert first.name in told.body and edition.title_km in told.body
    assert invited.to == ["chan@example.org"] and "/invitation/" in invited.body
    assert places_used(first.nominator) == 1
    assert Seats.read(edition).reserved == {"VN": 1}  # the place moved to the new person


def test_replace_a_registered_nominee_cancels_their_registration_and_the_new_invitation_keeps_the_place(
    outbox, django_capture_on_commit_callbacks
):
    edition = nominations_edition(quota=2, approved=1)
    nomination = NominationFactory(nominator=nominator_of(edition, places=1), is_head=True)
    registration = take_up(nomination)
    assert registration.status == S.APPROVED
    (self_registrant,) = waiting(edition, 1)
    nomination.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        replacement = replace(nomination, "chan@example.org")

    assert status_of(registration) == S.CANCELLED
    event = RegistrationEvent.objects.filter(registration=registration).latest("pk")
    assert event.reason == "Your delegation's focal point gave your place to someone else."
    assert status_of(self_registrant) == S.WAITLISTED  # the place is the delegation's, not the waiting list's
    assert Seats.read(edition).reserved == {"VN": 1}
    assert (status_of(nomination), replacement.is_head) == (N.REPLACED, True)
    assert Nomination.objects.get(pk=nomination.pk).registration == registration
    # The registered person hears of it through their registration; nobody is told twice.
    assert sorted(message.to[0] for message in outbox) == sorted([registration.user.email, "chan@example.org"])


def test_replace_refused_leaves_everything_as_it_was(outbox, django_capture_on_commit_callbacks):
    edition = nominations_edition(quota=2)
    nomination = NominationFactory(nominator=nominator_of(edition, places=1))
    registration = take_up(nomination)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(NominationError) as refused:
        replace(nomination, "not-an-address")
    assert refused.value.field == "email"
    assert (status_of(nomination), status_of(registration)) == (N.TAKEN, S.APPROVED)
    assert Nomination.objects.filter(edition=edition).count() == 1
    assert outbox == []
    NominationFactory(nominator=nominator_of(edition, country="TH"), email="lina@example.org")
    with pytest.raises(NominationError) as taken:
        replace(nomination, "lina@example.org")
    assert str(taken.value.message) == "lina@example.org is already nominated by another delegation."
    assert (status_of(nomination), status_of(registration)) == (N.TAKEN, S.APPROVED)


def test_replace_refused_after_the_deadline_or_for_a_withdrawn_invitation():
    edition = nominations_edition()
    nominator = nominator_of(edition)
    withdrawn = NominationFactory(nominator=nominator, status=N.WITHDRAWN)
    with pytest.raises(NominationError):
        replace(withdrawn, "chan@example.org")
    invited = NominationFactory(nominator=nominator)
    Nominator.objects.filter(pk=nominator.pk).update(deadline=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(NominationError) as late:
        replace(invited, "chan@example.org")
    assert "deadline" in str(late.value.message)
    assert status_of(invited) == N.INVITED


# --- Head of delegation ------------------------------------------------------------------------------------------


def test_head_of_delegation_is_one_per_nominator_and_moves():
    edition = nominations_edition()
    nominator, other = nominator_of(edition, places=3), nominator_of(edition, country="TH")
    first, second = NominationFactory.create_batch(2, nominator=nominator)
    theirs = NominationFactory(nominator=other)
    nomination_set_head(nomination=first, by=nominator.user)
    nomination_set_head(nomination=theirs, by=other.user)
    nomination_set_head(nomination=second, by=nominator.user)
    heads = set(Nomination.objects.filter(is_head=True).values_list("pk", flat=True))
    assert heads == {second.pk, theirs.pk}

    nomination_withdraw(nomination=second, by=nominator.user)
    assert not nominator.nominations.filter(is_head=True).exists()
    with pytest.raises(NominationError):
        nomination_set_head(nomination=second, by=nominator.user)  # withdrawn: cannot lead


def test_head_of_delegation_is_one_per_nominator_in_the_database():
    nominator = nominator_of(nominations_edition(), places=3)
    NominationFactory(nominator=nominator, is_head=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        NominationFactory(nominator=nominator, is_head=True)


def test_one_standing_nomination_per_address_in_the_database():
    edition = nominations_edition()
    nominator, other = nominator_of(edition), nominator_of(edition, country="TH")
    NominationFactory(nominator=nominator, email="dara@example.org", status=N.WITHDRAWN)
    NominationFactory(nominator=nominator, email="dara@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        NominationFactory(nominator=other, email="dara@example.org")


# --- Taking up an invitation -----------------------------------------------------------------------------------


def test_take_up_spends_the_link_and_follows_the_delegation():
    organisation = OrganisationFactory()
    edition = nominations_edition()
    nominator = nominator_of(edition, kind="organisation", organisation=organisation, country="LA")
    nomination = NominationFactory(nominator=nominator)
    registration = take_up(nomination, country="KH", organisation=OrganisationFactory())
    assert (registration.country, registration.organisation) == ("LA", organisation)
    nomination.refresh_from_db()
    assert (nomination.status, nomination.registration, nomination.token_hash) == (N.TAKEN, registration, "")
    with pytest.raises(AssertionError, match="not found"):
        take_up(nomination)  # the link was used once


def test_take_up_by_nomination_only_and_before_registration_opens_to_everyone():
    edition = nominations_edition()
    ForumEdition.objects.filter(pk=edition.pk).update(
        intake=ForumEdition.Intake.NOMINATION, registration_opens_at=timezone.now() + datetime.timedelta(days=3)
    )
    edition.refresh_from_db()
    with pytest.raises(RegistrationClosed):
        submit_adult(edition, country="VN")
    assert take_up(NominationFactory(nominator=nominator_of(edition))).status == S.APPROVED


def test_take_up_refused_after_the_deadline_or_once_registration_has_closed():
    edition = nominations_edition()
    nominator = nominator_of(edition, places=2)
    expired, closed = NominationFactory.create_batch(2, nominator=nominator)
    Nominator.objects.filter(pk=nominator.pk).update(deadline=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(NominationError) as refused:
        take_up(expired)
    assert "expired" in str(refused.value.message)
    Nominator.objects.filter(pk=nominator.pk).update(deadline=timezone.now() + datetime.timedelta(days=1))
    ForumEdition.objects.filter(pk=edition.pk).update(registration_closes_at=timezone.now())
    with pytest.raises(RegistrationClosed):
        take_up(closed)
    assert not Registration.objects.filter(edition=edition).exists()


def test_reopening_a_nominees_registration_is_refused_once_the_delegation_passed_its_place_on():
    """A registered nominee cancels (their place is the delegation's again) and the nominator invites someone else:
    reopening the first registration would take the delegation past its places."""
    edition = nominations_edition()
    nominator = nominator_of(edition, places=1)
    first = take_up(NominationFactory(nominator=nominator))
    registration_cancel(registration=first, by=first.user)
    second = nomination_invite(
        nominator=nominator, name="Chan Thy", email="chan@example.org", language="en", by=nominator.user
    )
    with pytest.raises(NominationError, match="has used all its places"):
        registration_reopen(registration=first, by=OrganiserFactory())
    assert status_of(first) == S.CANCELLED
    registration = take_up(second, token=_known_link(second))
    assert registration.status == S.APPROVED and places_used(nominator) == 1


def _known_link(nomination) -> str:
    """Give an invitation a link the test knows (the service only e-mails it)."""
    token = f"known-link-{nomination.pk}"
    Nomination.objects.filter(pk=nomination.pk).update(token_hash=hashlib.sha256(token.encode()).hexdigest())
    return token


def test_take_up_is_refused_for_an_address_already_registered_here():
    edition = nominations_edition()
    user = UserFactory()
    RegistrationFactory(edition=edition, user=user, status=S.SUBMITTED, country="KH")
    nomination = NominationFactory(nominator=nominator_of(edition), email=user.email)
    with pytest.raises(AlreadyRegistered):
        take_up(nomination, user=user)
    assert status_of(nomination) == N.INVITED


def test_replace_refused_for_the_same_address_or_a_nominee_no_longer_registered():
    edition = nominations_edition()
    nominator = nominator_of(edition, places=3)
    invited = NominationFactory(nominator=nominator, email="same@example.org")
    with pytest.raises(NominationError) as refusal:
        replace(invited, "SAME@example.org")
    assert refusal.value.field == "email"

    taken = NominationFactory(nominator=nominator)
    registration = take_up(taken)
    registration_cancel(registration=registration, by=registration.user)
    with pytest.raises(NominationError, match="cannot be changed this way"):
        replace(taken, "other@example.org")
    assert status_of(taken) == N.TAKEN and not Nomination.objects.filter(email="other@example.org").exists()


def test_an_address_whose_registration_here_ended_is_not_invited_again():
    edition = nominations_edition()
    nominator = nominator_of(edition)
    RegistrationFactory(edition=edition, status=S.CANCELLED, user=UserFactory(email="gone@example.org"))

    with pytest.raises(NominationError, match="no longer active") as refusal:
        nomination_invite(nominator=nominator, name="Gone", email="gone@example.org", language="en", by=nominator.user)

    assert refusal.value.field == "email"


def test_a_forwarded_link_registers_nobody_else():
    edition = nominations_edition()
    nomination = NominationFactory(nominator=nominator_of(edition), email="dara@example.org")
    stranger = UserFactory(email="mallory@evil.example")

    with pytest.raises(NominationError, match=r"sent to d\*\*\*@example.org"):
        take_up(nomination, user=stranger)

    assert status_of(nomination) == N.INVITED
    assert not Registration.objects.filter(edition=edition, user=stranger).exists()
    # The invited person's own account, whatever the case of its address or a +tag, may.
    assert take_up(nomination, user=UserFactory(email="Dara+forum@Example.org")).status == S.APPROVED


def test_a_nominee_no_longer_registered_cannot_be_made_head():
    edition = nominations_edition()
    nomination = NominationFactory(nominator=nominator_of(edition))
    registration = take_up(nomination)
    registration_cancel(registration=registration, by=registration.user)

    with pytest.raises(NominationError):
        nomination_set_head(nomination=nomination, by=nomination.nominator.user)
