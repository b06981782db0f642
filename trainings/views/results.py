"""What people learned, for those who teach and run the programme: a cohort's results (its trainers and organisers)
with their CSV and XLSX exports, a course's gain per cohort and company, and the course's test settings (organisers).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from people.access import sheet_revealed
from people.permissions import OrganiserRequiredMixin, is_organiser

from ..forms.questions import AssessmentForm
from ..models import Assessment, Course
from ..permissions import CohortStaffMixin
from ..selectors.questions import questions_in_use
from ..selectors.results import cohort_question_results, cohort_results, course_results, summarise
from ..services.questions import assessment_save


class CohortResultsView(CohortStaffMixin, View):
    def get(self, request, pk: int):
        rows = cohort_results(cohort=self.cohort)
        context = {
            "cohort": self.cohort,
            "course": self.cohort.course,
            "rows": rows,
            "summary": summarise(rows),
            "questions": cohort_question_results(cohort=self.cohort),
            "is_organiser": is_organiser(request.user),
        }
        return render(request, "trainings/results/cohort.html", context)


def _score(value) -> int | str:
    return "" if value is None else value


class CohortResultsExportView(CohortStaffMixin, View):
    """A cohort's results, one row per person, as CSV or XLSX (documents.exports: every cell spreadsheet-safe)."""

    kind = "csv"

    def get(self, request, pk: int):
        cohort = self.cohort
        header = [
            _("Family name"),
            _("Given name"),
            _("Name in own script"),
            _("E-mail"),
            _("Company"),
            _("Status"),
            _("Best pre-test score (%)"),
            _("Best post-test score (%)"),
            _("Gain (points)"),
            _("Pre-test attempts"),
            _("Post-test attempts"),
        ]
        body = [
            [
                row.user.family_name,
                row.user.given_name,
                row.user.native_name,
                row.user.email,
                row.organisation.name if row.organisation else "",
                row.get_status_display(),
                _score(row.best_pre),
                _score(row.best_post),
                _score(row.gain),
                row.pre_attempts,
                row.post_attempts,
            ]
            for row in cohort_results(cohort=cohort)
        ]
        subject, title = _("Results of cohort %(cohort)s") % {"cohort": cohort.code}, _("Results")
        filename = f"results-{cohort.code}"
        return sheet_revealed(
            request, self.kind, filename=filename, header=header, rows=body, title=title, subject=subject
        )


class CourseResultsView(OrganiserRequiredMixin, View):
    """A course's knowledge gained per cohort and per company, with links to each cohort's results."""

    def get(self, request, pk: int):
        course = get_object_or_404(Course, pk=pk)
        results = course_results(course=course)
        groups = [
            ("by-cohort", _("Gain per cohort"), _("Cohort"), results["cohorts"]),
            ("by-company", _("Gain per company"), _("Company"), results["companies"]),
        ]
        context = {"course": course, "groups": groups}
        return render(request, "trainings/results/course.html", context)


class AssessmentSettingsView(OrganiserRequiredMixin, View):
    """The settings of a course's pre-test or post-test (`kind` in the URL), made the first time they are saved."""

    def load(self, pk: int, kind: str) -> tuple[Course, Assessment]:
        if kind not in Assessment.Kind.values:
            raise Http404
        course = get_object_or_404(Course, pk=pk)
        return course, Assessment.objects.filter(course=course, kind=kind).first() or Assessment(
            course=course, kind=kind
        )

    def page(self, form, course, kind, status=200):
        context = {"form": form, "course": course, "kind_label": Assessment.Kind(kind).label}
        return render(self.request, "trainings/results/assessment_form.html", context, status=status)

    def get(self, request, pk: int, kind: str):
        course, assessment = self.load(pk, kind)
        return self.page(AssessmentForm(instance=assessment, kind=kind), course, kind)

    def post(self, request, pk: int, kind: str):
        course, assessment = self.load(pk, kind)
        form = AssessmentForm(request.POST, instance=assessment, kind=kind)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.fields}
            try:
                assessment_save(course=course, kind=kind, **data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The test's settings are saved."))
                in_use = questions_in_use(course=course)
                if in_use < form.cleaned_data["question_count"]:
                    messages.warning(
                        request,
                        ngettext(
                            "The bank has %(count)s question in use: until more are written, attempts draw it.",
                            "The bank has %(count)s questions in use: until more are written, attempts draw those.",
                            in_use,
                        )
                        % {"count": in_use},
                    )
                if not course.has_assessment and kind == Assessment.Kind.POST:
                    messages.info(
                        request,
                        _(
                            "The course has no assessment in its completion rule: the post-test's score decides "
                            "nothing yet."
                        ),
                    )
                return redirect(reverse("trainings_organiser:course_results", kwargs={"pk": course.pk}))
        return self.page(form, course, kind)
