"""Check-ins made directly (as a station's sync would record them), and attendance as the certificates need it."""

import datetime
import uuid

from django.utils import timezone

from forum.models import AttendanceOverride, CheckIn, Station
from tests.factories.programme import forum_time


def station(edition, *, name="Main door", day=None, session=None) -> Station:
    """A station of `edition`: a day door (for `day`, or any day) or, with `session`, its room door."""
    return Station.objects.create(
        edition=edition,
        name=name,
        day=None if session else day,
        session=session,
        expires_at=timezone.now() + datetime.timedelta(days=30),
    )


def check_in(
    registration,
    *,
    day: int | datetime.date = 0,
    at=None,
    session=None,
    counts=True,
    outcome=CheckIn.Outcome.ADMITTED,
    offline=False,
) -> CheckIn:
    """A scan of `registration` (None: an unknown badge, at the station `at`) at a door of its edition on `day` (the
    forum's n-th day or a date): at `at`, else a new station (a session's room door, or a day door); it counts
    unless told otherwise."""
    edition = (session or registration or at).edition
    date = day if isinstance(day, datetime.date) else edition.starts_on + datetime.timedelta(days=day)
    door = at or station(edition, session=session, name=session.room.name if session else "Main door")
    scanned = forum_time(edition, (date - edition.starts_on).days, 8, 30)
    return CheckIn.objects.create(
        station=door,
        registration=registration,
        credential=registration.credentials.filter(revoked_at__isnull=True).first() if registration else None,
        day=date,
        session=session,
        scan_id=uuid.uuid4(),
        scanned_at=scanned,
        outcome=outcome,
        counts=counts,
        offline=offline,
    )


def overridden(registration, *, by=None, reason="Signed the paper list.") -> AttendanceOverride:
    """An organiser's override: the registration attended whatever its check-ins say."""
    return AttendanceOverride.objects.create(registration=registration, reason=reason, created_by=by)
