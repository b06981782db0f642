"""Parallel sign-ups never overfill a session: the session row is locked while places are counted."""

import threading

import pytest
from django.db import connection, connections

from forum.errors import RoomBusy, SessionFull
from forum.models import AgendaChoice, Registration, Session
from forum.services.agenda import agenda_add
from forum.services.programme import session_create
from tests.factories import RegistrationFactory, RoomFactory, SessionFactory, forum_time

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no row locks and serialises every writer")


def _run_in_threads(jobs) -> list:
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait(timeout=30)
            results[index] = job()
        except Exception as error:  # collected and asserted on
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results


def test_agenda_add_parallel_signups_fill_exactly_capacity():
    session = SessionFactory(requires_signup=True, signup_capacity=5)
    registrations = [
        RegistrationFactory(edition=session.edition, status=Registration.Status.APPROVED) for _ in range(20)
    ]
    edition = session.edition
    jobs = [
        (lambda r=r: agenda_add(edition=edition, user=r.user, session=Session(pk=session.pk))) for r in registrations
    ]
    results = _run_in_threads(jobs)
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
    results = _run_in_threads(jobs)
    assert sum(isinstance(r, Session) for r in results) == 1
    # The room row lock serialises bookings: every loser gets the service's clear refusal.
    assert sum(isinstance(r, RoomBusy) for r in results) == 7
    assert Session.objects.filter(room=room).count() == 1
