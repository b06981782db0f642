"""Check-ins at the doors: the scans a station sends (queued offline, or one at a time online), each decided by the
server, which is authoritative.

Every scan is kept as a CheckIn row; per person one counts per day at the day doors and one per session at a room
door, the first to reach the server (the database's constraints forum_checkin_once_a_day / _a_session say so
too). A scan's id comes from the device, so a scan sent twice is recorded once and answered as it was the first
time. What one scan comes to is forum.rules.scan_outcome, and nothing else decides it.

Locks, in the forum's order (forum.services.seats first): the door (the edition row for a day door, the session
row for a session door; a walk-in holds the edition already), then the station row. So two stations of one door
sync one after the other, a revocation waits for a sync under way, and a sync after it is refused.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from people.inputs import year_in_range

from ..errors import InvalidScan, StationRefused
from ..models import CheckIn, CheckInCredential, Registration, Session, Station
from ..rules import badge_face, door_capacity, door_for_person, scan_outcome
from ..selectors.badges import credential_digest
from ..selectors.stations import checked_in_map, door_counting, door_firsts, door_signed_up, station_day
from .seats import edition_lock
from .stations import station_refusal

Outcome = CheckIn.Outcome
MAX_SCANS = 500
# A device's clock may be a little ahead of the server's; a scan "made" further in the future is dated on arrival.
CLOCK_AHEAD = datetime.timedelta(minutes=5)
# What a sync answers in `checked_in`: the check-ins that reached the server since the station's previous sync,
# with this margin for transactions that committed late.
SINCE_MARGIN = datetime.timedelta(minutes=2)


@dataclass(frozen=True)
class Scan:
    """One scan as a station sends it: `digest` (SHA-256 of the badge's QR code) or `reference` (typed)."""

    scan_id: uuid.UUID
    digest: str = ""
    reference: str = ""
    at: datetime.datetime | None = None
    offline: bool = False


@dataclass
class ScanResult:
    scan_id: uuid.UUID
    outcome: str
    counts: bool
    message: str
    name: str = ""
    first: dict | None = None

    def as_json(self) -> dict:
        return {
            "id": str(self.scan_id),
            "outcome": self.outcome,
            "counts": self.counts,
            "message": self.message,
            "name": self.name,
            "first": self.first,
        }


@dataclass
class SyncResult:
    results: list[ScanResult]
    checked_in: dict = field(default_factory=dict)
    session: dict | None = None
    synced_at: datetime.datetime | None = None


def _text(value, longest: int) -> str:
    return value.strip() if isinstance(value, str) and len(value) <= longest else ""


def scan_from_data(data) -> Scan:
    """A scan as the station sends it ({"id", "h", "ref", "at", "offline"}); InvalidScan when it cannot be read
    (no uuid id, or neither a hash nor a reference). A time that cannot be read, naive, or out of range is left out
    (the scan is dated on arrival)."""
    if not isinstance(data, dict):
        raise InvalidScan
    try:
        scan_id = uuid.UUID(_text(data.get("id"), 40))
    except ValueError as error:
        raise InvalidScan from error
    digest, reference = _text(data.get("h"), 64).lower(), _text(data.get("ref"), 40).upper()
    if not digest and not reference:
        raise InvalidScan
    at = None
    if raw := _text(data.get("at"), 40):
        try:
            at = parse_datetime(raw)
        except ValueError:
            at = None
        if at is not None and (timezone.is_naive(at) or not year_in_range(at)):
            at = None
    return Scan(scan_id=scan_id, digest=digest, reference=reference, at=at, offline=data.get("offline") is True)


def _lock_door(station: Station) -> Station:
    """Lock the station's door, then the station (the order of the module's docstring); the station, fresh."""
    if station.session_id is not None:
        Session.objects.select_for_update().filter(pk=station.session_id).first()
    else:
        edition_lock(edition=station.edition)
    return Station.objects.select_for_update(of=("self",)).select_related("edition", "session__room").get(pk=station.pk)


def _number(reference: str, prefix: str) -> int | None:
    head, _dash, number = reference.rpartition("-")
    if head.upper() != prefix.upper() or not number.isascii() or not number.isdigit() or len(number) > 9:
        return None
    return int(number)


class _Door:
    """What the scans of one sync are decided against: the people they name, their firsts at this door, the
    capacity; kept up to date as the scans are decided one after the other."""

    def __init__(self, station: Station, scans: list[Scan], stored: list[CheckIn]):
        self.station, self.edition = station, station.edition
        self.day = station_day(station)
        digests = {scan.digest for scan in scans if scan.digest}
        numbers = {
            n for scan in scans if scan.reference and (n := _number(scan.reference, self.edition.reference_prefix))
        }
        rows = CheckInCredential.objects.filter(registration__edition=self.edition).values_list(
            "pk", "secret", "registration_id", "revoked_at"
        )
        self.credentials = {}
        for pk, secret, registration_id, revoked_at in rows if digests else ():
            digest = credential_digest(secret)
            if digest in digests:
                self.credentials[digest] = (pk, registration_id, revoked_at is None)
        ids = {registration_id for _pk, registration_id, _valid in self.credentials.values()}
        ids |= {row.registration_id for row in stored if row.registration_id}
        people = Registration.objects.filter(edition=self.edition).select_related("user", "organisation")
        people = people.filter(pk__in=ids) | people.filter(number__in=numbers) if numbers else people.filter(pk__in=ids)
        self.registrations = {registration.pk: registration for registration in people}
        self.by_number = {registration.number: registration for registration in self.registrations.values()}
        self.firsts = door_firsts(station, registration_ids=self.registrations)
        self.signed_up = door_signed_up(station, registration_ids=self.registrations)
        self.capacity, self.enforced = door_capacity(station.session)
        self.count = None
        if self.enforced:
            self.count = door_counting(station).count()

    def find(self, scan: Scan) -> tuple[Registration | None, int | None, bool]:
        """(registration, credential id, replaced) of what the scan names."""
        if scan.digest:
            found = self.credentials.get(scan.digest)
            if found is None:
                return None, None, False
            pk, registration_id, valid = found
            return self.registrations.get(registration_id), pk, not valid
        number = _number(scan.reference, self.edition.reference_prefix)
        return self.by_number.get(number), None, False

    def first_of(self, registration_id) -> dict | None:
        first = self.firsts.get(registration_id)
        return {"at": first.scanned_at.isoformat(), "station": first.station.name} if first else None


def _message(outcome: str, *, name: str, first: CheckIn | None, door: _Door, registration) -> str:
    if outcome == Outcome.ADMITTED:
        return _("Admitted: %(name)s.") % {"name": name}
    if outcome == Outcome.ALREADY and first is not None:
        at = timezone.localtime(first.scanned_at, door.edition.zone).strftime("%H:%M")
        return _("Already checked in at %(time)s at %(station)s: %(name)s.") % {
            "time": at,
            "station": first.station.name,
            "name": name,
        }
    if outcome == Outcome.NOT_APPROVED:
        return _("Not approved: the registration of %(name)s is %(status)s. Send them to the registration desk.") % {
            "name": name,
            "status": registration.get_status_display().lower(),
        }
    if outcome == Outcome.WRONG_DAY:
        return _("Not for this day or session: %(name)s.") % {"name": name}
    if outcome == Outcome.REPLACED:
        return _("This badge was replaced by a new one: send %(name)s to the registration desk.") % {"name": name}
    if outcome == Outcome.FULL:
        return _("The session is full: all %(capacity)s places are taken.") % {"capacity": door.capacity}
    return _("Unknown badge: send the person to the registration desk.")


def _decide(scan: Scan, door: _Door, now: datetime.datetime) -> tuple[CheckIn, ScanResult]:
    """The one scan, decided against the door (scan_outcome) and counted in it; the row to store and the answer."""
    registration, credential_id, replaced = door.find(scan)
    at = scan.at if scan.at is not None and scan.at <= now + CLOCK_AHEAD else now
    on_the_day = timezone.localtime(at, door.edition.zone).date() == door.day
    first = door.firsts.get(registration.pk) if registration else None
    outcome = scan_outcome(
        known=registration is not None,
        replaced=replaced,
        approved=registration is not None and registration.holds_seat,
        for_this_door=on_the_day
        and registration is not None
        and door_for_person(registration, session=door.station.session, signed_up=registration.pk in door.signed_up),
        already=first is not None,
        full=door.enforced and door.count is not None and door.count >= (door.capacity or 0),
    )
    counts = outcome == Outcome.ADMITTED
    row = CheckIn(
        station=door.station,
        registration=registration,
        credential_id=credential_id,
        day=door.day,
        session_id=door.station.session_id,
        scan_id=scan.scan_id,
        scanned_at=at,
        outcome=outcome,
        counts=counts,
        offline=scan.offline,
    )
    if counts:
        row.received_at = now
        door.firsts[registration.pk] = row
        if door.count is not None:
            door.count += 1
    return row, _result(row, door, registration)


def _result(row: CheckIn, door: _Door, registration: Registration | None) -> ScanResult:
    name = badge_face(registration, speaks=False).name if registration else ""
    first = door.firsts.get(registration.pk) if registration else None
    return ScanResult(
        scan_id=row.scan_id,
        outcome=row.outcome,
        counts=row.counts,
        message=_message(row.outcome, name=name, first=first, door=door, registration=registration),
        name=name,
        first=door.first_of(registration.pk) if row.outcome == Outcome.ALREADY and registration else None,
    )


def _store(rows: list[CheckIn]) -> None:
    """Every new row in one insert; a row that the database refuses (a scan id that another station sent at the
    same moment) is left out, the others kept."""
    try:
        with transaction.atomic():
            CheckIn.objects.bulk_create(rows, batch_size=250)
    except IntegrityError:
        for row in rows:
            try:
                with transaction.atomic():
                    row.pk = None
                    row.save(force_insert=True)
            except IntegrityError:
                continue


@transaction.atomic
def scans_sync(*, station: Station, scans: list[Scan], from_device: bool = True) -> SyncResult:
    """Decide and record the station's scans in their order (at most MAX_SCANS), one result each (ScanResult:
    outcome, whether it counts, a sentence in the station's language, the person's badge name, and for "already"
    the check-in that counts). A scan id recorded before is answered as stored, and not recorded again. Raises
    StationRefused ("revoked", "expired") for a station that no longer works, InvalidScan for too many scans.
    `from_device`: the station's device synced (its `last_synced_at` moves); a walk-in desk's own check-in does not.
    Returns `checked_in` (the door's check-ins that reached the server since the station last synced, all at its
    first sync) and the session door's live capacity."""
    if len(scans) > MAX_SCANS:
        raise InvalidScan(_("Too many scans at once."))
    station = _lock_door(station)
    refusal = station_refusal(station)
    if refusal:
        raise StationRefused(refusal)
    now = timezone.now()
    stored = {
        row.scan_id: row
        for row in CheckIn.objects.filter(scan_id__in=[scan.scan_id for scan in scans]).select_related("station")
    }
    with translation.override(station.language):
        door = _Door(station, [scan for scan in scans if scan.scan_id not in stored], list(stored.values()))
        results, new_rows = [], {}
        for scan in scans:
            row = stored.get(scan.scan_id) or new_rows.get(scan.scan_id)
            if row is None:
                row, result = _decide(scan, door, now)
                new_rows[scan.scan_id] = row
            elif row.station_id != station.pk:  # another station's scan id: nothing of it is told here
                result = ScanResult(
                    scan.scan_id,
                    Outcome.UNKNOWN,
                    False,
                    _message("", name="", first=None, door=door, registration=None),
                )
            else:
                result = _result(row, door, door.registrations.get(row.registration_id))
            results.append(result)
    _store(list(new_rows.values()))
    since = station.last_synced_at - SINCE_MARGIN if station.last_synced_at else None
    if from_device:
        station.last_synced_at = now
        station.save(update_fields=["last_synced_at"])
    session = None
    if station.session_id is not None:
        session = {"capacity": door.capacity, "enforced": door.enforced, "count": _count(station, door)}
    return SyncResult(results, checked_in_map(station, since=since), session, now)


def _count(station: Station, door: _Door) -> int:
    return door.count if door.count is not None else door_counting(station).count()
