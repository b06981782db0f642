"""The forum's section of the dashboard and the report: headline figures linked to the organiser's lists behind
them, and figures (a table with its chart) of registrations, seats, quotas, youth delegates, check-ins and whom the
forum reached.

The numbers are forum.selectors.figures' (a fixed number of queries); this module names them, links them and draws
them. Counts of people by country, organisation type, sex or age band, and counts of minors, are protected
(documents.tables.Cube: 1 to 4 print as "< 5", with secondary suppression); seats, statuses, categories, sessions
and days are not. Links go to the organiser's registrations list filtered as the figure counts (one edition only);
a PDF (`for_pdf`) carries no link. A protected table has a chart only when nothing in it is hidden.
"""

from __future__ import annotations

import datetime
from dataclasses import replace
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from documents.charts import line_chart
from documents.tables import TOTAL, Cell, Cube, Dimension, plain_table
from forum.models import ForumEdition, Participation, Registration
from forum.selectors.figures import ForumFigures, current_edition, figure_editions, forum_figures
from people.models import Organisation
from people.reach import NOT_GIVEN, AgeBand, Sex

from .periods import Period, edition_period
from .sections import Figure, Headline, Section, column_chart

Status = Registration.Status


def current_edition_period() -> Period | None:
    """The forum's default period on the dashboard: the current edition's (forum.selectors.figures.current_edition),
    None without any edition."""
    edition = current_edition()
    return edition_period(edition) if edition else None


def period_editions(period: Period) -> list[ForumEdition]:
    """The editions a period's forum figures count: its edition, else those whose first day falls in it."""
    return figure_editions(edition=period.edition, starts_on=period.starts_on, ends_on=period.ends_on)


class Links:
    """The organiser's lists behind the figures of one edition; nothing (empty links) for several or in a PDF."""

    def __init__(self, editions: list[ForumEdition], *, for_pdf: bool):
        self.edition = editions[0] if len(editions) == 1 and not for_pdf else None

    def registrations(self, **filters: str) -> str:
        if self.edition is None:
            return ""
        url = reverse("forum_organiser:registrations", kwargs={"slug": self.edition.slug})
        return f"{url}?{urlencode(filters)}" if filters else url

    def attendance(self, day: datetime.date) -> str:
        if self.edition is None or day not in self.edition.days:
            return ""
        url = reverse("forum_organiser:attendance", kwargs={"slug": self.edition.slug})
        return f"{url}?{urlencode({'day': day.isoformat()})}"


def _day(day: datetime.date) -> str:
    return date_format(day, "MONTH_DAY_FORMAT")


def _country(code: str) -> str:
    return countries.name(code) if code else str(NOT_GIVEN)


# --- Registrations and seats ----------------------------------------------------------------------------------


def _status_figure(figures: ForumFigures, links: Links, *, for_pdf: bool) -> Figure:
    table = plain_table(
        title=_("Registrations by status"),
        row_heading=_("Status"),
        columns=[_("Registrations")],
        rows=[(status.label, [figures.status_count(status)], links.registrations(status=status)) for status in Status],
        totals=True,
        key="forum-by-status",
        note=_("%(capacity)s seats; invited guests and organiser staff take none.") % {"capacity": figures.capacity},
    )
    return Figure(table, column_chart(table, column=0, max_value=figures.capacity, for_pdf=for_pdf))


