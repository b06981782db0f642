"""The training programme's figures for a period, for the organiser's dashboard and report and for a company's page.

A cohort counts its outcomes in the period its last day falls in (enrolments, attendance, completion, certificates,
scores, whom it reached); "cohorts running" is live (today between a cohort's first and last day) for a period
under way, and for a past or future period the cohorts that run within it ("cohorts held"). With
`organisation`, only the company's people its focal point sees count (selectors.company.company_people: confirmed
members, minors left out), so a company's page never carries a minor's data, and nothing of them is broken down by
a person's sex, age band, country or organisation type (`companies` and `reach` stay empty): its focal point knows
its staff by name and enrols them, so any such count, protected or not, moves by one when they enrol one person and
reload, and tells them about that person.

Every figure is aggregated in SQL through the programme's own rules: "attended" and "sessions counted" as the
completion decision counts them (selectors.enrolment.with_attendance_so_far, rules.attended_q / counted_q), the
shares by rules.whole_percent, best scores and the gain as the course's results page has them
(selectors.results.gain_by), whom an enrolment reached by its recorded copy, else the live profile
(selectors.reach.enrollment_reach). `training_figures` takes a fixed number of queries whatever the data.
"""

import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db.models import CharField, Count, IntegerField, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone

from certificates.models import Certificate
from people.i18n import localized
from people.models import Organisation
from people.reach import AgeBand

from ..models import Cohort, Enrollment
from ..rules import whole_percent
from .company import company_people
from .enrolment import with_attendance_so_far
from .reach import enrollment_reach
from .results import gain_by

REACH_KEYS = ("reach_country_", "reach_kind_", "reach_sex_", "reach_age_")


@dataclass(frozen=True)
class CourseFigures:
    """One course's cohorts that ended in the period: places held, completion decided, and knowledge gained (best
    pre-test and post-test scores averaged over those who took each, the gain over those who took both)."""

    course_id: int
    title: str
    enrolled: int
    decided: int
    completed: int
    took_both: int
    average_pre: float | None
    average_post: float | None
    average_gain: float | None

    @property
    def completion_percent(self) -> int | None:
        """Completed of those decided (None before any decision)."""
        return whole_percent(self.completed, self.decided)

    @property
    def has_scores(self) -> bool:
        return self.average_pre is not None or self.average_post is not None


@dataclass(frozen=True)
class CompanyFigures:
    """A company's staff in the period's cohorts: places held, and those who completed by sex (people.reach.Sex
    values, "" for not given)."""

    organisation_id: int
    name: str
    enrolled: int
    completed_by_sex: dict[str, int]

    @property
    def completed(self) -> int:
        return sum(self.completed_by_sex.values())


@dataclass
class TrainingFigures:
    starts_on: datetime.date
    ends_on: datetime.date
    cohorts_running: int = 0
    running_today: bool = True  # cohorts_running counts today's; else those that run within the period
    enrolled: int = 0  # places held (a person in two cohorts counts twice)
    attended: int = 0
    sessions_counted: int = 0
    certificates: int = 0
    courses: list[CourseFigures] = field(default_factory=list)
    companies: list[CompanyFigures] = field(default_factory=list)
    # (country, organisation type, sex, age band) -> places held; "" where not known.
    reach: dict[tuple[str, str, str, str], int] = field(default_factory=dict)

    @property
    def attendance_percent(self) -> int | None:
        """Sessions attended of sessions counted so far, by the course's rule, over every place held."""
        return whole_percent(self.attended, self.sessions_counted)

    @property
    def completed(self) -> int:
        """Places completed, over every course."""
        return sum(course.completed for course in self.courses)

    @property
    def is_empty(self) -> bool:
        return not (self.cohorts_running or self.enrolled or self.certificates)


def _scoped(enrollments: QuerySet[Enrollment], organisation: Organisation | None) -> QuerySet[Enrollment]:
    if organisation is None:
        return enrollments
    # Minors left out twice: anyone who has been a youth delegate (company_people), and anyone counted under 18.
    return (
        enrollments.filter(organisation=organisation, user__in=company_people(organisation=organisation).values("pk"))
        .alias(scoped_age_=enrollment_reach()["reach_age_"])
        .exclude(scoped_age_=AgeBand.UNDER_18)
    )


def period_enrollments(
    *, starts_on: datetime.date, ends_on: datetime.date, organisation: Organisation | None = None
) -> QuerySet[Enrollment]:
    """Every enrolment (withdrawn ones too) in the cohorts whose last day falls in the period, of `organisation`'s
    people its focal point sees when given (no minor)."""
    return _scoped(Enrollment.objects.filter(cohort__ends_on__range=(starts_on, ends_on)), organisation)


def _cohorts_running(first: datetime.date, last: datetime.date, organisation: Organisation | None) -> int:
    """Cohorts that run on some day from `first` to `last` (today alone for "running")."""
    cohorts = Cohort.objects.filter(starts_on__lte=last, ends_on__gte=first)
    if organisation is not None:
        holding = _scoped(Enrollment.objects.filter(status__in=Enrollment.HOLDING_PLACE), organisation)
        cohorts = cohorts.filter(pk__in=holding.values("cohort"))
    return cohorts.count()


