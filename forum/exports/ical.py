"""The programme and personal agendas as iCalendar (RFC 5545): stable UIDs, SEQUENCE from the session's change
counter, times in UTC, titles in the active language."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone

from people.emails import absolute_url


def _site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def calendar_build(*, edition, sessions, name: str, path_for, cancelled=()) -> bytes:
    """An RFC 5545 calendar of `sessions` (titles in the active language), times in UTC, and of the `cancelled`
    sessions (forum.models.CancelledSession) as STATUS:CANCELLED, so that calendars which imported them drop them.

    UIDs are stable (session-<pk>@<site host>); SEQUENCE is the session's change counter (one more once cancelled);
    LOCATION names the room and the venue."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//ATF COP//Forum programme//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", edition.time_zone)
    host = _site_host()
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    for session in sessions:
        event = _event(session.pk, host, stamp, session, session.room.name, edition)
        event.add("status", "CONFIRMED")
        if session.description:
            event.add("description", session.description)
        event.add("url", absolute_url(path_for(session)))
        event.add("last-modified", _utc(session.updated_at).replace(microsecond=0))
        cal.add_component(event)
    for session in cancelled:
        event = _event(session.session_number, host, stamp, session, session.room_name, edition)
        event.add("status", "CANCELLED")
        event.add("last-modified", _utc(session.cancelled_at).replace(microsecond=0))
        cal.add_component(event)
    return cal.to_ical()


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)


def _event(number: int, host: str, stamp, session, room: str, edition) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"session-{number}@{host}")
    event.add("dtstamp", stamp)
    event.add("dtstart", _utc(session.starts_at))
    event.add("dtend", _utc(session.ends_at))
    event.add("sequence", session.sequence)
    event.add("summary", session.title)
    event.add("location", f"{room}, {edition.venue}")
    return event
