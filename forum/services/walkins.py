"""Walk-ins: a person who comes to the venue without a registration is registered at an organiser's desk, approved
if a seat is left (the forum's seat rules, forum.services.seats), given their badge's credential (lifecycle.record,
as every approval) and checked in at the desk's walk-in station, in one transaction: no seat, nothing saved.

Youth delegates are not registered at the desk: a minor needs the guardian's consent and a chaperone first.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from people.models import User

from ..errors import StationError
from ..models import ForumEdition, Registration, Station
from .checkins import Scan, ScanResult, scans_sync
from .guests import registration_add

REASON = _("Registered at the venue as a walk-in: a seat was left.")
ALREADY = _("%(person)s already has the registration %(reference)s: scan their badge or type it at a station.")


@transaction.atomic
def walk_in_register(
    *, edition: ForumEdition, by: User, station: Station, category: str, **details
) -> tuple[Registration, ScanResult]:
    """Register, approve and check in a walk-in at `station` (a working walk-in station of `edition`), `details`
    the person's (as forum.services.guests.registration_add takes them): the registration and the check-in's
    result. Raises NoSeatLeft (no seat for the country, or none at all), AlreadyRegistered (the person has a
    registration: check them in with it), StationError for a station that registers no walk-ins or a youth or
    organisers' category; nothing is saved then."""
    if station.edition_id != edition.pk or not station.admits_walk_ins:
        raise StationError(_("Choose one of the walk-in stations."), field="station")
    if category in (*Registration.SEATLESS_CATEGORIES, Registration.Category.YOUTH):
        raise StationError(_("Walk-ins are adult delegates: choose their category."), field="category")
    registration = registration_add(
        edition=edition, by=by, category=category, reason=REASON, already=ALREADY, **details
    )
    station.edition = registration.edition
    scan = Scan(scan_id=uuid.uuid4(), reference=registration.reference)
    (result,) = scans_sync(station=station, scans=[scan], from_device=False).results
    return registration, result
