"""The sync of a station's scans (forum.services.checkins): every outcome, idempotency, one check-in counting per
person per day or session, revocation at the next sync, expiry, and the stations' own services."""

import datetime
import uuid

import pytest
from django.utils import timezone

from forum.errors import InvalidScan, NoSeatLeft, StationError, StationRefused
from forum.models import CheckIn, Registration, Station
from forum.services.checkins import MAX_SCANS, scan_from_data, scans_sync
from forum.services.credentials import credential_reissue
from forum.services.stations import station_device_check, station_new_link, station_open, station_revoke
from forum.services.walkins import walk_in_register
from tests.factories import AgendaChoiceFactory, OrganisationFactory, RegistrationFactory

from .helpers import approved_people, make_station, scan

Outcome = CheckIn.Outcome


def outcomes(result):
    return [item.outcome for item in result.results]


def test_sync_admits_a_valid_badge_once_and_stores_the_scan(station, people):
    result = scans_sync(station=station, scans=[scan(secret=people[0].secret)])
    (item,) = result.results
    assert (item.outcome, item.counts) == (Outcome.ADMITTED, True)
    assert item.name and item.name in item.message
    row = CheckIn.objects.get()
    assert (row.registration, row.counts, row.day, row.session) == (people[0], True, station.day, None)
    assert people[0].reference in result.checked_in
    station.refresh_from_db()
    assert station.last_synced_at is not None


def test_sync_second_scan_of_the_same_person_is_already_with_the_first(station, edition, organiser, people):
    scans_sync(station=station, scans=[scan(secret=people[0].secret)])
    side = make_station(edition, organiser, name="Side door")
    (item,) = scans_sync(station=side, scans=[scan(secret=people[0].secret, offline=True)]).results
    assert (item.outcome, item.counts) == (Outcome.ALREADY, False)
    assert item.first["station"] == "Main door"
    assert "Main door" in item.message
    assert CheckIn.objects.count() == 2
    assert CheckIn.objects.filter(counts=True).count() == 1


def test_sync_same_scan_id_twice_is_recorded_once_and_answered_as_stored(station, people):
    first = scan(secret=people[0].secret)
    before = scans_sync(station=station, scans=[first]).results[0]
    again = scans_sync(station=station, scans=[first, first]).results
    assert [item.outcome for item in again] == [Outcome.ADMITTED, Outcome.ADMITTED]
    assert all(item.counts for item in again) and again[0].name == before.name
    assert CheckIn.objects.count() == 1


def test_sync_another_stations_scan_id_tells_nothing(station, edition, organiser, people):
    first = scan(secret=people[0].secret)
    scans_sync(station=station, scans=[first])
    other = make_station(edition, organiser, name="Other")
    (item,) = scans_sync(station=other, scans=[first]).results
    assert (item.outcome, item.name) == (Outcome.UNKNOWN, "")
    assert CheckIn.objects.count() == 1


def test_sync_unknown_badge_and_another_editions_badge(station, people):
    foreign = approved_people(RegistrationFactory().edition, 1)[0]
    result = scans_sync(station=station, scans=[scan(secret="x" * 22), scan(secret=foreign.secret)])
    assert outcomes(result) == [Outcome.UNKNOWN, Outcome.UNKNOWN]
    assert CheckIn.objects.filter(registration__isnull=True).count() == 2


def test_sync_replaced_badge_refused_even_when_queued_offline(station, people, organiser):
    old = people[0].secret
    credential_reissue(registration=people[0], by=organiser)
    (item,) = scans_sync(station=station, scans=[scan(secret=old, offline=True)]).results
    assert (item.outcome, item.counts) == (Outcome.REPLACED, False)
    assert CheckIn.objects.get().registration == people[0]


def test_sync_not_approved(station, edition):
    registration = approved_people(edition, 1)[0]
    Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.CANCELLED)
    (item,) = scans_sync(station=station, scans=[scan(secret=registration.secret)]).results
    assert item.outcome == Outcome.NOT_APPROVED and "cancelled" in item.message


def test_sync_wrong_day_scan_made_on_another_day(station, people):
    yesterday = timezone.now() - datetime.timedelta(days=1)
    (item,) = scans_sync(station=station, scans=[scan(secret=people[0].secret, at=yesterday)]).results
    assert (item.outcome, item.counts) == (Outcome.WRONG_DAY, False)


