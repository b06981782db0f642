"""The training programme's figures (selectors.figures) as documents.tables Tables: what the organiser's dashboard
and report (reports.trainings) and a company's page show (the per-course ones, company_tables), so both read the
same.

Counts of people by sex, age band, country, organisation type or company come from a `Cube` and print protected
(1 to 4 as "< 5", and what would give them back as "x"); shares, courses and scores print as they are. The faces
of whom the programme reached come from ONE cube, so a cell the faces share hides in all of them.
"""

from collections.abc import Callable, Iterable

from django.utils.translation import gettext_lazy as _
from django_countries import countries

from documents.tables import Cube, Dimension, Table, plain_table
from people.models import Organisation
from people.reach import NOT_GIVEN, AgeBand, Sex

from .selectors.figures import CourseFigures, TrainingFigures

NO_COMPANY = _("Individuals (no company)")
REACH_TITLES = (
    _("People reached by country and sex"),
    _("People reached by sex and age band"),
    _("People reached by organisation type and sex"),
)
REACH_KEYS = ("reach-country-sex", "reach-sex-age", "reach-kind-sex")
COUNTRY, KIND, SEX, AGE = range(4)  # the reach cube's dimensions

Link = Callable[[int], str] | None


def _members(choices, present: set[str], *, unknown=NOT_GIVEN, all_choices: bool = True) -> tuple:
    """The dimension's members: its choices (all of them, or only those counted), then "" when counted."""
    members = [(value, str(label)) for value, label in choices if all_choices or value in present]
    if "" in present:
        members.append(("", str(unknown)))
    return tuple(members)


def _countries(present: set[str]) -> tuple:
    named = sorted((code for code in present if code), key=lambda code: str(countries.name(code)).casefold())
    return _members([(code, countries.name(code) or code) for code in named], present)


def reach_cube(figures: TrainingFigures) -> Cube:
    """Places held in the period's cohorts by (country, organisation type, sex, age band)."""
    present = [{key[index] for key in figures.reach} for index in range(4)]
    dimensions = [
        Dimension(str(_("Country")), _countries(present[COUNTRY])),
        Dimension(
            str(_("Organisation type")),
            _members(Organisation.Kind.choices, present[KIND], unknown=NO_COMPANY, all_choices=False),
        ),
        Dimension(str(_("Sex")), _members(Sex.choices, present[SEX])),
        Dimension(str(_("Age band")), _members(AgeBand.choices, present[AGE])),
    ]
    return Cube(dimensions, figures.reach)


def reach_tables(figures: TrainingFigures, *, fixed: Iterable[tuple] = ()) -> list[Table]:
    """Country x sex, sex x age band and organisation type x sex, hidden jointly; `fixed`: the cube's cells other
    figures publish as they are (documents.tables.Cube.hidden)."""
    return reach_cube(figures).faces(
        (COUNTRY, SEX),
        (SEX, AGE),
        (KIND, SEX),
        titles=[str(title) for title in REACH_TITLES],
        keys=[f"trainings-{key}" for key in REACH_KEYS],
        fixed=fixed,
    )


def _course_rows(courses: list[CourseFigures], values: Callable[[CourseFigures], list], link: Link) -> list[tuple]:
    return [(course.title, values(course), link(course.course_id) if link else "") for course in courses]


def completion_table(figures: TrainingFigures, *, link: Link = None, key: str = "trainings-completion") -> Table:
    """Per course: places held, decided, completed and the completion rate (completed of decided)."""
    return plain_table(
        title=_("Completion per course"),
        row_heading=_("Course"),
        columns=[_("Places held"), _("Decided"), _("Completed"), _("Completion rate")],
        rows=_course_rows(figures.courses, lambda c: [c.enrolled, c.decided, c.completed, c.completion_percent], link),
        percent_columns=[3],
        key=key,
        note=_("The completion rate counts those whose completion has been decided."),
    )


def knowledge_table(figures: TrainingFigures, *, link: Link = None, key: str = "trainings-knowledge") -> Table:
    """Per course with test scores: the average best pre-test and post-test scores, the gain and who took both."""
    return plain_table(
        title=_("Knowledge gained per course"),
        row_heading=_("Course"),
        columns=[_("Pre-test"), _("Post-test"), _("Gain"), _("Took both tests")],
        rows=_course_rows(
            [course for course in figures.courses if course.has_scores],
            lambda c: [c.average_pre, c.average_post, c.average_gain, c.took_both],
            link,
        ),
        key=key,
        note=_(
            "Each person's best score out of 100, averaged over those who took the test; the gain over those who "
            "took both."
        ),
    )


def companies_enrolled_table(figures: TrainingFigures, *, key: str = "trainings-companies") -> Table:
    """Per company: its staff's places held in the period's cohorts."""
    return plain_table(
        title=_("Companies that trained staff"),
        row_heading=_("Company"),
        columns=[_("Staff enrolled")],
        rows=[(company.name, [company.enrolled]) for company in figures.companies],
        totals=True,
        key=key,
    )


def companies_trained_table(figures: TrainingFigures, *, key: str = "trainings-companies-trained") -> Table:
    """Per company and sex: staff who completed, protected (a company's 1 to 4 women or men are not shown)."""
    trained = [company for company in figures.companies if company.completed]
    present = {sex for company in trained for sex in company.completed_by_sex}
    cube = Cube(
        [
            Dimension(str(_("Company")), tuple((str(company.organisation_id), company.name) for company in trained)),
            Dimension(str(_("Sex")), _members(Sex.choices, present)),
        ],
        {
            (str(company.organisation_id), sex): count
            for company in trained
            for sex, count in company.completed_by_sex.items()
        },
    )
    return cube.faces((0, 1), titles=[str(_("Staff trained (completed) per company, by sex"))], keys=[key])[0]


def company_tables(figures: TrainingFigures) -> list[Table]:
    """What a company's page shows of its own figures: completion and knowledge gained per course, nothing broken
    down by sex, age band, country or organisation type. Its focal point knows its staff by name and enrols them: any
    such count, even protected, moves by one when they enrol one person and reload, and so tells them about that
    person (selectors.figures.training_figures counts none for one company)."""
    shown = [completion_table(figures, key="company-completion")]
    knowledge = knowledge_table(figures, key="company-knowledge")
    if knowledge.rows:
        shown.append(knowledge)
    return shown


__all__ = [
    "companies_enrolled_table",
    "companies_trained_table",
    "company_tables",
    "completion_table",
    "knowledge_table",
    "reach_cube",
    "reach_tables",
]