def _over_time_figure(figures: ForumFigures, *, for_pdf: bool) -> Figure | None:
    days = figures.cumulative()
    if not days:
        return None
    capacity = figures.capacity
    registered, taken, seats = _("Registrations so far"), _("Seats taken"), _("Seats")
    shown = [row for index, row in enumerate(days) if index == 0 or row[1:] != days[index - 1][1:]]
    table = plain_table(
        title=_("Registrations and seats taken over time"),
        row_heading=_("Day"),
        columns=[registered, taken, seats],
        rows=[(_day(day), [so_far, seated, capacity]) for day, so_far, seated in shown],
        key="forum-over-time",
        note=_(
            "Delegates only: invited guests and organiser staff take no seat. Seats taken: approved at the day’s "
            "end (an approval takes a seat, a cancellation or rejection frees it). Days without a change are left "
            "out."
        ),
    )
    chart = line_chart(
        name=table.title,
        labels=[f"{day.day}/{day.month}" for day, _so_far, _seated in days],
        series=[
            (registered, [so_far for _day_, so_far, _s in days]),
            (taken, [seated for _day_, _r, seated in days]),
            (seats, [capacity] * len(days)),
        ],
        max_value=capacity,
        for_pdf=for_pdf,
    )
    return Figure(table, chart, numbers="columns")


def _country_figure(figures: ForumFigures, links: Links, *, for_pdf: bool) -> Figure:
    codes = set(figures.seated_by_country) | set(figures.active_adults_by_country) | set(figures.quotas)
    table = plain_table(
        title=_("Registrations by country against its quota"),
        row_heading=_("Country represented"),
        columns=[_("Approved (seats)"), _("Active registrations"), _("Quota")],
        rows=[
            (
                _country(code),
                [
                    figures.seated_by_country.get(code, 0),
                    figures.active_adults_by_country.get(code, 0),
                    figures.quotas.get(code),
                ],
                links.registrations(country=code),
            )
            for code in sorted(codes, key=_country)
        ],
        totals=True,
        key="forum-by-country",
        note=_(
            "Approved (seats): every seat taken, youth delegates’ too. Active: submitted, approved or on the waiting "
            "list, youth delegates left out (they are counted in the table of youth delegates, protected). A country "
            "without a quota has “–”."
        ),
    )
    return Figure(table, column_chart(table, column=0, for_pdf=for_pdf))


def _category_figure(figures: ForumFigures, links: Links, *, for_pdf: bool) -> Figure:
    def count(category: str, statuses) -> int:
        return sum(figures.adults_by_status_category.get((status, category), 0) for status in statuses)

    table = plain_table(
        title=_("Registrations by category"),
        row_heading=_("Category"),
        columns=[_("Approved"), _("Active registrations"), _("All registrations")],
        rows=[
            (
                category.label,
                [
                    count(category, [Status.APPROVED]),
                    count(category, Registration.ACTIVE_STATUSES),
                    count(category, Status),
                ],
                links.registrations(category=category),
            )
            for category in Registration.Category
            if count(category, Status)
        ],
        totals=True,
        key="forum-by-category",
        note=_("Youth delegates are not counted here: they are counted in the table of youth delegates, protected."),
    )
    return Figure(table, column_chart(table, column=1, for_pdf=for_pdf))


def _kind_figure(figures: ForumFigures, *, for_pdf: bool) -> Figure:
    kinds = Dimension(_("Organisation type"), _kind_members(set(figures.active_by_kind)))
    cube = Cube([kinds], {(kind,): n for kind, n in figures.active_by_kind.items()})
    (table,) = cube.faces((0,), titles=[_("Active registrations by organisation type")], keys=["forum-by-kind"])
    return Figure(table, column_chart(table, column=0, for_pdf=for_pdf))


def _kind_members(present: set[str]) -> tuple[tuple[str, str], ...]:
    """The organisation types present, in the choices' order (a type no longer offered by its code), "not given"
    last."""
    labels = dict(Organisation.Kind.choices)
    members = [(kind, str(label)) for kind, label in labels.items() if kind in present]
    members += [(kind, kind) for kind in sorted(present - set(labels) - {""})]
    return tuple(members + ([("", str(NOT_GIVEN))] if "" in present else []))


