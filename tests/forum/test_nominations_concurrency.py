"""Parallel requests about nominations on PostgreSQL: nominators and self-registrants racing for a country's last
places never overbook it, a personal link registers one person, a nominator's places are never exceeded, and a list
pasted twice at once is saved once (tests.concurrency: every thread its own connection, released together)."""

from collections import Counter

from forum.errors import AlreadyRegistered, ForumError, NominationError, NoSeatLeft
from forum.models import Nomination, Registration
from forum.services.lifecycle import registration_cancel, registration_reopen
from forum.services.nominations import (
    nomination_invite,
    nomination_replace,
    nomination_withdraw,
    nominations_invite_pasted,
    places_used,
)
from forum.services.registration import registration_submit
from forum.services.seats import Seats
from tests.concurrency import PARALLEL, run_in_threads
from tests.factories import NominationFactory, OrganiserFactory, UserFactory
from tests.forum.helpers import registration_data
from tests.forum.nomination_helpers import N, S, nominations_edition, nominator_of, status_of, take_up

pytestmark = PARALLEL


def _self_registers(edition, user):
    return lambda: registration_submit(edition=edition, user=user, data=registration_data(country="VN"), visa=None)


def _invites(nominator, email):
    return lambda: nomination_invite(
        nominator=nominator, name="Sok Dara", email=email, language="en", by=nominator.user
    )


def _held_in_vietnam(edition) -> int:
    seats = Seats.read(edition)
    return seats.by_country.get("VN", 0) + seats.reserved.get("VN", 0)


def test_concurrency_self_registrants_and_nominators_racing_for_a_countrys_last_place_take_it_once():
    edition = nominations_edition(capacity=50, quota=3, approved=2)  # one place left for Vietnam
    nominators = [nominator_of(edition, places=1) for _ in range(3)]
    users = UserFactory.create_batch(6)
    jobs = [_invites(nominator, f"nominee{n}@example.org") for n, nominator in enumerate(nominators)]
    jobs += [_self_registers(edition, user) for user in users]

    results = run_in_threads(jobs)

    invited, registered = results[:3], results[3:]
    assert [r for r in invited if not isinstance(r, (Nomination, NoSeatLeft))] == []
    assert [r for r in registered if not isinstance(r, Registration)] == []
    statuses = Counter(Registration.objects.filter(edition=edition, user__in=users).values_list("status", flat=True))
    new_nominations = Nomination.objects.filter(edition=edition).count()
    assert statuses[S.APPROVED] + new_nominations == 1  # exactly the one place left, to whoever came first
    assert statuses[S.APPROVED] + statuses[S.WAITLISTED] == 6
    assert sum(isinstance(r, NoSeatLeft) for r in invited) == 3 - new_nominations
    assert _held_in_vietnam(edition) == 3


def test_concurrency_a_nominee_racing_self_registrants_for_their_reserved_place_always_gets_it():
    edition = nominations_edition(capacity=50, quota=3, approved=1)
    nominator = nominator_of(edition, places=2)
    nominations = NominationFactory.create_batch(2, nominator=nominator)
    users = UserFactory.create_batch(8)
    jobs = [lambda n=n: take_up(n) for n in nominations] + [_self_registers(edition, user) for user in users]

    results = run_in_threads(jobs)

    assert [r for r in results if not isinstance(r, Registration)] == []
    assert [r.status for r in results[:2]] == [S.APPROVED, S.APPROVED]
    assert {r.status for r in results[2:]} == {S.WAITLISTED}
    assert Registration.objects.filter(edition=edition, status=S.APPROVED, country="VN").count() == 3
    assert _held_in_vietnam(edition) == 3


def test_concurrency_the_same_link_taken_up_by_two_accounts_registers_one():
    edition = nominations_edition(quota=5)
    nomination = NominationFactory(nominator=nominator_of(edition), email="dara@example.org")
    # Two accounts of the invited mailbox (a +tag is the same mailbox): only they may take the link up.
    users = [UserFactory(email="dara@example.org"), UserFactory(email="dara+forum@example.org")]

    results = run_in_threads([lambda user=user: take_up(nomination, user=user) for user in users])

    assert sum(isinstance(r, Registration) for r in results) == 1
    (refused,) = [r for r in results if not isinstance(r, Registration)]
    assert isinstance(refused, NominationError)
    assert "already been used" in str(refused.message)
    (registration,) = Registration.objects.filter(edition=edition)
    nomination.refresh_from_db()
    assert (nomination.status, nomination.registration) == (N.TAKEN, registration)


def test_concurrency_the_same_link_taken_up_in_two_tabs_of_one_account_registers_once():
    edition = nominations_edition(quota=5)
    nomination = NominationFactory(nominator=nominator_of(edition))
    user = UserFactory(email=nomination.email)

    results = run_in_threads([lambda: take_up(nomination, user=user) for _ in range(3)])

    assert sum(isinstance(r, Registration) for r in results) == 1
    assert all(isinstance(r, (Registration, NominationError, AlreadyRegistered)) for r in results), results
    assert Registration.objects.filter(edition=edition, user=user).count() == 1
    assert status_of(nomination) == N.TAKEN


