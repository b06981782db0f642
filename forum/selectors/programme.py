"""Reads for the forum programme: the programme by day, conflicts, agendas.

Every list here costs a fixed number of queries whatever the number of sessions (speakers are prefetched).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from people.permissions import is_organiser

from ..models import (
    AgendaChoice,
    AgendaFeed,
    CancelledSession,
    ForumEdition,
    ProgrammeSettings,
    Registration,
    Room,
    Session,
    SessionSpeaker,
)
from ..rules import within_forum_days

# How long after an edition's last day the calendar feeds still tell that a session was cancelled.
CANCELLED_SESSION_DAYS = 30


def programme_edition_for_public(*, slug: str, user) -> ForumEdition:
    """The edition whose programme is published (organisers see it before), with its programme settings (one
    query: programme_settings_of). 404 otherwise."""
    edition = ForumEdition.objects.filter(slug=slug).select_related("programme_settings").first()
    if edition is None:
        raise Http404
    if is_organiser(user):
        return edition
    settings_row = programme_settings_of(edition)
    if not edition.is_published or settings_row is None or not settings_row.is_published:
        raise Http404
    return edition


def programme_settings_of(edition: ForumEdition) -> ProgrammeSettings | None:
    """The edition's programme settings (its published time and version), None while it has none; no query when
    the edition was read with them (programme_edition_for_public)."""
    try:
        return edition.programme_settings
    except ProgrammeSettings.DoesNotExist:
        return None


def programme_published_at(*, edition):
    row = ProgrammeSettings.objects.filter(edition=edition).first()
    return row.published_at if row else None


def rooms_for_edition(*, edition) -> QuerySet[Room]:
    return Room.objects.filter(edition=edition).order_by("position", "name")


def sessions_for_edition(*, edition, track: str = "", kind: str = "") -> QuerySet[Session]:
    """Sessions in time order with their room, speakers (and the speaking delegates) loaded."""
    # A delegate whose registration is no longer approved (cancelled, rejected) is not listed as a speaker.
    speakers = (
        SessionSpeaker.objects.filter(
            Q(registration__isnull=True) | Q(registration__in=Registration.objects.holding_seat())
        )
        .select_related("registration__user", "registration__youth_details")  # youth_details: forum.privacy
        .order_by("role", "position", "pk")
    )
    sessions = (
        Session.objects.filter(edition=edition)
        .select_related("room")
        .prefetch_related(Prefetch("speakers", queryset=speakers))
        .annotate(taken=Count("agenda_choices"))
        .order_by("starts_at", "room__position", "room__name", "pk")
    )
    if track:
        sessions = sessions.filter(track=track)
    if kind:
        sessions = sessions.filter(kind=kind)
    return sessions


def programme_speaking_delegates(*, edition) -> list[tuple]:
    """What decides whether and how the public programme names each delegate who speaks (forum.privacy.public_name;
    sessions_for_edition lists only those who hold a seat): their registration's status, country and youth, the
    guardian's consent to the name, the name. One query; the cached programme is kept under it, so that such a
    change, made outside the programme's own writes, is shown at once."""
    return list(
        SessionSpeaker.objects.filter(session__edition=edition, registration__isnull=False)
        .order_by("pk")
        .values_list(
            "pk",
            "registration__status",
            "registration__country",
            "registration__is_youth",
            "registration__youth_details__name_consent",
            "registration__position",
            "registration__user__given_name",
            "registration__user__family_name",
            "registration__user__native_name",
        )
    )


def tracks_for_edition(*, edition) -> list[str]:
    return list(
        Session.objects.filter(edition=edition)
        .exclude(track="")
        .values_list("track", flat=True)
        .distinct()
        .order_by("track")
    )


@dataclass
class Day:
    date: datetime.date
    sessions: list
    rows: list  # [(start_label, [cell per room: list of sessions])]


