"""The forum's figures for the organiser's dashboard and the programme report (reports.forum), counted in SQL.

For a list of editions (one edition, or those of a period), `forum_figures` runs a fixed number of queries whatever
the number of registrations, check-ins or editions: each figure is one `values()` + `annotate(Count)` query (per
edition figures that need an edition's own time zone or attendance rule are one UNION query). Every rule is asked
from its home: the seats (forum.services.seats, `Registration.objects.taking_seats`), the visa letter and consent
states (forum.rules), who attended (forum.selectors.attendance.with_attendance) and whom a registration reached
(forum.selectors.reach: the copy once recorded, else the live profile).
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import BooleanField, Case, Count, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from ..models import CountryQuota, ForumEdition, Registration, RegistrationEvent, Session
from ..rules import letter_outstanding_q, youth_consent_state
from ..services.seats import with_seats_left
from .attendance import counting_day_checkins, with_attendance, with_door_counts
from .reach import registration_reach

Status = Registration.Status
REACH_KEYS = ("reach_country_", "reach_kind_", "reach_sex_", "reach_age_")


def current_edition() -> ForumEdition | None:
    """The edition the dashboard shows by default: the earliest whose last day is today or later, else the latest
    one; None without any edition. One query."""
    today = timezone.localdate()
    return (
        ForumEdition.objects.annotate(
            over=Case(When(ends_on__lt=today, then=Value(True)), default=Value(False), output_field=BooleanField())
        )
        .order_by("over", Case(When(ends_on__gte=today, then=F("starts_on"))).asc(nulls_last=True), "-starts_on")
        .first()
    )


def figure_editions(
    *, edition: ForumEdition | None = None, starts_on: datetime.date | None = None, ends_on: datetime.date | None = None
) -> list[ForumEdition]:
    """`edition`, else the editions whose first day falls from `starts_on` to `ends_on`, first first, each with
    `approved_count` and `seats_left` (forum.services.seats.with_seats_left). One query."""
    editions = ForumEdition.objects.all()
    if edition is not None:
        editions = editions.filter(pk=edition.pk)
    else:
        editions = editions.filter(starts_on__gte=starts_on, starts_on__lte=ends_on)
    return list(with_seats_left(editions).order_by("starts_on", "pk"))


@dataclass
class ForumFigures:
    """What the forum counted for `editions` (see forum_figures for what each figure counts)."""

    editions: list[ForumEdition]
    by_status_category: dict[tuple[str, str], int] = field(default_factory=dict)
    # The same, youth delegates (minors) left out: what a table that protects no small number may count.
    adults_by_status_category: dict[tuple[str, str], int] = field(default_factory=dict)
    visa_outstanding: int = 0
    seated_by_country: dict[str, int] = field(default_factory=dict)
    active_adults_by_country: dict[str, int] = field(default_factory=dict)
    quotas: dict[str, int] = field(default_factory=dict)
    active_by_kind: dict[str, int] = field(default_factory=dict)
    youth: dict[tuple[str, bool], int] = field(default_factory=dict)
    registered_per_day: dict[datetime.date, int] = field(default_factory=dict)
    seats_change_per_day: dict[datetime.date, int] = field(default_factory=dict)  # seats taken less seats freed
    checked_in_per_day: dict[datetime.date, int] = field(default_factory=dict)
    sessions: list[Session] = field(default_factory=list)
    reach: dict[tuple[str, str, str, str], int] = field(default_factory=dict)

    @property
    def capacity(self) -> int:
        return sum(edition.capacity for edition in self.editions)

    @property
    def seats_taken(self) -> int:
        """Approved delegates who take a seat (the seat rule: guests and staff take none)."""
        return sum(edition.approved_count for edition in self.editions)

    @property
    def has_begun(self) -> bool:
        return any(edition.has_begun for edition in self.editions)

    def status_count(self, status: str) -> int:
        return sum(n for (each, _category), n in self.by_status_category.items() if each == status)

    @property
    def registrations(self) -> int:
        return sum(self.by_status_category.values())

    def cumulative(self) -> list[tuple[datetime.date, int, int]]:
        """(day, registrations so far, seats taken at the day's end) for every day from the first to the last that
        counted one; the last day's seats taken are `seats_taken` (while the history is whole)."""
        days = set(self.registered_per_day) | set(self.seats_change_per_day)
        if not days:
            return []
        day, last = min(days), max(days)
        registered = seats = 0
        rows = []
        while day <= last:
            registered += self.registered_per_day.get(day, 0)
            seats += self.seats_change_per_day.get(day, 0)
            rows.append((day, registered, seats))
            day += datetime.timedelta(days=1)
        return rows


def _union(querysets: list[QuerySet]) -> QuerySet:
    """One query for the editions' grouped rows (a UNION ALL when there are several)."""
    first, *others = querysets
    return first.union(*others, all=True).order_by() if others else first


def _counts(rows, key: str) -> dict:
    totals = Counter()
    for row in rows:
        totals[row[key]] += row["n"]
    return dict(totals)


def _seat_change() -> Case:
    """What a change of a registration does to the seats: +1 into approved, -1 out of it, 0 otherwise."""
    into, out_of = Q(to_status=Status.APPROVED), Q(from_status=Status.APPROVED)
    return Case(
        When(into & ~out_of, then=Value(1)),
        When(out_of & ~into, then=Value(-1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def _per_day(editions: list[ForumEdition]) -> tuple[dict, dict]:
    """New registrations per day, and the seats taken less the seats freed per day (from the registrations' history:
    into approved, out of it), each day in its edition's time zone, of delegates who would take a seat (guests and
    staff are added by organisers and take none). Two queries."""
    delegates = Registration.objects.exclude(category__in=Registration.SEATLESS_CATEGORIES)
    registered = _union(
        [
            delegates.filter(edition=edition)
            .annotate(day=TruncDate("created_at", tzinfo=edition.zone))
            .order_by()
            .values("day")
            .annotate(n=Count("pk"))
            for edition in editions
        ]
    )
    changes = RegistrationEvent.objects.filter(Q(to_status=Status.APPROVED) | Q(from_status=Status.APPROVED))
    seats = _union(
        [
            changes.filter(registration__in=delegates.filter(edition=edition))
            .annotate(day=TruncDate("created_at", tzinfo=edition.zone))
            .order_by()
            .values("day")
            .annotate(n=Sum(_seat_change()))
            for edition in editions
        ]
    )
    return _counts(registered, "day"), _counts(seats, "day")


def reached(edition: ForumEdition) -> QuerySet[Registration]:
    """Whom the edition reached: once it has begun, the approved registrations that attended (the one rule,
    with_attendance); before, the approved ones. Organiser staff are not counted: they run the forum."""
    approved = Registration.objects.holding_seat().filter(edition=edition).exclude(category=Registration.Category.STAFF)
    if edition.has_begun:
        return with_attendance(approved, edition=edition).filter(attended=True)
    return approved


def _reach(editions: list[ForumEdition]) -> dict:
    rows = _union(
        [
            reached(edition).annotate(**registration_reach()).order_by().values(*REACH_KEYS).annotate(n=Count("pk"))
            for edition in editions
        ]
    )
    totals = Counter()
    for row in rows:
        totals[tuple(row[key] for key in REACH_KEYS)] += row["n"]
    return dict(totals)


def forum_figures(*, editions: list[ForumEdition]) -> ForumFigures:
    """The forum's figures for `editions` (from figure_editions): registrations by (status, category), all and
    without youth delegates; visa letters outstanding (forum.rules.letter_outstanding_q); per country the approved
    delegates taking a seat, the active registrations of adults (no youth delegate) and the quota; active
    registrations by organisation type (as reached); youth registrations by (consent state, still active); new
    registrations and the seats taken less those freed per day; people checked in at a day door per day; the
    sessions' room-door counts; and whom the forum reached, counted by (country, organisation type, sex, age
    band). Twelve queries whatever the data; none without an edition."""
    figures = ForumFigures(editions=editions)
    if not editions:
        return figures
    ids = [edition.pk for edition in editions]
    registrations = Registration.objects.filter(edition__in=ids)
    for row in registrations.order_by().values("status", "category", "is_youth").annotate(n=Count("pk")):
        key = (row["status"], row["category"])
        figures.by_status_category[key] = figures.by_status_category.get(key, 0) + row["n"]
        if not row["is_youth"]:
            figures.adults_by_status_category[key] = row["n"]
    figures.visa_outstanding = registrations.filter(letter_outstanding_q()).count()
    seated = Registration.objects.taking_seats().filter(edition__in=ids)
    figures.seated_by_country = _counts(seated.order_by().values("country").annotate(n=Count("pk")), "country")
    active = registrations.active()
    figures.active_adults_by_country = _counts(
        active.filter(is_youth=False).order_by().values("country").annotate(n=Count("pk")), "country"
    )
    figures.quotas = {
        row["country"]: row["seats"]
        for row in CountryQuota.objects.filter(edition__in=ids)
        .order_by()
        .values("country")
        .annotate(seats=Sum("seats"))
    }
    figures.active_by_kind = _counts(
        active.annotate(**registration_reach()).order_by().values("reach_kind_").annotate(n=Count("pk")),
        "reach_kind_",
    )
    figures.youth = {
        (row["consent"], row["still"]): row["n"]
        for row in registrations.filter(is_youth=True)
        .annotate(
            consent=youth_consent_state(),
            still=Case(
                When(status__in=Registration.ACTIVE_STATUSES, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .order_by()
        .values("consent", "still")
        .annotate(n=Count("pk"))
    }
    figures.registered_per_day, figures.seats_change_per_day = _per_day(editions)
    figures.checked_in_per_day = _counts(
        counting_day_checkins()
        .filter(registration__edition__in=ids)
        .order_by()
        .values("day")
        .annotate(n=Count("registration", distinct=True)),
        "day",
    )
    figures.sessions = list(
        with_door_counts(Session.objects.filter(edition__in=ids).exclude(kind=Session.Kind.BREAK))
        .select_related("room")
        .order_by("starts_at", "pk")
    )
    figures.reach = _reach(editions)
    return figures


__all__ = ["ForumFigures", "current_edition", "figure_editions", "forum_figures", "reached"]
