"""Reserved places in the one seat arithmetic (forum.services.seats): an open nomination keeps a place against the
capacity and its country's quota, so self-registrants cannot take it, and the nominee's own reservation is free for
them; a released reservation goes to the waiting list; the organisers' floors count reservations."""

import datetime

import pytest
from django.utils import timezone

from forum.errors import EditionError, NominationError, NoSeatLeft
from forum.models import ForumEdition, Nomination, Nominator, Registration
from forum.selectors.editions import edition_list_published
from forum.services.edition import edition_update, quota_set
from forum.services.lifecycle import (
    registration_approve,
    registration_cancel,
    registration_reject,
    registration_waitlist,
    waitlist_promote,
)
from forum.services.nominations import nomination_withdraw
from forum.services.nominators import nominator_save, release_expired_nominations
from forum.services.seats import Seats, reserving_q
from tests.factories import NominationFactory, OrganiserFactory, RegistrationFactory, UserFactory
from tests.forum.helpers import submit_adult
from tests.forum.nomination_helpers import N, S, nominations_edition, nominator_of, status_of, take_up, waiting

pytestmark = pytest.mark.django_db
REVIEW = ForumEdition.Mode.REVIEW


# --- Self-registrants against reserved places -------------------------------------------------------------------


def test_self_registrant_waitlisted_when_the_countrys_remaining_quota_is_reserved():
    edition = nominations_edition(quota=3, approved=1)
    NominationFactory.create_batch(2, nominator=nominator_of(edition, places=2))
    assert Seats.read(edition).country_left("VN") == 0
    assert submit_adult(edition, country="VN").status == S.WAITLISTED
    # Another country still has seats: the reservation is the quota's, not the whole forum's.
    assert submit_adult(edition, country="KH").status == S.APPROVED


def test_self_registrant_waitlisted_when_the_forums_remaining_seats_are_reserved():
    edition = nominations_edition(capacity=3, approved=1, country="KH")
    NominationFactory.create_batch(2, nominator=nominator_of(edition, places=2, country="VN"))
    seats = Seats.read(edition)
    assert (seats.approved, seats.reserved_total, seats.left) == (1, 2, 0)
    assert submit_adult(edition, country="KH").status == S.WAITLISTED
    assert submit_adult(edition, country="TH").status == S.WAITLISTED


def test_nominee_in_auto_mode_is_approved_with_their_own_reservation():
    edition = nominations_edition(capacity=3, quota=2, approved=1)
    RegistrationFactory(edition=edition, status=S.APPROVED, country="KH")
    nomination = NominationFactory(nominator=nominator_of(edition, places=1))
    assert Seats.read(edition).left == 0 and Seats.read(edition).country_left("VN") == 0
    registration = take_up(nomination, country="KH")
    assert registration.status == S.APPROVED
    assert registration.country == "VN"  # the delegation's country, whatever was posted
    assert status_of(nomination) == N.TAKEN
    seats = Seats.read(edition)
    assert (seats.by_country["VN"], seats.reserved_total, seats.left) == (2, 0, 0)


def test_review_mode_organiser_approves_a_nominee_but_not_a_self_registrant_when_the_country_is_full():
    edition = nominations_edition(mode=REVIEW, quota=2, approved=1)
    organiser = OrganiserFactory()
    self_registrant = submit_adult(edition, country="VN")
    nominee = take_up(NominationFactory(nominator=nominator_of(edition, places=1)))
    assert (self_registrant.status, nominee.status) == (S.SUBMITTED, S.SUBMITTED)
    assert Seats.read(edition).reserved == {"VN": 1}  # taken up, waiting for a decision: still kept

    with pytest.raises(NoSeatLeft) as refused:
        registration_approve(registration=self_registrant, by=organiser)
    assert "kept for its nominated delegation" in str(refused.value.message)
    assert registration_approve(registration=nominee, by=organiser).status == S.APPROVED
    with pytest.raises(NoSeatLeft):
        registration_approve(registration=self_registrant, by=organiser)
    assert Registration.objects.filter(edition=edition, status=S.APPROVED, country="VN").count() == 2


def test_waitlist_promote_promotes_a_waiting_nominee_who_keeps_a_reservation_and_skips_others():
    edition = nominations_edition(mode=REVIEW, quota=2, approved=1)
    (older,) = waiting(edition, 1)
    nominee = take_up(NominationFactory(nominator=nominator_of(edition, places=1)))
    registration_waitlist(registration=nominee, by=OrganiserFactory())
    assert Seats.read(edition).reserved == {"VN": 1}

    promoted = waitlist_promote(edition=edition)
    assert promoted == [nominee]
    assert (status_of(nominee), status_of(older)) == (S.APPROVED, S.WAITLISTED)
    assert Seats.read(edition).reserved == {}


# --- Released reservations go to the waiting list ---------------------------------------------------------------


