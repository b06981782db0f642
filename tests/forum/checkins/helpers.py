"""Helpers of the check-in tests: today in the forum's time zone, approved people with their badge's secret,
stations, and scans as a device makes them."""

import datetime
import uuid

from django.utils import timezone

from forum.models import Registration
from forum.selectors.badges import credential_digest
from forum.services.checkins import Scan
from forum.services.credentials import credentials_issue_missing
from forum.services.stations import station_create
from tests.factories import RegistrationFactory


def forum_today(edition) -> datetime.date:
    return timezone.localtime(timezone.now(), edition.zone).date()


def approved_people(edition, count: int, **fields) -> list[Registration]:
    """`count` approved registrations of `edition`, each with its valid credential's secret as `secret`."""
    registrations = [
        RegistrationFactory(edition=edition, status=Registration.Status.APPROVED, **fields) for _ in range(count)
    ]
    credentials = credentials_issue_missing(registrations=registrations)
    for registration in registrations:
        registration.secret = credentials[registration.pk].secret
    return registrations


def make_station(edition, organiser, *, session=None, day=None, **fields):
    """A station made by the service (a day door for today unless `day` or `session`), its link's token as
    `token`."""
    station, token = station_create(
        edition=edition,
        by=organiser,
        name=fields.pop("name", "Main door"),
        day=None if session is not None else (day or forum_today(edition)),
        session=session,
        expires_at=fields.pop("expires_at", timezone.now() + datetime.timedelta(days=3)),
        **fields,
    )
    station.token = token
    return station


def scan(*, secret: str = "", ref: str = "", at=None, offline: bool = False, scan_id=None) -> Scan:
    return Scan(
        scan_id=scan_id or uuid.uuid4(),
        digest=credential_digest(secret) if secret else "",
        reference=ref,
        at=at,
        offline=offline,
    )