def test_sync_day_door_of_another_day(edition, organiser, people):
    tomorrow = make_station(edition, organiser, day=edition.starts_on + datetime.timedelta(days=1))
    (item,) = scans_sync(station=tomorrow, scans=[scan(secret=people[0].secret)]).results
    assert item.outcome == Outcome.WRONG_DAY


def test_sync_typed_reference(station, people):
    result = scans_sync(station=station, scans=[scan(ref=people[1].reference.lower()), scan(ref="ATF27-9999")])
    assert outcomes(result) == [Outcome.ADMITTED, Outcome.UNKNOWN]
    assert CheckIn.objects.get(counts=True).credential is None


def test_sync_session_door_signed_up_only_and_full_when_enforced(edition, organiser, session):
    signed = approved_people(edition, 3)
    for registration in signed:
        AgendaChoiceFactory(session=session, registration=registration)  # three signed up for two places
    walker = approved_people(edition, 1)[0]
    door = make_station(edition, organiser, session=session, name="Room B door")
    result = scans_sync(station=door, scans=[scan(secret=p.secret) for p in [walker, *signed]])
    assert outcomes(result) == [Outcome.WRONG_DAY, Outcome.ADMITTED, Outcome.ADMITTED, Outcome.FULL]
    assert result.session == {"capacity": 2, "enforced": True, "count": 2}
    assert CheckIn.objects.filter(counts=True, session=session).count() == 2


def test_sync_open_session_counts_without_refusing(edition, organiser, session):
    session.requires_signup, session.signup_capacity = False, None
    session.save()
    session.room.capacity = 1
    session.room.save()
    door = make_station(edition, organiser, session=session)
    result = scans_sync(station=door, scans=[scan(secret=p.secret) for p in approved_people(edition, 2)])
    assert outcomes(result) == [Outcome.ADMITTED, Outcome.ADMITTED]
    assert result.session == {"capacity": 1, "enforced": False, "count": 2}


def test_sync_session_door_and_day_door_count_apart(edition, organiser, session, station):
    registration = approved_people(edition, 1)[0]
    AgendaChoiceFactory(session=session, registration=registration)
    door = make_station(edition, organiser, session=session)
    assert scans_sync(station=station, scans=[scan(secret=registration.secret)]).results[0].counts
    assert scans_sync(station=door, scans=[scan(secret=registration.secret)]).results[0].counts


def test_sync_revoked_station_refused_and_nothing_stored(station, people):
    station_revoke(station=station)
    with pytest.raises(StationRefused) as refused:
        scans_sync(station=station, scans=[scan(secret=people[0].secret)])
    assert refused.value.code == "revoked"
    assert not CheckIn.objects.exists()