def test_withdrawn_invitation_gives_its_place_to_the_waiting_list():
    edition = nominations_edition(quota=2, approved=1)
    nomination = NominationFactory(nominator=nominator_of(edition, places=1))
    first = submit_adult(edition, country="VN")
    assert first.status == S.WAITLISTED
    nomination_withdraw(nomination=nomination, by=nomination.nominator.user)
    assert (status_of(nomination), status_of(first)) == (N.WITHDRAWN, S.APPROVED)


def test_invitation_not_taken_up_by_the_deadline_gives_its_place_to_the_waiting_list():
    edition = nominations_edition(quota=2, approved=1)
    nominator = nominator_of(edition, places=1)
    nomination = NominationFactory(nominator=nominator, is_head=True)
    (first,) = waiting(edition, 1)
    assert release_expired_nominations() == "0 invitations released at their deadline, 0 registrations promoted"
    Nominator.objects.filter(pk=nominator.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))

    outcome = release_expired_nominations()
    assert outcome == "1 invitations released at their deadline, 1 registrations promoted"
    nomination.refresh_from_db()
    assert (nomination.status, nomination.token_hash, nomination.is_head) == (N.EXPIRED, "", False)
    assert status_of(first) == S.APPROVED
    assert release_expired_nominations().startswith("0 invitations")  # idempotent


@pytest.mark.parametrize("leave", ["reject", "cancel"])
def test_waiting_nominees_registration_leaving_gives_its_reservation_to_the_waiting_list(leave):
    edition = nominations_edition(mode=REVIEW, quota=2, approved=1)
    nominee = take_up(NominationFactory(nominator=nominator_of(edition, places=1)))
    (first,) = waiting(edition, 1)
    if leave == "reject":
        registration_reject(registration=nominee, by=OrganiserFactory(), reason="Not a government official")
    else:
        registration_cancel(registration=nominee, by=nominee.user)
    assert Seats.read(edition).reserved == {}
    assert status_of(first) == S.APPROVED


def test_approved_nominee_cancelling_frees_a_seat_for_the_waiting_list():
    edition = nominations_edition(quota=2, approved=1)
    nominee = take_up(NominationFactory(nominator=nominator_of(edition, places=1)))
    assert nominee.status == S.APPROVED
    (first,) = waiting(edition, 1)
    registration_cancel(registration=nominee, by=nominee.user)
    assert status_of(first) == S.APPROVED


# --- What the pages read ----------------------------------------------------------------------------------------


def _reservations_of_every_kind(edition):
    """2 approved, 3 reserving (2 open invitations and 1 taken up waiting for a decision) and 4 that do not reserve
    (past their deadline, withdrawn, taken up and approved, taken up and cancelled)."""
    RegistrationFactory.create_batch(2, edition=edition, status=S.APPROVED, country="KH")
    nominator = nominator_of(edition, places=6)
    NominationFactory.create_batch(2, nominator=nominator)
    NominationFactory(nominator=nominator, status=N.WITHDRAWN)
    for status in (S.SUBMITTED, S.APPROVED, S.CANCELLED):
        registration = RegistrationFactory(edition=edition, status=status, country="VN")
        NominationFactory(nominator=nominator, status=N.TAKEN, registration=registration)
    late = nominator_of(edition, places=1, country="TH", deadline=timezone.now() - datetime.timedelta(hours=1))
    NominationFactory(nominator=late)


def test_edition_list_seats_left_subtracts_reservations():
    edition = nominations_edition(capacity=10, approved=0)
    _reservations_of_every_kind(edition)
    listed = edition_list_published().get(pk=edition.pk)
    # approved: 2 KH and the approved nominee.
    assert (listed.approved_count, listed.reserved_count, listed.seats_left) == (3, 3, 4)
    assert Seats.read(edition).left == listed.seats_left


def test_seats_summary_shows_reservations_per_country():
    edition = nominations_edition(capacity=10, quota=5, approved=0)
    _reservations_of_every_kind(edition)
    summary = Seats.read(edition).summary()
    assert (summary["capacity"], summary["approved"], summary["reserved"], summary["left"]) == (10, 3, 3, 4)
    rows = {row["country"]: row for row in summary["countries"]}
    assert rows["VN"] == {"country": "VN", "name": "Vietnam", "approved": 1, "reserved": 3, "quota": 5, "left": 1}
    assert rows["KH"]["reserved"] == 0 and rows["KH"]["left"] == 4
    assert "TH" not in rows  # its only invitation is past its nominator's deadline


def test_reserving_q_after_the_deadline_keeps_only_registrations_waiting_for_a_decision():
    edition = nominations_edition()
    nominator = nominator_of(edition, places=3)
    invited = NominationFactory(nominator=nominator)
    registration = RegistrationFactory(edition=edition, status=S.SUBMITTED, country="VN")
    taken = NominationFactory(nominator=nominator, status=N.TAKEN, registration=registration)
    reserving = Nomination.objects.filter(edition=edition)
    assert set(reserving.filter(reserving_q())) == {invited, taken}

    after = nominator.deadline + datetime.timedelta(seconds=1)
    assert list(reserving.filter(reserving_q(now=after))) == [taken]
    Nominator.objects.filter(pk=nominator.pk).update(deadline=timezone.now() - datetime.timedelta(seconds=1))
    assert Seats.read(edition).reserved == {"VN": 1}
    registration.status = S.WAITLISTED
    registration.save(update_fields=["status"])
    assert Seats.read(edition).reserved == {"VN": 1}