def _certificates(enrollments: QuerySet[Enrollment]) -> int:
    """Completion certificates issued for these enrolments (`source_key`, Enrollment.certificate_source_key in SQL):
    valid, or withdrawn by their holder (Certificate.counted_q)."""
    keys = enrollments.annotate(
        source=Concat(Value("enrollment:"), Cast("pk", CharField()), output_field=CharField())
    ).values("source")
    return Certificate.objects.filter(
        Certificate.counted_q(), kind=Certificate.Kind.TRAINING_COMPLETION, source_key__in=keys
    ).count()


def _courses(holding: QuerySet[Enrollment]) -> list[CourseFigures]:
    rows = gain_by(
        holding,
        "cohort__course__title_en",
        "cohort__course__title_km",
        "cohort__course",
        extra={
            "decided": Count("pk", filter=Q(status__in=Enrollment.DECIDED)),
            "completed": Count("pk", filter=Q(status=Enrollment.Status.COMPLETED)),
        },
    )
    courses = [
        CourseFigures(
            course_id=row["cohort__course"],
            title=localized(
                SimpleNamespace(title_en=row["cohort__course__title_en"], title_km=row["cohort__course__title_km"]),
                "title",
            ),
            enrolled=row["people"],
            decided=row["decided"],
            completed=row["completed"],
            took_both=row["took_both"],
            average_pre=_rounded(row["average_pre"]),
            average_post=_rounded(row["average_post"]),
            average_gain=_rounded(row["average_gain"]),
        )
        for row in rows
    ]
    return sorted(courses, key=lambda course: (course.title.casefold(), course.course_id))


def _rounded(value) -> float | None:
    return None if value is None else round(float(value), 1)


def _companies(holding: QuerySet[Enrollment]) -> list[CompanyFigures]:
    rows = (
        holding.filter(organisation__isnull=False)
        .annotate(sex=enrollment_reach()["reach_sex_"])
        .values("organisation", "organisation__name", "sex")
        .annotate(
            enrolled=Count("pk"),
            completed=Count("pk", filter=Q(status=Enrollment.Status.COMPLETED)),
        )
        .order_by()
    )
    companies: dict[int, dict] = {}
    for row in rows:
        company = companies.setdefault(
            row["organisation"], {"name": row["organisation__name"], "enrolled": 0, "completed_by_sex": {}}
        )
        company["enrolled"] += row["enrolled"]
        if row["completed"]:
            company["completed_by_sex"][row["sex"]] = row["completed"]
    figures = [CompanyFigures(pk, **values) for pk, values in companies.items()]
    return sorted(figures, key=lambda company: (company.name.casefold(), company.organisation_id))


def _reach(holding: QuerySet[Enrollment]) -> dict[tuple[str, str, str, str], int]:
    rows = holding.annotate(**enrollment_reach()).values(*REACH_KEYS).annotate(n=Count("pk")).order_by()
    return {tuple(row[key] or "" for key in REACH_KEYS): row["n"] for row in rows}


def training_figures(
    *,
    starts_on: datetime.date,
    ends_on: datetime.date,
    organisation: Organisation | None = None,
    now: datetime.datetime | None = None,
) -> TrainingFigures:
    """The programme's figures over the period (module docstring), of one company's people when `organisation` is
    given (no breakdown by a person's attributes, module docstring). Six queries whatever the data, four for one
    company."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    # A period under way counts the cohorts running today; a past or future one, those that run within it.
    running_span = (today, today) if starts_on <= today <= ends_on else (starts_on, ends_on)
    enrollments = period_enrollments(starts_on=starts_on, ends_on=ends_on, organisation=organisation)
    holding = enrollments.filter(status__in=Enrollment.HOLDING_PLACE)
    totals = with_attendance_so_far(holding, now).aggregate(
        enrolled=Count("pk"),
        attended=Coalesce(Sum("attended_so_far"), 0, output_field=IntegerField()),
        counted=Coalesce(Sum("sessions_counted_so_far"), 0, output_field=IntegerField()),
    )
    return TrainingFigures(
        starts_on=starts_on,
        ends_on=ends_on,
        cohorts_running=_cohorts_running(*running_span, organisation),
        running_today=running_span == (today, today),
        enrolled=totals["enrolled"],
        attended=totals["attended"],
        sessions_counted=totals["counted"],
        certificates=_certificates(enrollments),
        courses=_courses(holding),
        companies=[] if organisation else _companies(holding),
        reach={} if organisation else _reach(holding),
    )


def company_year_figures(*, organisation: Organisation, now: datetime.datetime | None = None) -> TrainingFigures:
    """A company's page: its people's figures over this calendar year (training_figures)."""
    now = now or timezone.now()
    year = timezone.localdate(now).year
    return training_figures(
        starts_on=datetime.date(year, 1, 1), ends_on=datetime.date(year, 12, 31), organisation=organisation, now=now
    )
