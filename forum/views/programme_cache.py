"""The public programme's shared parts, rendered once and kept in the cache: the days of the programme page (every
session by day and room, with its speakers) and the whole programme as iCalendar. pretalx serves its schedule as a
static export for the same reason: a programme is read far more often than it is edited.

What they show changes only when an organiser edits the programme (every write moves the edition's programme
version on: forum.services.programme.programme_changed) or when what it shows of a delegate who speaks changes
outside the programme (their registration cancelled, a guardian's consent to a youth delegate's name, a new name:
forum.selectors.programme.programme_speaking_delegates, one query each time). So each part is kept under the
edition, the language, the programme version, the edition's own fields it shows, those delegates, and the filter.
Nothing personal goes in: the days are rendered without the request, so signed-out and signed-in readers of one
language get the same text, and a delegate's agenda buttons are put in per request in the marks it leaves
(agenda_buttons). The cache is Django's (Redis in production, one per process otherwise): a new version is a new
key, so every process sees an edit at once.

A new key is rendered once, not by every request that misses it at the same moment (an edit while hundreds read
the programme on the forum's morning): the first takes a short lock in the cache (cache.add), the others wait for
its result up to settings.FORUM_PROGRAMME_RENDER_WAIT_SECONDS, then render it themselves rather than wait on a
renderer that died.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from types import SimpleNamespace

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from ..exports.ical import calendar_build
from ..selectors.programme import (
    cancelled_sessions_to_publish,
    programme_days,
    programme_settings_of,
    programme_speaking_delegates,
    rooms_for_edition,
    sessions_for_edition,
    tracks_for_edition,
)

# An old version's entries are never read again; they only have to go some day.
CACHE_SECONDS = 24 * 60 * 60
# Where the shared days leave a session's agenda button (templates/forum/programme/_session_item.html): its number
# and its escaped title, in which no "-->" can occur.
AGENDA_MARK = re.compile(r"<!--agenda (\d+) (.*?)-->")
_PK, _TITLE = "\x00pk\x00", "\x00title\x00"
# How long the rendering lock lasts at most.
BUILDING_LOCK_SECONDS = 60
# How often a request that found the key being rendered looks whether it is there yet.
_WAIT_STEP_SECONDS = 0.05


def _key(part: str, edition, *extra) -> str:
    settings_row = programme_settings_of(edition)
    version = settings_row.version if settings_row else 0
    shown = (edition.title, edition.venue, edition.time_zone, edition.starts_on, edition.ends_on)
    # The time zone the site's templates convert to (the `c` dates of the page), the day for the calendar's rule
    # of when cancelled sessions leave it.
    context = (timezone.get_current_timezone_name(), timezone.localdate())
    digest = hashlib.sha256(repr((shown, context, extra)).encode()).hexdigest()[:40]
    return f"forum:{part}:{edition.pk}:{translation.get_language()}:{version}:{digest}"


def programme_shared(*, edition, track: str = "", kind: str = "") -> dict:
    """The programme's days as HTML (agenda marks where each session's button goes) and its tracks, from the cache
    or rendered now and kept: {"days": str, "tracks": [str]}. A track no session has is rendered but not kept."""
    speaking = programme_speaking_delegates(edition=edition)

    def render() -> dict:
        tracks = tracks_for_edition(edition=edition)
        rooms = list(rooms_for_edition(edition=edition))
        sessions = list(sessions_for_edition(edition=edition, track=track, kind=kind))
        days = render_to_string(
            "forum/programme/_days.html",
            {
                "days": programme_days(edition=edition, sessions=sessions, rooms=rooms),
                "rooms": rooms,
                # Reversed once rather than once per session: the programme lists hundreds of them.
                "session_url_prefix": reverse("forum:programme", kwargs={"slug": edition.slug}) + "sessions/",
            },
        )
        return {"days": str(days), "tracks": tracks}

    return _cached(
        _key("programme", edition, track, kind, speaking),
        render,
        keep=lambda shared: not track or track in shared["tracks"],
    )


def _cached(key: str, render: Callable, *, keep: Callable = lambda value: True):
    """The value under `key`, or `render()`'s, kept when `keep(value)` says so. Rendered by one request at a time:
    a request that finds another rendering it waits for its value (module docstring)."""
    value = cache.get(key)
    if value is not None:
        return value
    building = f"{key}:building"
    wait = settings.FORUM_PROGRAMME_RENDER_WAIT_SECONDS
    # The lock outlives any render (a dead renderer costs the others their wait only, not the lock's life).
    took = cache.add(building, 1, BUILDING_LOCK_SECONDS)
    if not took:
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            time.sleep(_WAIT_STEP_SECONDS)
            value = cache.get(key)
            if value is not None:
                return value
    try:
        value = render()
        if keep(value):
            cache.set(key, value, CACHE_SECONDS)
    finally:
        if took:
            cache.delete(building)
    return value


def agenda_buttons(days: str, *, request, registration, chosen: set[int], agenda_url: str) -> SafeString:
    """The shared days with this person's buttons ("Add to my agenda", or "Remove" for a session in `chosen`) in
    their marks; without the marks for anyone who is not an approved delegate (`registration` None). The button's
    template is rendered twice, whatever the number of sessions."""
    if registration is None:
        return mark_safe(AGENDA_MARK.sub("", days))  # noqa: S308 - the cached days, escaped when rendered
    blank = SimpleNamespace(pk=_PK, title=_TITLE, is_break=False)
    context = {"session": blank, "registration": registration, "agenda_url": agenda_url, "request": request}
    context["csrf_token"] = get_token(request)
    variants = {
        chosen_now: render_to_string(
            "forum/programme/_agenda_button.html", {**context, "chosen": {_PK} if chosen_now else set()}
        )
        for chosen_now in (False, True)
    }

    def button(mark: re.Match) -> str:
        return variants[int(mark[1]) in chosen].replace(_PK, mark[1]).replace(_TITLE, mark[2])

    return mark_safe(AGENDA_MARK.sub(button, days))  # noqa: S308 - escaped pieces: the days, the title, the button


def programme_calendar(*, edition, path_for) -> bytes:
    """The whole programme as iCalendar (forum.exports.ical), from the cache or built now and kept."""
    return _cached(
        _key("calendar", edition),
        lambda: calendar_build(
            edition=edition,
            sessions=sessions_for_edition(edition=edition).select_related("edition"),
            cancelled=cancelled_sessions_to_publish(edition=edition),
            name=edition.title,
            path_for=path_for,
        ),
    )
