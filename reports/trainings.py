"""The training programme's section of the dashboard and the report: headline figures linked to the organiser's
lists behind them, and figures (a table with its chart) per course, per company and of whom the programme reached.

The figures are trainings.selectors.figures' (cohorts whose last day falls in the period count their outcomes), the
tables trainings.figure_tables' (the company page shows the same ones); this module adds the headlines, the links
and the charts. A PDF (`for_pdf`) carries no link.
"""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from certificates.models import Certificate
from documents.tables import TOTAL, Cell
from trainings import figure_tables as tables
from trainings.selectors.figures import TrainingFigures, training_figures

from .periods import Period
from .sections import Figure, Headline, Section, column_chart


def _links(for_pdf: bool) -> dict[str, str]:
    if for_pdf:
        return dict.fromkeys(("cohorts", "certificates", "organisations"), "")
    certificates = urlencode({"kind": Certificate.Kind.TRAINING_COMPLETION, "status": Certificate.Status.VALID})
    return {
        "cohorts": reverse("trainings_organiser:index"),
        "certificates": f"{reverse('certificates_organiser:list')}?{certificates}",
        "organisations": reverse("organiser:organisations"),
    }


def _course_link(for_pdf: bool):
    if for_pdf:
        return None
    return lambda course_id: reverse("trainings_organiser:course_results", args=[course_id])


def _headlines(figures: TrainingFigures, links: dict[str, str]) -> list[Headline]:
    trained = sum(1 for company in figures.companies if company.completed)
    return [
        Headline(
            _("Cohorts running") if figures.running_today else _("Cohorts held"),
            Cell(figures.cohorts_running, link=links["cohorts"]),
            _("today") if figures.running_today else _("in the period"),
        ),
        Headline(_("People enrolled"), Cell(figures.enrolled, link=links["cohorts"]), _("places held")),
        Headline(
            _("Attendance rate"),
            Cell(figures.attendance_percent, link=links["cohorts"], percent=True),
            _("%(attended)s of %(counted)s sessions")
            % {"attended": figures.attended, "counted": figures.sessions_counted},
        ),
        Headline(
            _("Certificates issued"),
            Cell(figures.certificates, link=links["certificates"]),
            _("valid, or withdrawn by the holder"),
        ),
        Headline(
            _("Companies that trained staff"),
            Cell(trained, link=links["organisations"]),
            _("with staff who completed"),
        ),
    ]


def _published(figures: TrainingFigures) -> list[tuple]:
    """The reach cube's totals that this section publishes exactly elsewhere (documents.tables.Cube.hidden's
    `fixed`): the "People enrolled" headline is its grand total, and that headline less the companies' table gives
    those enrolled without a company (organisation type "")."""
    cube = tables.reach_cube(figures)
    grand, alone = (TOTAL,) * 4, (TOTAL, "", TOTAL, TOTAL)
    without_company = figures.enrolled - sum(company.enrolled for company in figures.companies)
    return [key for key, shown in ((grand, figures.enrolled), (alone, without_company)) if cube.value(key) == shown]


def _figures(figures: TrainingFigures, *, for_pdf: bool) -> list[Figure]:
    link = _course_link(for_pdf)
    completion = tables.completion_table(figures, link=link)
    shown = [Figure(completion, column_chart(completion, for_pdf=for_pdf, max_value=100))]
    knowledge = tables.knowledge_table(figures, link=link)
    if knowledge.rows:
        shown.append(Figure(knowledge, column_chart(knowledge, column=2, max_value=100, for_pdf=for_pdf)))
    enrolled = tables.companies_enrolled_table(figures)
    trained = tables.companies_trained_table(figures)
    shown.append(Figure(enrolled, column_chart(enrolled, for_pdf=for_pdf)))
    if trained.body:
        shown.append(Figure(trained, column_chart(trained, for_pdf=for_pdf)))
    for table in tables.reach_tables(figures, fixed=_published(figures)):
        shown.append(Figure(table, column_chart(table, for_pdf=for_pdf)))
    return shown


def trainings_section(*, period: Period, for_pdf: bool = False) -> Section:
    """The programme's figures over `period`; `Section.empty` when no cohort runs and none ended in the period with
    anyone enrolled. (A company's page shows its own through trainings.figure_tables.company_tables, which breaks
    nothing down by a person's attributes.)"""
    figures = training_figures(starts_on=period.starts_on, ends_on=period.ends_on)
    section = Section(key="trainings", title=_("Training programme"))
    if figures.is_empty:
        section.empty = _("No cohort is running, and none with people enrolled ended in %(period)s.") % {
            "period": period.label
        }
        return section
    section.headlines = _headlines(figures, _links(for_pdf))
    if figures.enrolled:
        section.figures = _figures(figures, for_pdf=for_pdf)
    return section