def _youth(figures: ForumFigures, links: Links) -> tuple[Figure, Cell]:
    """The youth delegates by consent state (and whether still registered), protected: they are minors. Returns the
    figure and its "waiting for the guardian" total (a headline)."""
    consent = Dimension(_("Guardian's consent"), tuple((state.value, str(state.label)) for state in Participation))
    standing = Dimension(_("Registration"), (("active", _("Still registered")), ("closed", _("Cancelled or rejected"))))
    counts = {(state, "active" if still else "closed"): n for (state, still), n in figures.youth.items()}
    cube = Cube(
        [consent, standing],
        counts,
        links=lambda key: links.registrations(consent=key[0]) if key[0] != TOTAL and key[1] == TOTAL else "",
    )
    (table,) = cube.faces((0, 1), titles=[_("Youth delegates by their guardian's consent")], keys=["forum-youth"])
    pending = table.rows[[state.value for state in Participation].index(Participation.PENDING)].cells[-1]
    return Figure(table), pending


# --- Check-ins ------------------------------------------------------------------------------------------------


def _checkin_figures(figures: ForumFigures, links: Links, *, for_pdf: bool) -> list[Figure]:
    if not figures.checked_in_per_day and not any(session.checked_in for session in figures.sessions):
        return []
    zones = {edition.pk: edition.zone for edition in figures.editions}
    days = plain_table(
        title=_("People checked in per day"),
        row_heading=_("Day"),
        columns=[_("Checked in")],
        rows=[
            (_day(day), [figures.checked_in_per_day.get(day, 0)], links.attendance(day))
            for day in sorted({day for edition in figures.editions for day in edition.days})
        ],
        key="forum-checkins-per-day",
        note=_("At the day doors, each person once a day."),
    )
    sessions = plain_table(
        title=_("People checked in per session"),
        row_heading=_("Session"),
        columns=[_("Checked in")],
        rows=[(_session_label(session, zones), [session.checked_in]) for session in figures.sessions],
        key="forum-checkins-per-session",
        note=_("At the room's door, each person once."),
    )
    shown = [Figure(days, column_chart(days, column=0, for_pdf=for_pdf))]
    if sessions.rows:  # an edition without sessions (yet) has no table of headings alone
        shown.append(Figure(sessions, column_chart(sessions, column=0, for_pdf=for_pdf)))
    return shown


def _session_label(session, zones: dict) -> str:
    starts = timezone.localtime(session.starts_at, zones[session.edition_id])
    return f"{session.title} ({date_format(starts, 'SHORT_DATETIME_FORMAT')})"


# --- Whom the forum reached -----------------------------------------------------------------------------------


def _choices_with_unknown(choices, present: set[str]) -> tuple[tuple[str, str], ...]:
    members = [(value, str(label)) for value, label in choices]
    return tuple(members + ([("", str(NOT_GIVEN))] if "" in present else []))


def reach_cube(figures: ForumFigures) -> Cube:
    """Whom the forum reached, by country, organisation type, sex and age band (forum.selectors.figures.reached)."""
    parts = list(zip(*figures.reach, strict=True)) if figures.reach else [(), (), (), ()]
    country_codes, kinds, sexes, ages = (set(part) for part in parts)
    return Cube(
        [
            Dimension(_("Country"), tuple((code, _country(code)) for code in sorted(country_codes, key=_country))),
            Dimension(_("Organisation type"), _kind_members(kinds)),
            Dimension(_("Sex"), _choices_with_unknown(Sex.choices, sexes)),
            Dimension(_("Age band"), _choices_with_unknown(AgeBand.choices, ages)),
        ],
        figures.reach,
    )


def _published(cube: Cube, figures: ForumFigures) -> list[tuple]:
    """The reach cube's totals that other figures publish exactly (documents.tables.Cube.hidden's `fixed`): before
    the forum begins whom it reached are the approved, so a country's total is its seats in the country table and
    the grand total the "Seats taken" headline, when they count the same (no invited guest among them)."""
    if figures.has_begun:
        return []
    grand = (TOTAL,) * 4
    known = [((code, *grand[1:]), seats) for code, seats in figures.seated_by_country.items()]
    return [key for key, seats in [*known, (grand, figures.seats_taken)] if cube.value(key) == seats]


