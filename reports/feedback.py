"""The feedback section of the dashboard and the report: the scores of the surveys whose subject (a training cohort
or session, a forum edition or its sessions) ended within the period.

Read through the surveys app's own results (surveys.results.survey_scores, which asks surveys.rules.results_visible
for each survey), so a score shows only where the survey's own results page shows it: once closed and, for an
anonymous survey, with at least MIN_RESPONSES responses. A survey held back says so, with no average.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from documents.charts import bar_chart
from documents.tables import Cell, plain_table
from surveys.models import RATING_MAX
from surveys.results import survey_scores
from surveys.rules import MIN_RESPONSES

from .periods import Period
from .sections import Figure, Headline, Section


def _overall(scores) -> Decimal | None:
    """The average of every rating answer of the surveys shown (each survey weighs by its answers)."""
    shown = [score for score in scores if score.average is not None]
    answers = sum(score.ratings for score in shown)
    if not answers:
        return None
    total = sum(score.average * score.ratings for score in shown)
    return (total / answers).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def feedback_section(*, period: Period, for_pdf: bool = False) -> Section:
    """The period's surveys with their responses and average rating (1 to 5); `Section.empty` without a survey."""
    scores = survey_scores(ended_from=period.starts_on, ended_to=period.ends_on)
    section = Section(key="feedback", title=_("Feedback"))
    if not scores:
        section.empty = _("No survey is about something that ended in %(period)s.") % {"period": period.label}
        return section
    link = "" if for_pdf else reverse("surveys_organiser:list")
    overall = _overall(scores)
    section.headlines = [
        Headline(_("Surveys"), Cell(len(scores), link=link), _("about what ended in the period")),
        Headline(_("Responses"), Cell(sum(score.responses for score in scores), link=link)),
        Headline(
            _("Average rating"),
            Cell(None if overall is None else float(overall)),
            _("from 1 to %(max)s, over the surveys shown") % {"max": RATING_MAX},
        ),
    ]
    table = plain_table(
        title=_("Feedback scores"),
        row_heading=_("Survey"),
        columns=[_("Responses"), _("Average rating")],
        rows=[
            (
                score.survey.title,
                [score.responses, None if score.average is None else float(score.average)],
                "" if for_pdf else reverse("surveys_organiser:survey", args=[score.survey.pk]),
            )
            for score in scores
        ],
        key="feedback-scores",
        note=_(
            "Ratings from 1 to 5. “–”: no score shown, as on the survey’s own results page: it is not closed yet, "
            "or, anonymous, it has fewer than %(min)s responses."
        )
        % {"min": MIN_RESPONSES},
    )
    shown = [score for score in scores if score.average is not None]
    chart = ""
    if shown:
        chart = bar_chart(
            name=_("Average rating per survey"),
            labels=[score.survey.title for score in shown],
            values=[float(score.average) for score in shown],
            max_value=RATING_MAX,
            for_pdf=for_pdf,
        )
    section.figures = [Figure(table, chart)]
    return section
