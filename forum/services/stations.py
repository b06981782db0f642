"""Check-in stations (forum.models.Station): organisers create them, hand out their one-time opening link, make a
new link (which also shuts out the device that opened the old one) and revoke them; a device opens a station by
exchanging the link for its own credential.

Neither the link nor the device credential is stored: the station keeps their SHA-256 (`link_hash`,
`device_hash`), so a copy of the database opens no station. The link is shown to the organiser once, when it is
made. The device credential lives in a cookie (`station-<pk>`, forum.views.stations) until the station expires or
is revoked, so a station page reloaded offline or the next morning is still the station's.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import User

from ..errors import StationError, StationRefused
from ..models import ForumEdition, Session, Station


def secret_digest(secret: str) -> str:
    """What a station keeps of its opening link and of its device's credential: their SHA-256, in hex."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_secret() -> str:
    return secrets.token_urlsafe(24)


def station_refusal(station: Station, *, now: datetime.datetime | None = None) -> str | None:
    """Why a station lets no device in now: "revoked", "expired", or None while it works."""
    if station.revoked_at is not None:
        return "revoked"
    if station.expires_at <= (now or timezone.now()):
        return "expired"
    return None


def station_device_check(station: Station, *, secret: str | None) -> None:
    """Raise StationRefused unless `secret` is the credential of the device that opened this working station
    ("revoked", "expired", or "forbidden" for any other device or none)."""
    refusal = station_refusal(station)
    if refusal:
        raise StationRefused(refusal)
    if not secret or not station.device_hash or not hmac.compare_digest(secret_digest(secret), station.device_hash):
        raise StationRefused("forbidden")


def _checked(*, edition: ForumEdition, day, session: Session | None, expires_at, language: str) -> None:
    if (day is None) == (session is None):
        raise StationError(_("Choose the day the door admits for, or the session."), field="day")
    if session is not None and session.edition_id != edition.pk:
        raise StationError(_("Choose a session of this forum."), field="session")
    if day is not None and not (edition.starts_on <= day <= edition.ends_on):
        raise StationError(
            _("Choose one of the forum's days (%(first)s to %(last)s).")
            % {"first": edition.starts_on.isoformat(), "last": edition.ends_on.isoformat()},
            field="day",
        )
    if expires_at <= timezone.now():
        raise StationError(_("Choose a time in the future: the station stops working then."), field="expires_at")
    if language not in dict(settings.LANGUAGES):
        raise StationError(_("Choose one of the site's languages."), field="language")


@transaction.atomic
def station_create(
    *,
    edition: ForumEdition,
    by: User,
    name: str,
    day: datetime.date | None = None,
    session: Session | None = None,
    language: str = "en",
    expires_at: datetime.datetime,
    admits_walk_ins: bool = False,
) -> tuple[Station, str]:
    """A new station of `edition` for a day door (`day`) or a session door (`session`), and its one-time opening
    link's token (shown once: only its hash is kept). Raises StationError (with the field) for a day outside the
    forum, a session of another edition, both or neither, an expiry in the past or an unknown language."""
    _checked(edition=edition, day=day, session=session, expires_at=expires_at, language=language)
    token = _new_secret()
    station = Station(
        edition=edition,
        name=" ".join(name.split()),
        day=day,
        session=session,
        language=language,
        expires_at=expires_at,
        admits_walk_ins=admits_walk_ins,
        link_hash=secret_digest(token),
        created_by=by,
    )
    station.full_clean(exclude=["edition", "session", "created_by"])
    station.save()
    return station, token


def _locked(station: Station) -> Station:
    return Station.objects.select_for_update().get(pk=station.pk)


@transaction.atomic
def station_new_link(*, station: Station) -> str:
    """A new one-time opening link for the station (its token, shown once). The old link stops working, and so
    does the device that opened it: it must open the new one. Refused (StationError) for a revoked station."""
    station = _locked(station)
    if station.revoked_at is not None:
        raise StationError(_("This station is revoked: create a new one."))
    token = _new_secret()
    station.link_hash, station.device_hash, station.opened_at = secret_digest(token), "", None
    station.save(update_fields=["link_hash", "device_hash", "opened_at"])
    return token


@transaction.atomic
def station_revoke(*, station: Station) -> Station:
    """Revoke the station at once: its device is refused from the next request on (and its offline queue at the
    next sync). Revoking twice keeps the first time."""
    station = _locked(station)
    if station.revoked_at is None:
        station.revoked_at = timezone.now()
        station.save(update_fields=["revoked_at"])
    return station


@transaction.atomic
def station_open(*, station: Station, token: str) -> str:
    """Spend the station's one-time link: the device credential (a new secret, only its hash kept) for the device
    that opened it. Two devices opening the same link at once: the station's row lock lets one win; the other, and
    any later one, is refused (StationRefused "forbidden"), as is a revoked or expired station."""
    station = _locked(station)
    refusal = station_refusal(station)
    if refusal:
        raise StationRefused(refusal)
    if station.opened_at is not None or not hmac.compare_digest(secret_digest(token), station.link_hash):
        raise StationRefused("forbidden")
    secret = _new_secret()
    station.device_hash, station.opened_at = secret_digest(secret), timezone.now()
    station.save(update_fields=["device_hash", "opened_at"])
    return secret