# --- The organisers' floors and switches ------------------------------------------------------------------------


def test_edition_update_capacity_cannot_go_below_approved_and_reserved():
    edition = nominations_edition(capacity=5, approved=2, country="KH")
    NominationFactory.create_batch(2, nominator=nominator_of(edition, places=2))
    organiser = OrganiserFactory()
    with pytest.raises(EditionError) as refused:
        edition_update(edition=edition, data={"capacity": 3}, by=organiser)
    assert refused.value.field == "capacity"
    assert "2 delegates are approved and 2 places are kept for nominations" in str(refused.value.message)
    assert edition_update(edition=edition, data={"capacity": 4}, by=organiser).capacity == 4


def test_quota_set_cannot_go_below_approved_and_reserved():
    edition = nominations_edition(quota=4, approved=1)
    NominationFactory.create_batch(2, nominator=nominator_of(edition, places=2))
    organiser = OrganiserFactory()
    with pytest.raises(EditionError) as refused:
        quota_set(edition=edition, country="VN", seats=2, by=organiser)
    assert "3 delegates representing Vietnam" in str(refused.value.message)
    assert quota_set(edition=edition, country="VN", seats=3, by=organiser).seats == 3


def test_intake_switch_to_open_is_refused_while_nominators_exist():
    edition = nominations_edition()
    nominator = nominator_of(edition)
    organiser = OrganiserFactory()
    with pytest.raises(EditionError) as refused:
        edition_update(edition=edition, data={"intake": ForumEdition.Intake.OPEN}, by=organiser)
    assert refused.value.field == "intake"
    edition.refresh_from_db()
    assert edition.intake == ForumEdition.Intake.BOTH
    assert edition_update(edition=edition, data={"intake": "nomination"}, by=organiser).intake == "nomination"
    nominator.delete()
    assert edition_update(edition=edition, data={"intake": "open"}, by=organiser).intake == "open"


def _save(edition, user, *, places, nominator=None, country="VN", **overrides):
    arguments = {
        "edition": edition,
        "email": user.email.upper(),
        "kind": "country",
        "country": country,
        "organisation": None,
        "places": places,
        "deadline": edition.registration_closes_at - datetime.timedelta(days=1),
        "by": OrganiserFactory(),
        "nominator": nominator,
    }
    arguments.update(overrides)
    return nominator_save(**arguments)


def test_nominator_save_keeps_the_places_of_a_country_within_its_quota():
    edition = nominations_edition(quota=3)
    nominator_of(edition, places=2)
    with pytest.raises(NominationError) as refused:
        _save(edition, UserFactory(), places=2)
    assert refused.value.field == "places"
    assert "would have 4 places, more than its quota of 3" in str(refused.value.message)
    nominator = _save(edition, UserFactory(), places=1)
    assert (nominator.places, nominator.country) == (1, "VN")
    assert _save(edition, UserFactory(), places=9, country="KH").places == 9  # no quota: the capacity limits


def test_nominator_save_places_never_below_what_the_delegation_uses():
    edition = nominations_edition()
    nominator = nominator_of(edition, places=3)
    NominationFactory(nominator=nominator)
    registration = RegistrationFactory(edition=edition, status=S.SUBMITTED, country="VN")
    NominationFactory(nominator=nominator, status=N.TAKEN, registration=registration)
    NominationFactory(nominator=nominator, status=N.WITHDRAWN)
    with pytest.raises(NominationError) as refused:
        _save(edition, nominator.user, places=1, nominator=nominator)
    assert refused.value.field == "places"
    assert "2 people of this delegation" in str(refused.value.message)
    assert _save(edition, nominator.user, places=2, nominator=nominator).places == 2


def test_nominator_save_refusals_about_the_edition_and_the_person():
    edition = nominations_edition()
    user = UserFactory()
    with pytest.raises(NominationError) as late:
        _save(edition, user, places=1, deadline=edition.registration_closes_at + datetime.timedelta(hours=1))
    assert late.value.field == "deadline"
    with pytest.raises(NominationError) as unknown:
        _save(edition, user, places=1, email="nobody@example.org")
    assert unknown.value.field == "email"
    _save(edition, user, places=1)
    with pytest.raises(NominationError) as twice:
        _save(edition, user, places=1)
    assert twice.value.field == "email"
    open_only = nominations_edition()
    ForumEdition.objects.filter(pk=open_only.pk).update(intake=ForumEdition.Intake.OPEN)
    open_only.refresh_from_db()
    with pytest.raises(NominationError):
        _save(open_only, UserFactory(), places=1)
