"""Reads of who came to the forum: the one rule of "attended the forum" (`with_attendance`), the organiser's live
attendance page of a day (checked in by band, country and category, the no-shows, the sessions' room doors) and the
session counts the programme editor shows. Organisers only: nobody else sees another person's check-ins.

What counts: per person, one check-in per day at the day doors and one per session at a room door
(forum.models.venue.CheckIn.counts); every other scan is kept for the exports (forum.exports.attendance).
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import AttendanceOverride, CheckIn, ForumEdition, Registration, Session
from ..rules import BAND_WORDS, badge_bands
from .badges import speaks_q

# --- Attended the forum: the one rule -------------------------------------------------------------------------


def counting_day_checkins() -> QuerySet[CheckIn]:
    """The check-ins that count at the day doors: one per person and day (a room door's have a session)."""
    return CheckIn.objects.filter(counts=True, session__isnull=True)


def with_attendance(registrations: QuerySet[Registration], *, edition: ForumEdition) -> QuerySet[Registration]:
    """The one rule of "attended the forum", as annotations on `registrations` (of `edition`), in the same query:
    `days_checked_in` (days with a counting check-in at a day door), `has_override` (an organiser's active
    attendance override) and `attended`: checked in on at least `edition.days_for_certificate` days, or an
    override. The certificates page, issuing and the exports ask it; nothing else decides it."""
    days = (
        counting_day_checkins()
        .filter(registration=OuterRef("pk"))
        .order_by()
        .values("registration")
        .annotate(days=Count("day", distinct=True))
        .values("days")
    )
    override = AttendanceOverride.objects.filter(registration=OuterRef("pk"), removed_at__isnull=True)
    return registrations.annotate(
        days_checked_in=Coalesce(Subquery(days, output_field=IntegerField()), 0),
        has_override=Exists(override),
    ).annotate(
        attended=Case(
            When(Q(has_override=True) | Q(days_checked_in__gte=edition.days_for_certificate), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def not_attended_ids(*, edition: ForumEdition, ids: list[int]) -> list[int]:
    """Which of the registrations `ids` did not attend (with_attendance). One query."""
    chosen = Registration.objects.filter(edition=edition, pk__in=ids)
    return sorted(with_attendance(chosen, edition=edition).filter(attended=False).values_list("pk", flat=True))


def attendance_overrides(*, registration: Registration) -> list[AttendanceOverride]:
    """A registration's override history, newest first, with who recorded and who removed each. One query."""
    return list(
        registration.attendance_overrides.select_related("created_by", "removed_by").order_by("-created_at", "-pk")
    )


def attendance_registration(*, edition: ForumEdition, pk: int) -> Registration | None:
    """One approved registration of `edition` with its attendance (with_attendance) and person; None outside it."""
    registration = (
        with_attendance(Registration.objects.holding_seat(), edition=edition)
        .filter(edition=edition, pk=pk)
        .select_related("user", "organisation")
        .first()
    )
    if registration is not None:
        registration.edition = edition
    return registration


# --- The live page of a day ------------------------------------------------------------------------------------


def attendance_day_default(edition: ForumEdition, today: datetime.date | None = None) -> datetime.date:
    """The day the live page opens on: today in the forum's time zone while the forum runs, else its first day
    (before it) or its last day (after it)."""
    today = today or timezone.localdate(timezone=edition.zone)
    return min(max(today, edition.starts_on), edition.ends_on)


@dataclass
class AttendanceDay:
    """A day's figures: the approved registrations, those checked in at a day door, and those checked in counted
    by band, country and category as [(label, count)], largest first."""

    day: datetime.date
    approved: int
    checked_in: int
    by_band: list[tuple[str, int]]
    by_country: list[tuple[str, int]]
    by_category: list[tuple[str, int]]

    @property
    def no_shows(self) -> int:
        return self.approved - self.checked_in


def _approved(edition: ForumEdition) -> QuerySet[Registration]:
    return Registration.objects.holding_seat().filter(edition=edition)


def _checked_in_on(day: datetime.date) -> Exists:
    return Exists(counting_day_checkins().filter(registration=OuterRef("pk"), day=day))


def _ranked(counter: Counter) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def attendance_day(*, edition: ForumEdition, day: datetime.date) -> AttendanceDay:
    """The approved registrations checked in at a day door on `day`, counted by band (forum.rules.badge_bands:
    the band the badge wears), by country represented and by category; and how many did not come. One query: SQL
    counts the registrations per (checked in, youth, category, country, speaks), and the bands are named here from
    those few groups by the badges' own rule."""
    groups = (
        _approved(edition)
        .annotate(came=_checked_in_on(day), speaks=speaks_q())
        .order_by()
        .values("came", "is_youth", "category", "country", "speaks")
        .annotate(n=Count("pk"))
    )
    approved = checked_in = 0
    bands, countries, categories = Counter(), Counter(), Counter()
    category_labels = dict(Registration.Category.choices)
    country_names = {}
    for group in groups:
        approved += group["n"]
        if not group["came"]:
            continue
        checked_in += group["n"]
        probe = Registration(is_youth=group["is_youth"], category=group["category"], country=group["country"])
        bands[str(BAND_WORDS[badge_bands(probe, speaks=group["speaks"])[0]])] += group["n"]
        country_names.setdefault(group["country"], probe.country.name)
        countries[country_names[group["country"]]] += group["n"]
        categories[str(category_labels.get(group["category"], group["category"]))] += group["n"]
    return AttendanceDay(
        day=day,
        approved=approved,
        checked_in=checked_in,
        by_band=_ranked(bands),
        by_country=_ranked(countries),
        by_category=_ranked(categories),
    )


def no_shows(*, edition: ForumEdition, day: datetime.date) -> QuerySet[Registration]:
    """Approved registrations of `edition` with no counting check-in at a day door on `day`, by name, with the
    person and organisation."""
    return (
        _approved(edition)
        .exclude(_checked_in_on(day))
        .select_related("user", "organisation", "edition")
        .order_by("user__family_name", "user__given_name", "pk")
    )


def with_door_counts(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """Sessions annotated with `checked_in`: the counting check-ins at their room door (one per person), in the
    same query. Organisers only (the programme editor, the live attendance page)."""
    counted = (
        CheckIn.objects.filter(session=OuterRef("pk"), counts=True)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return sessions.annotate(checked_in=Coalesce(Subquery(counted, output_field=IntegerField()), 0))


def session_checked_in(*, session: Session) -> int:
    """The counting check-ins at `session`'s room door (one per person). One query. Organisers only."""
    return CheckIn.objects.filter(session=session, counts=True).count()


def sessions_attendance(*, edition: ForumEdition, day: datetime.date) -> list[Session]:
    """The edition's sessions (breaks left out) that start on `day` in the forum's time zone, in time order,
    each with its room, `checked_in` at the room door (with_door_counts) and `local_start`/`local_end`. One query."""
    zone = edition.zone
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    sessions = with_door_counts(
        Session.objects.filter(edition=edition, starts_at__gte=start, starts_at__lt=end)
        .exclude(kind=Session.Kind.BREAK)
        .select_related("room")
        .order_by("starts_at", "room__position", "room__name", "pk")
    )
    sessions = list(sessions)
    for session in sessions:
        session.local_start = timezone.localtime(session.starts_at, zone)
        session.local_end = timezone.localtime(session.ends_at, zone)
    return sessions


# --- The exports ----------------------------------------------------------------------------------------------


def _for_export(checkins: QuerySet[CheckIn]) -> QuerySet[CheckIn]:
    return checkins.select_related("station", "session", "registration__user", "registration__organisation").order_by(
        "scanned_at", "pk"
    )


def day_checkins_for_export(*, edition: ForumEdition, day: datetime.date) -> QuerySet[CheckIn]:
    """Every scan at the edition's day doors on `day` (admitted or refused, counting or not), in the order they
    were scanned, with the station, the session and the person (forum.exports.attendance). One query."""
    return _for_export(CheckIn.objects.filter(station__edition=edition, day=day, station__session__isnull=True))


def session_checkins_for_export(*, session: Session) -> QuerySet[CheckIn]:
    """Every scan at `session`'s room door (forum.exports.attendance). One query."""
    return _for_export(CheckIn.objects.filter(Q(session=session) | Q(station__session=session)))


def delegates_attendance(*, edition: ForumEdition) -> tuple[QuerySet[Registration], dict[int, set[datetime.date]]]:
    """The edition's approved registrations by name, with their attendance (with_attendance), person and
    `override_reason` (the active override's, else None); and {registration id: the days they were checked in at a
    day door}. Two queries (forum.exports.attendance)."""
    reason = AttendanceOverride.objects.filter(registration=OuterRef("pk"), removed_at__isnull=True).values("reason")
    registrations = (
        with_attendance(_approved(edition), edition=edition)
        .annotate(override_reason=Subquery(reason[:1]))
        .select_related("user", "organisation")
        .order_by("user__family_name", "user__given_name", "pk")
    )
    days: dict[int, set[datetime.date]] = {}
    checked = counting_day_checkins().filter(registration__edition=edition, registration__in=_approved(edition))
    for registration_id, day in checked.values_list("registration_id", "day"):
        days.setdefault(registration_id, set()).add(day)
    return registrations, days