def programme_days(*, edition, sessions, rooms) -> list[Day]:
    """Sessions grouped by local day; for the grid, rows by local start time with one cell per room."""
    tz = edition.zone
    by_day: dict[datetime.date, list] = defaultdict(list)
    for session in sessions:
        session.local_start = session.starts_at.astimezone(tz)
        session.local_end = session.ends_at.astimezone(tz)
        by_day[session.local_start.date()].append(session)
    days = []
    room_index = {room.pk: i for i, room in enumerate(rooms)}
    for date in sorted(set(edition.days) | set(by_day)):
        day_sessions = by_day.get(date, [])
        rows: dict[datetime.time, list] = {}
        for session in day_sessions:
            cells = rows.setdefault(session.local_start.time(), [[] for _room in rooms])
            if session.room_id in room_index:
                cells[room_index[session.room_id]].append(session)
        days.append(Day(date=date, sessions=day_sessions, rows=sorted(rows.items())))
    return [day for day in days if day.sessions] or days[:1]


def session_for_public(*, edition, pk: int) -> Session:
    session = sessions_for_edition(edition=edition).filter(pk=pk).first()
    if session is None:
        raise Http404
    tz = edition.zone
    session.local_start = session.starts_at.astimezone(tz)
    session.local_end = session.ends_at.astimezone(tz)
    return session


def registration_approved(*, edition, user) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.holding_seat().filter(edition=edition, user=user).select_related("agenda_feed").first()


def registration_any(*, edition, user) -> Registration | None:
    return Registration.objects.filter(edition=edition, user=user).first() if user.is_authenticated else None


def agenda_sessions(*, registration) -> QuerySet[Session]:
    return (
        sessions_for_edition(edition=registration.edition_id)
        .filter(agenda_choices__registration=registration)
        .order_by("starts_at", "pk")
    )


def agenda_session_ids(*, registration) -> set[int]:
    if registration is None:
        return set()
    return set(AgendaChoice.objects.filter(registration=registration).order_by().values_list("session_id", flat=True))


def agenda_feed_registration(*, slug: str, token: str) -> Registration:
    """The approved registration whose live calendar token this is; 404 for a revoked or unknown token, or while
    the programme is hidden."""
    feed = (
        AgendaFeed.objects.filter(
            token=token,
            token__isnull=False,
            registration__edition__slug=slug,
            registration__edition__is_published=True,
            registration__edition__programme_settings__published_at__isnull=False,
        )
        .select_related("registration__edition")
        .first()
    )
    if feed is None or not feed.registration.holds_seat:
        raise Http404
    return feed.registration


@dataclass
class Conflict:
    kind: str
    message: str
    sessions: list


