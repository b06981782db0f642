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


def calendar_build(*, edition, sessions, name: str, path_for) -> bytes:
    """An RFC 5545 calendar of `sessions` (titles in the active language), times in UTC.

    UIDs are stable (session-<pk>@<site host>); SEQUENCE is the session's change counter."""
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
        event = icalendar.Event()
        event.add("uid", f"session-{session.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at.astimezone(datetime.UTC))
        event.add("dtend", session.ends_at.astimezone(datetime.UTC))
        event.add("sequence", session.sequence)
        event.add("summary", session.title)
        event.add("location", session.room.name)
        if session.description:
            event.add("description", session.description)
        event.add("url", absolute_url(path_for(session)))
        event.add("last-modified", session.updated_at.astimezone(datetime.UTC).replace(microsecond=0))
        cal.add_component(event)
    return cal.to_ical()