def _reach_figures(cube: Cube, *, fixed: list, reached_note: str, for_pdf: bool) -> tuple[list[Figure], Cell]:
    """The three published faces of whom the forum reached, and their grand total (hidden with them if it must)."""
    tables = cube.faces(
        (0, 2),
        (2, 3),
        (1, 2),
        titles=[
            _("People reached by country and sex"),
            _("People reached by sex and age band"),
            _("People reached by organisation type and sex"),
        ],
        keys=["forum-reach-country-sex", "forum-reach-sex-age", "forum-reach-kind-sex"],
        fixed=fixed,
    )
    figures = []
    for table in tables:
        table = replace(table, note=f"{reached_note} {table.note}")
        figures.append(Figure(table, column_chart(table, for_pdf=for_pdf)))
    return figures, tables[0].total()


# --- The section ----------------------------------------------------------------------------------------------


def _headlines(figures: ForumFigures, links: Links, *, pending: Cell, reached: Cell) -> list[Headline]:
    capacity = figures.capacity
    headlines = [
        Headline(_("Registrations"), Cell(figures.registrations, link=links.registrations())),
        Headline(
            _("Seats taken"),
            Cell(figures.seats_taken, link=links.registrations(status=Status.APPROVED)),
            ngettext("of %(capacity)s seat", "of %(capacity)s seats", capacity) % {"capacity": capacity},
        ),
        Headline(
            _("On the waiting list"),
            Cell(figures.status_count(Status.WAITLISTED), link=links.registrations(status=Status.WAITLISTED)),
        ),
        Headline(_("Youth delegates waiting for their guardian's consent"), pending),
        Headline(
            _("Visa letters outstanding"),
            Cell(figures.visa_outstanding, link=links.registrations(visa="waiting")),
            _("asked for, not yet ready for the delegate"),
        ),
    ]
    today = [
        (edition, timezone.localdate(timezone=edition.zone))
        for edition in figures.editions
        if timezone.localdate(timezone=edition.zone) in edition.days
    ]
    if today:
        day = today[0][1]
        headlines.append(
            Headline(
                _("Checked in today"),
                Cell(figures.checked_in_per_day.get(day, 0), link=links.attendance(day)),
                _("at the day doors"),
            )
        )
    headlines.append(
        Headline(
            _("People reached"),
            reached,
            _("attended the forum") if figures.has_begun else _("approved (the forum has not begun)"),
        )
    )
    return headlines


def forum_section(*, period: Period, for_pdf: bool = False) -> Section:
    """The forum's figures for `period`: its edition's, or those of the editions whose first day falls in it."""
    editions = period_editions(period)
    if not editions:
        return Section(key="forum", title=_("Forum"), empty=_("No forum edition in this period."))
    figures = forum_figures(editions=editions)
    links = Links(editions, for_pdf=for_pdf)
    youth, pending = _youth(figures, links)
    reached_note = (
        _("Reached: approved delegates who attended (the participation certificate’s rule); staff are not counted.")
        if figures.has_begun
        else _("Reached: approved delegates (the forum has not begun); staff are not counted.")
    )
    cube = reach_cube(figures)
    reach, reached = _reach_figures(cube, fixed=_published(cube, figures), reached_note=reached_note, for_pdf=for_pdf)
    blocks = [
        _status_figure(figures, links, for_pdf=for_pdf),
        _over_time_figure(figures, for_pdf=for_pdf),
        _country_figure(figures, links, for_pdf=for_pdf),
        _category_figure(figures, links, for_pdf=for_pdf),
        _kind_figure(figures, for_pdf=for_pdf),
        youth,
        *_checkin_figures(figures, links, for_pdf=for_pdf),
        *reach,
    ]
    title = _("Forum: %(editions)s") % {"editions": ", ".join(edition.title for edition in editions)}
    return Section(
        key="forum",
        title=title,
        headlines=_headlines(figures, links, pending=pending, reached=reached),
        figures=[block for block in blocks if block is not None],
    )