def programme_conflicts(*, edition) -> list[Conflict]:
    """Room double-bookings, people speaking in two places at once, speakers no longer approved, sessions outside
    the forum's days and sign-up places above the room's capacity. Three queries, whatever the size."""
    sessions = list(Session.objects.filter(edition=edition).select_related("room").order_by("starts_at", "pk"))
    conflicts: list[Conflict] = []
    by_room: dict[int, list] = defaultdict(list)
    for session in sessions:
        by_room[session.room_id].append(session)
        if not within_forum_days(edition, session.starts_at, session.ends_at):
            conflicts.append(
                Conflict("outside", _("“%(s)s” is outside the forum's days.") % {"s": session.title}, [session])
            )
        if session.requires_signup and session.signup_capacity and session.signup_capacity > session.room.capacity:
            conflicts.append(
                Conflict(
                    "capacity",
                    _("“%(s)s” offers %(places)s places but %(room)s holds %(capacity)s.")
                    % {
                        "s": session.title,
                        "places": session.signup_capacity,
                        "room": session.room.name,
                        "capacity": session.room.capacity,
                    },
                    [session],
                )
            )
    for room_sessions in by_room.values():
        for a, b in zip(room_sessions, room_sessions[1:], strict=False):
            if b.starts_at < a.ends_at:
                conflicts.append(
                    Conflict(
                        "room",
                        _("“%(a)s” and “%(b)s” are in %(room)s at the same time.")
                        % {"a": a.title, "b": b.title, "room": a.room.name},
                        [a, b],
                    )
                )
    by_id = {s.pk: s for s in sessions}
    people: dict[str, list] = defaultdict(list)
    names: dict[str, str] = {}
    speakers = SessionSpeaker.objects.filter(session__edition=edition).select_related("registration__user")
    for speaker in speakers:
        if speaker.registration_id:
            key = f"r{speaker.registration_id}"
            names[key] = speaker.registration.user.get_full_name() or speaker.registration.user.email
            if not speaker.registration.holds_seat:
                # Hidden from the public programme (sessions_for_edition); the organiser should replace them.
                conflicts.append(
                    Conflict(
                        "speaker_not_approved",
                        _("%(name)s is on “%(a)s” but is no longer an approved delegate (%(status)s).")
                        % {
                            "name": names[key],
                            "a": by_id[speaker.session_id].title,
                            "status": speaker.registration.get_status_display(),
                        },
                        [by_id[speaker.session_id]],
                    )
                )
        else:
            key = "g" + (speaker.guest_email.lower() or speaker.guest_name.strip().lower())
            names[key] = speaker.guest_name
        people[key].append(by_id[speaker.session_id])
    for key, person_sessions in people.items():
        person_sessions.sort(key=lambda s: s.starts_at)
        for i, a in enumerate(person_sessions):
            for b in person_sessions[i + 1 :]:
                if b.starts_at >= a.ends_at:
                    break
                conflicts.append(
                    Conflict(
                        "speaker",
                        _("%(name)s speaks in “%(a)s” and “%(b)s” at the same time.")
                        % {"name": names[key], "a": a.title, "b": b.title},
                        [a, b],
                    )
                )
    return conflicts


def session_cancellation_audience(*, session) -> int:
    """How many people would be told if the session were deleted now (nobody while the programme is hidden)."""
    if programme_published_at(edition=session.edition) is None:
        return 0
    return AgendaChoice.objects.filter(session=session).count()


def sessions_signed_up_users(*, session_id: int):
    """The people with this session in their agenda (for change notices)."""
    return AgendaChoice.objects.filter(session_id=session_id).select_related("registration__user").order_by("pk")


def approved_registrations(*, edition) -> QuerySet[Registration]:
    return (
        Registration.objects.holding_seat()
        .filter(edition=edition)
        .select_related("user")
        .order_by("user__family_name", "user__given_name", "pk")
    )


def room_for_organiser(*, edition: ForumEdition, pk: int) -> Room:
    return get_object_or_404(Room, pk=pk, edition=edition)


def session_of_edition(*, edition: ForumEdition, pk: int) -> Session:
    return get_object_or_404(Session.objects.select_related("room", "edition"), pk=pk, edition=edition)


def session_speakers(*, session: Session) -> QuerySet[SessionSpeaker]:
    return SessionSpeaker.objects.filter(session=session).select_related("registration__user")


def session_speaker_get(*, session: Session, pk: int) -> SessionSpeaker:
    return get_object_or_404(SessionSpeaker, pk=pk, session=session)


def cancelled_sessions_to_publish(*, edition: ForumEdition, registration: Registration | None = None):
    """Sessions taken out of the published programme that calendar feeds still publish as cancelled (until
    CANCELLED_SESSION_DAYS after the edition's last day): all of them, or those in one delegate's agenda."""
    if timezone.localdate() > edition.ends_on + datetime.timedelta(days=CANCELLED_SESSION_DAYS):
        return CancelledSession.objects.none()
    cancelled = CancelledSession.objects.filter(edition=edition)
    if registration is not None:
        cancelled = cancelled.filter(registrations=registration)
    return cancelled.order_by("starts_at", "pk")