def test_sync_expired_station_refused(station, people):
    Station.objects.filter(pk=station.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(StationRefused) as refused:
        scans_sync(station=station, scans=[scan(secret=people[0].secret)])
    assert refused.value.code == "expired"


def test_sync_refuses_more_than_its_limit(station):
    with pytest.raises(InvalidScan):
        scans_sync(station=station, scans=[scan(ref="ATF27-0001") for _ in range(MAX_SCANS + 1)])


def test_sync_answers_what_changed_since_the_last_sync(station, edition, organiser, people):
    side = make_station(edition, organiser, name="Side door")
    scans_sync(station=side, scans=[scan(secret=people[0].secret)])
    first = scans_sync(station=station, scans=[scan(secret=people[1].secret)])
    assert set(first.checked_in) == {people[0].reference, people[1].reference}  # the first sync: everyone
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    CheckIn.objects.update(received_at=hour_ago)
    Station.objects.filter(pk=station.pk).update(last_synced_at=hour_ago + datetime.timedelta(minutes=30))
    station.refresh_from_db()
    assert scans_sync(station=station, scans=[scan(secret=people[2].secret)]).checked_in.keys() == {people[2].reference}


def test_scan_from_data_reads_the_contract_and_refuses_the_rest():
    scan_id = uuid.uuid4()
    read = scan_from_data({"id": str(scan_id), "h": "AB" * 32, "at": "2027-03-02T08:30:00+07:00", "offline": True})
    assert (read.scan_id, read.digest, read.offline, read.at.hour) == (scan_id, "ab" * 32, True, 8)
    assert scan_from_data({"id": str(scan_id), "ref": "atf27-0001", "at": "2027-03-02T08:30:00"}).at is None
    for bad in (None, [], {"id": "nope", "h": "a"}, {"id": str(scan_id)}, {"id": str(scan_id), "h": 5}):
        with pytest.raises(InvalidScan):
            scan_from_data(bad)


# --- Stations ----------------------------------------------------------------------------------------------


def test_station_create_refuses_days_outside_the_forum_and_the_past(edition, organiser):
    with pytest.raises(StationError) as error:
        make_station(edition, organiser, day=edition.starts_on - datetime.timedelta(days=1))
    assert error.value.field == "day"
    with pytest.raises(StationError) as error:
        make_station(edition, organiser, expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert error.value.field == "expires_at"


def test_station_link_opens_one_device_once(station):
    secret = station_open(station=station, token=station.token)
    station.refresh_from_db()
    station_device_check(station, secret=secret)
    with pytest.raises(StationRefused):
        station_open(station=station, token=station.token)
    with pytest.raises(StationRefused) as refused:
        station_device_check(station, secret="another device")
    assert refused.value.code == "forbidden"


def test_station_new_link_shuts_out_the_old_device(station):
    secret = station_open(station=station, token=station.token)
    token = station_new_link(station=station)
    station.refresh_from_db()
    with pytest.raises(StationRefused):
        station_device_check(station, secret=secret)
    with pytest.raises(StationRefused):
        station_open(station=station, token=station.token)
    secret = station_open(station=station, token=token)
    station.refresh_from_db()
    station_device_check(station, secret=secret)


def test_station_revoked_refuses_its_device_at_once(station):
    secret = station_open(station=station, token=station.token)
    station_revoke(station=station)
    station.refresh_from_db()
    with pytest.raises(StationRefused) as refused:
        station_device_check(station, secret=secret)
    assert refused.value.code == "revoked"
    with pytest.raises(StationError):
        station_new_link(station=station)


# --- Walk-ins ----------------------------------------------------------------------------------------------


def walk_in(edition, organiser, station, **person):
    return walk_in_register(
        edition=edition,
        by=organiser,
        station=station,
        category=Registration.Category.CIVIL_SOCIETY,
        email=person.pop("email", "walk.in@example.org"),
        given_name="Walk",
        family_name="In",
        organisation=OrganisationFactory(),
        country="KH",
        **person,
    )


def test_walk_in_registered_approved_with_badge_and_checked_in(edition, organiser):
    desk = make_station(edition, organiser, name="Desk", admits_walk_ins=True)
    registration, result = walk_in(edition, organiser, desk)
    assert registration.status == Registration.Status.APPROVED
    assert registration.credentials.filter(revoked_at__isnull=True).exists()
    assert (result.outcome, result.counts) == (Outcome.ADMITTED, True)
    assert CheckIn.objects.get().station == desk
    desk.refresh_from_db()
    assert desk.last_synced_at is None  # the desk's device did not sync


def test_walk_in_without_a_seat_saves_nothing(edition, organiser):
    desk = make_station(edition, organiser, name="Desk", admits_walk_ins=True)
    edition.capacity = 0
    edition.save()
    with pytest.raises(NoSeatLeft):
        walk_in(edition, organiser, desk)
    assert not Registration.objects.filter(edition=edition).exists()
    assert not CheckIn.objects.exists()


def test_walk_in_only_at_a_walk_in_station(edition, organiser, station):
    with pytest.raises(StationError) as error:
        walk_in(edition, organiser, station)
    assert error.value.field == "station"


def test_sync_queries_do_not_grow_with_the_scans(station, edition, django_assert_num_queries):
    """The badge's name reads the organisation: it comes in the people's one query (it was one query a scan)."""
    people = approved_people(edition, 11)
    scans_sync(station=station, scans=[scan(secret=people[0].secret)])
    with django_assert_num_queries(13):
        scans_sync(station=station, scans=[scan(secret=people[1].secret)])
    with django_assert_num_queries(13):
        scans_sync(station=station, scans=[scan(secret=person.secret) for person in people[2:]])
