"""Parallel sign-ups never overfill a session: the session row is locked while places are counted."""

from forum.errors import RoomBusy, SessionFull
from forum.models import AgendaChoice, ProgrammeSettings, Registration, Session
from forum.services.agenda import agenda_add
from forum.services.programme import session_create
from tests.concurrency import PARALLEL, run_in_threads
from tests.factories import RegistrationFactory, RoomFactory, SessionFactory, forum_time

pytestmark = PARALLEL


def test_agenda_add_parallel_signups_fill_exactly_capacity():
    session = SessionFactory(requires_signup=True, signup_capacity=5)
    registrations = [
        RegistrationFactory(edition=session.edition, status=Registration.Status.APPROVED) for _ in range(20)
    ]
    edition = session.edition
    jobs = [
        (lambda r=r: agenda_add(edition=edition, user=r.user, session=Session(pk=session.pk))) for r in registrations
    ]
    results = run_in_threads(jobs)
    assert sum(isinstance(r, AgendaChoice) for r in results) == 5
    assert sum(isinstance(r, SessionFull) for r in results) == 15
    assert AgendaChoice.objects.filter(session=session).count() == 5


def test_session_create_parallel_same_room_one_wins():
    room = RoomFactory()
    edition = room.edition
    jobs = [
        (
            lambda i=i: session_create(
                edition=edition,
                title_en=f"Clash {i}",
                kind="panel",
                room=room,
                starts_at=forum_time(edition, 0, 9, i),
                ends_at=forum_time(edition, 0, 10, i),
            )
        )
        for i in range(8)
    ]
    results = run_in_threads(jobs)
    assert sum(isinstance(r, Session) for r in results) == 1
    # The room row lock serialises bookings: every loser gets the service's clear refusal.
    assert sum(isinstance(r, RoomBusy) for r in results) == 7
    assert Session.objects.filter(room=room).count() == 1


def test_parallel_programme_writes_each_move_the_version_on():
    """Eight sessions booked at once in eight rooms of an edition that has no programme settings yet: the first
    writes make the row once, and every write counts (the cached programme of each version is read no more)."""
    edition = RoomFactory().edition
    rooms = [RoomFactory(edition=edition) for _ in range(8)]
    jobs = [
        (
            lambda room=room: session_create(
                edition=edition,
                title_en=f"Session in {room.name}",
                kind="panel",
                room=room,
                starts_at=forum_time(edition, 0, 9),
                ends_at=forum_time(edition, 0, 10),
            )
        )
        for room in rooms
    ]
    results = run_in_threads(jobs)
    assert all(isinstance(result, Session) for result in results), results
    assert ProgrammeSettings.objects.get(edition=edition).version == 8
