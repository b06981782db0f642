"""A survey's results for those who read them (surveys.permissions): the page, its PDF summary in the reader's
language, and the answers as CSV and XLSX. Nothing of them while surveys.rules.results_visible says no."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View

from documents import exports
from documents.render import pdf_response, render_pdf
from people.access import sheet_revealed
from people.permissions import is_organiser

from .permissions import SurveyReaderMixin
from .results import export_rows, survey_results
from .subjects import subject_kind


def _context(survey, results) -> dict:
    kind = subject_kind(survey.subject_kind)
    return {"survey": survey, "subject": kind.describe(survey.subject_id) if kind else None, "results": results}


class ResultsView(SurveyReaderMixin, View):
    def get(self, request, pk: int):
        context = _context(self.survey, survey_results(self.survey))
        context["is_organiser"] = is_organiser(request.user)
        return render(request, "surveys/results.html", context)


class VisibleResultsMixin(SurveyReaderMixin):
    def visible_results(self):
        results = survey_results(self.survey)
        if not results.visible:
            raise Http404
        return results


class ResultsPdfView(VisibleResultsMixin, View):
    def get(self, request, pk: int):
        language = translation.get_language()
        content = render_pdf(
            "surveys/pdf/results.html", _context(self.survey, self.visible_results()), language=language
        )
        return pdf_response(content, f"survey-{self.survey.pk}-{language}.pdf")


class AnswersExportView(VisibleResultsMixin, View):
    """One row per response (a random id; in an anonymous survey neither a date nor anyone's name), formula-safe."""

    kind = "csv"

    def get(self, request, pk: int):
        self.visible_results()
        header, rows = export_rows(self.survey)
        filename = f"survey-{self.survey.pk}-answers"
        if not self.survey.is_anonymous:  # each response names its respondent: written in the access log
            subject = _("Answers to the survey %(survey)s") % {"survey": self.survey.title}
            return sheet_revealed(
                request, self.kind, filename=filename, header=header, rows=rows, title=_("Answers"), subject=subject
            )
        if self.kind == "xlsx":
            return exports.xlsx_response(filename + ".xlsx", header, rows, sheet_title=_("Answers"))
        return exports.csv_response(filename + ".csv", header, rows)