def test_concurrency_two_invitations_taken_up_at_once_never_exceed_the_nominators_places():
    """A registered nominee cancels, their place is invited again, and reopening the first registration is refused
    (it would take the delegation past its places); the two open invitations are then taken up at once."""
    edition = nominations_edition(quota=5)
    nominator = nominator_of(edition, places=2)
    first, second = NominationFactory.create_batch(2, nominator=nominator)
    cancelled = take_up(first)
    registration_cancel(registration=cancelled, by=cancelled.user)
    third = NominationFactory(nominator=nominator)
    results = run_in_threads(
        [lambda n=n: take_up(n) for n in (second, third)]
        + [lambda: registration_reopen(registration=cancelled, by=OrganiserFactory())]
    )

    assert [r.status for r in results[:2]] == [S.APPROVED, S.APPROVED]
    assert isinstance(results[2], NominationError) and "used all its places" in str(results[2].message)
    taken = nominator.nominations.filter(status=N.TAKEN, registration__status__in=Registration.ACTIVE_STATUSES)
    assert taken.count() == 2 == nominator.places
    assert status_of(cancelled) == S.CANCELLED


def test_concurrency_a_self_registrant_racing_an_invitation_of_their_address_holds_one_place():
    for _ in range(3):
        edition = nominations_edition(quota=5)
        nominator = nominator_of(edition)
        user = UserFactory(country="VN")

        results = run_in_threads([_self_registers(edition, user), _invites(nominator, user.email)])

        done = [r for r in results if not isinstance(r, Exception)]
        assert len(done) == 1, results
        assert all(isinstance(r, NominationError) for r in results if isinstance(r, Exception)), results
        assert _held_in_vietnam(edition) == 1


def test_concurrency_invitations_and_take_ups_at_once_keep_within_the_places():
    edition = nominations_edition(quota=10)
    nominator = nominator_of(edition, places=3)
    open_ones = NominationFactory.create_batch(2, nominator=nominator)
    jobs = [lambda n=n: take_up(n) for n in open_ones]
    jobs += [_invites(nominator, f"tab{n}@example.org") for n in range(5)]

    results = run_in_threads(jobs)

    assert [r.status for r in results[:2]] == [S.APPROVED, S.APPROVED]
    invited = [r for r in results[2:] if isinstance(r, Nomination)]
    refused = [r for r in results[2:] if not isinstance(r, Nomination)]
    assert len(invited) == 1
    assert all(isinstance(r, NominationError) and "places" in str(r.message) for r in refused)
    assert places_used(nominator) == 3
    assert Seats.read(edition).reserved == {"VN": 1}


def test_concurrency_an_invitation_withdrawn_while_it_is_taken_up_ends_one_way_only():
    edition = nominations_edition(quota=2, approved=1)
    nominator = nominator_of(edition, places=1)
    nomination = NominationFactory(nominator=nominator)

    withdrawn, registered = run_in_threads(
        [lambda: nomination_withdraw(nomination=nomination, by=nominator.user), lambda: take_up(nomination)]
    )

    nomination.refresh_from_db()
    if isinstance(registered, Registration):
        assert isinstance(withdrawn, NominationError)  # taken up first: no longer withdrawable
        assert (nomination.status, registered.status) == (N.TAKEN, S.APPROVED)
    else:
        assert isinstance(withdrawn, Nomination) and isinstance(registered, NominationError)
        assert nomination.status == N.WITHDRAWN and Registration.objects.filter(edition=edition).count() == 1
    assert places_used(nominator) == (1 if nomination.status == N.TAKEN else 0)
    assert _held_in_vietnam(edition) == (2 if nomination.status == N.TAKEN else 1)


def test_concurrency_a_nominee_replaced_while_taking_up_the_invitation_leaves_one_person_in_the_place():
    edition = nominations_edition(quota=2, approved=1)
    nominator = nominator_of(edition, places=1)
    nomination = NominationFactory(nominator=nominator)

    def replace():
        return nomination_replace(
            nomination=nomination, name="Chan Thy", email="chan@example.org", language="en", by=nominator.user
        )

    replacement, registered = run_in_threads([replace, lambda: take_up(nomination)])

    assert isinstance(replacement, Nomination), replacement  # replacing is allowed before and after the take-up
    assert status_of(nomination) == N.REPLACED
    if isinstance(registered, Registration):
        assert status_of(registered) == S.CANCELLED
    else:
        assert isinstance(registered, NominationError)
    assert places_used(nominator) == 1
    assert _held_in_vietnam(edition) == 2  # the one approved and the replacement's reservation


def test_concurrency_the_same_list_pasted_in_two_tabs_at_once_is_saved_once():
    edition = nominations_edition(quota=20)
    nominator = nominator_of(edition, places=10)
    text = "\n".join(f"Person {n}, person{n}@example.org" for n in range(6))

    def paste():
        return nominations_invite_pasted(nominator=nominator, text=text, language="en", by=nominator.user)

    results = run_in_threads([paste, paste])

    assert [r for r in results if isinstance(r, Exception)] == []
    for first, second in zip(*results, strict=True):
        assert first.ok != second.ok, (first, second)  # each line saved by one tab, refused by the other
        refused = second if first.ok else first
        assert "already" in refused.message
    emails = list(Nomination.objects.filter(edition=edition).values_list("email", flat=True))
    assert sorted(emails) == sorted(f"person{n}@example.org" for n in range(6))


def test_concurrency_one_address_invited_by_several_delegations_at_once_is_nominated_once():
    edition = nominations_edition(quota=20)
    nominators = [nominator_of(edition, places=2, country=country) for country in ("VN", "TH", "LA", "KH")]

    results = run_in_threads([_invites(nominator, "Dara@Example.org") for nominator in nominators])

    assert sum(isinstance(r, Nomination) for r in results) == 1
    refused = [r for r in results if not isinstance(r, Nomination)]
    assert all(isinstance(r, ForumError) and r.field == "email" for r in refused), refused
    assert Nomination.objects.filter(edition=edition, email="dara@example.org").count() == 1
