"""Parallel syncs on PostgreSQL: stations that admitted the same badges offline sync at once, and exactly one
check-in counts per person per day or session; a session door whose capacity is enforced admits no one past it;
a scan sent twice at once (a retry) is recorded once."""

import random

from forum.models import CheckIn, Station
from forum.services.checkins import scans_sync
from tests.concurrency import PARALLEL, run_in_threads
from tests.factories import AgendaChoiceFactory

from .helpers import approved_people, make_station, scan

pytestmark = PARALLEL


def _sync(station_pk, scans):
    return lambda: scans_sync(station=Station.objects.select_related("edition").get(pk=station_pk), scans=scans)


def test_parallel_syncs_of_overlapping_scans_count_each_person_once_a_day(edition, organiser):
    people = approved_people(edition, 20)
    stations = [make_station(edition, organiser, name=f"Door {n}") for n in range(4)]
    jobs = []
    for station in stations:
        batch = [scan(secret=person.secret, offline=True) for person in random.sample(people, len(people))]
        jobs.append(_sync(station.pk, batch))
        jobs.append(_sync(station.pk, batch[:10]))  # the same scans again at once: the outbox retried
    results = run_in_threads(jobs)
    assert not [result for result in results if isinstance(result, Exception)]
    assert CheckIn.objects.count() == 4 * 20  # every scan kept, each once
    counting = CheckIn.objects.filter(counts=True)
    assert counting.count() == 20
    assert sorted(counting.values_list("registration_id", flat=True)) == sorted(person.pk for person in people)
    admitted = sum(result.outcome == "admitted" for synced in results for result in synced.results)
    assert admitted >= 20  # a retry answers "admitted" again for the scans that counted


def test_parallel_syncs_at_a_session_door_never_pass_its_capacity(edition, organiser, session):
    people = approved_people(edition, 12)
    for person in people:
        AgendaChoiceFactory(session=session, registration=person)  # more signed up than the 2 places
    doors = [make_station(edition, organiser, session=session, name=f"Room door {n}") for n in range(4)]
    jobs = [
        _sync(door.pk, [scan(secret=person.secret) for person in random.sample(people, len(people))]) for door in doors
    ]
    results = run_in_threads(jobs)
    assert not [result for result in results if isinstance(result, Exception)]
    assert CheckIn.objects.filter(session=session, counts=True).count() == session.signup_capacity
    assert CheckIn.objects.filter(session=session, outcome="full").count() >= 12 - session.signup_capacity
    assert max(synced.session["count"] for synced in results) == session.signup_capacity
