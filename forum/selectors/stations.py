"""Reads about check-in stations: a station from its link, the organisers' list of an edition's stations, what is
checked in at a door, and the organisers' report of what the stations did offline.

What a station's device downloads (its manifest) is forum.selectors.manifest.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from ..models import AgendaChoice, CheckIn, ForumEdition, Registration, Station
from ..rules import door_capacity, door_day
from ..services.stations import secret_digest

Outcome = CheckIn.Outcome


def station_by_token(*, slug: str, token: str) -> Station | None:
    """The station of the edition `slug` whose opening link is `token` (spent or not), with its edition and its
    session's room; None for any other token. One query."""
    if not token or len(token) > 100:
        return None
    return (
        Station.objects.filter(edition__slug=slug, link_hash=secret_digest(token))
        .select_related("edition", "session__room")
        .first()
    )


def station_rows(*, edition: ForumEdition) -> list[Station]:
    """The edition's stations for the organisers' list, each with `scans` (every scan it recorded) and `admitted`
    (the check-ins it recorded that count), its session and room. One query."""
    return list(
        Station.objects.filter(edition=edition)
        .select_related("session__room")
        .annotate(scans=Count("checkins"), admitted=Count("checkins", filter=Q(checkins__counts=True)))
        .order_by("revoked_at", "day", "session__starts_at", "name", "pk")
    )


def station_for_organiser(*, edition: ForumEdition, pk: int) -> Station | None:
    return Station.objects.filter(edition=edition, pk=pk).select_related("session__room").first()


def walk_in_stations(*, edition: ForumEdition) -> QuerySet[Station]:
    """The edition's working stations that register walk-ins (a walk-in's check-in is recorded at one)."""
    return Station.objects.filter(
        edition=edition, admits_walk_ins=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("session__room")


# --- At a door ---------------------------------------------------------------------------------------------


def door_counting(station: Station) -> QuerySet[CheckIn]:
    """The check-ins that count at the station's door: of its day (every day door of that day), or of its session
    (every door of that session). The rule of the database's constraints forum_checkin_once_a_*."""
    if station.session_id is not None:
        return CheckIn.objects.filter(counts=True, session_id=station.session_id)
    return CheckIn.objects.filter(counts=True, session__isnull=True, day=station.day)


def door_firsts(station: Station, *, registration_ids: Iterable[int] | None = None) -> dict[int, CheckIn]:
    """{registration id: the check-in that counts at the door} (with its station's name as `station_name`), for
    `registration_ids` (everyone when None). One query."""
    rows = door_counting(station)
    if registration_ids is not None:
        rows = rows.filter(registration_id__in=list(registration_ids))
    rows = rows.select_related("station").only("registration_id", "scanned_at", "received_at", "station__name")
    return {row.registration_id: row for row in rows}


def checked_in_map(station: Station, *, since: datetime.datetime | None = None) -> dict[str, dict]:
    """The station's `checked_in` (forum.views.stations, the manifest and every sync answer): {reference: {"at",
    "station"}} of everyone checked in at its door, or of those whose check-in reached the server since `since`.
    One query."""
    rows = door_counting(station)
    if since is not None:
        rows = rows.filter(received_at__gte=since)
    rows = rows.values_list("registration__number", "scanned_at", "station__name")
    prefix = station.edition.reference_prefix
    return {f"{prefix}-{number:04d}": {"at": at.isoformat(), "station": name} for number, at, name in rows}


def door_signed_up(station: Station, *, registration_ids: Iterable[int] | None = None) -> set[int]:
    """The registrations signed up for the station's session when it needs sign-up (empty otherwise: nobody needs
    to be). One query at such a door, none elsewhere."""
    session = station.session
    if session is None or not session.requires_signup:
        return set()
    choices = AgendaChoice.objects.filter(session_id=session.pk)
    if registration_ids is not None:
        choices = choices.filter(registration_id__in=list(registration_ids))
    return set(choices.values_list("registration_id", flat=True))


def door_state(station: Station) -> dict | None:
    """The live capacity of a session door: {"capacity", "enforced", "count"}; None at a day door."""
    if station.session_id is None:
        return None
    capacity, enforced = door_capacity(station.session)
    return {"capacity": capacity, "enforced": enforced, "count": door_counting(station).count()}


def station_day(station: Station) -> datetime.date:
    return door_day(station.edition, day=station.day, session=station.session)


# --- What happened offline: the organisers' report --------------------------------------------------------


@dataclass(frozen=True)
class DoubleAdmission:
    """A person admitted by two stations while one of them was offline: both scans are kept, the first to reach
    the server counts (`first`), the other came to "already" at the sync (`later`)."""

    registration: Registration
    first: CheckIn
    later: CheckIn


def station_report(*, edition: ForumEdition) -> dict:
    """What the edition's stations recorded offline that the organisers should know: `double` (DoubleAdmission:
    a scan made offline at one station of someone another station had admitted, by scan time) and `replaced` (the
    scans of reissued badges' old QR codes, refused at the sync; `offline` says the device may have let the person
    in). Three queries."""
    later = list(
        CheckIn.objects.filter(station__edition=edition, outcome=Outcome.ALREADY, offline=True)
        .select_related("station", "registration__user", "registration__edition")
        .order_by("scanned_at", "pk")
    )
    firsts = {
        (row.registration_id, row.day, row.session_id): row
        for row in CheckIn.objects.filter(
            station__edition=edition, counts=True, registration_id__in={row.registration_id for row in later}
        ).select_related("station")
    }
    double = []
    for row in later:
        first = firsts.get((row.registration_id, row.day, row.session_id))
        if first is not None and first.station_id != row.station_id:
            double.append(DoubleAdmission(row.registration, first, row))
    replaced = list(
        CheckIn.objects.filter(station__edition=edition, outcome=Outcome.REPLACED)
        .select_related("station", "registration__user", "registration__edition")
        .order_by("-scanned_at", "-pk")
    )
    return {"double": double, "replaced": replaced}
