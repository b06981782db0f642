"""Public and participants' pages: the catalogue, a cohort's page (enrol, withdraw), a trainer's sessions."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from people.errors import action_done
from people.permissions import MemberRequiredMixin, PublicMixin
from surveys.results import surveys_about

from ..errors import TrainingError
from ..forms.enrolment import SelfEnrolForm
from ..models import Enrollment
from ..permissions import TrainerRequiredMixin
from ..rules import may_enrol
from ..selectors.assessments import participant_tests
from ..selectors.attendance import trainer_sessions
from ..selectors.cohorts import cohort_get, course_catalogue
from ..selectors.enrolment import enrollment_of, sessions_with_my_marks, user_enrollments
from ..selectors.results import trainer_cohorts
from ..services.enrolment import enrollment_self_enrol, enrollment_withdraw
from ..surveys import CohortSubject, cohort_survey_invitations

# --- Public pages -------------------------------------------------------------------------------------------


class CatalogueView(PublicMixin, TemplateView):
    template_name = "trainings/catalogue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["courses"] = course_catalogue()
        if self.request.user.is_authenticated:
            context["my_enrollments"] = user_enrollments(user=self.request.user)
        return context


def _cohort_page(request, cohort_id: int, form=None, status: int = 200):
    cohort = cohort_get(pk=cohort_id)
    enrollment = enrollment_of(cohort=cohort, user=request.user)
    can_enrol = may_enrol(cohort, enrollment)
    if form is None and can_enrol and request.user.is_authenticated:
        form = SelfEnrolForm(cohort=cohort, user=request.user)
    context = {
        "cohort": cohort,
        "course": cohort.course,
        "sessions": sessions_with_my_marks(cohort=cohort, enrollment=enrollment),
        "enrollment": enrollment,
        "can_enrol": can_enrol,
        "form": form,
        "tests": participant_tests(cohort=cohort, enrollment=enrollment),
    }
    context["survey_invitations"] = cohort_survey_invitations(
        cohort=cohort, user=request.user, sessions=context["sessions"]
    )
    return render(request, "trainings/cohort_detail.html", context, status=status)


class CohortDetailView(PublicMixin, View):
    def get(self, request, pk: int):
        return _cohort_page(request, pk)


class CohortEnrolView(MemberRequiredMixin, View):
    """A logged-in person enrols themselves, naming their company (or none)."""

    def post(self, request, pk: int):
        cohort = cohort_get(pk=pk)
        form = SelfEnrolForm(request.POST, cohort=cohort, user=request.user)
        if form.is_valid():
            try:
                enrollment_self_enrol(cohort=cohort, user=request.user, organisation=form.cleaned_data["organisation"])
            except TrainingError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("You are enrolled in %(cohort)s.") % {"cohort": cohort.code})
                return redirect("trainings:cohort", pk=cohort.pk)
        return _cohort_page(request, pk, form=form)


class CohortWithdrawView(MemberRequiredMixin, View):
    def post(self, request, pk: int):
        enrollment = get_object_or_404(Enrollment, cohort_id=pk, user=request.user)
        withdrawn = _("You have withdrawn; your place is free for someone else.")
        action_done(request, enrollment_withdraw, withdrawn, enrollment=enrollment, by=request.user)
        return redirect("trainings:cohort", pk=pk)


# --- Trainers -----------------------------------------------------------------------------------------------


class MySessionsView(TrainerRequiredMixin, TemplateView):
    template_name = "trainings/my_sessions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = trainer_sessions(user=self.request.user)
        context["sections"] = [
            ("today", _("Today"), groups["today"], _("No session today.")),
            ("upcoming", _("Coming up"), groups["upcoming"], _("No session coming up.")),
            ("past", _("Recent sessions"), groups["past"], _("No session in the last 60 days.")),
        ]
        cohorts = list(trainer_cohorts(user=self.request.user))
        # The results of the cohorts' feedback surveys: their trainers read them (trainings.surveys.CohortSubject).
        surveys = surveys_about(subject_kind_name=CohortSubject.name, subject_ids=[cohort.pk for cohort in cohorts])
        for cohort in cohorts:
            cohort.surveys = surveys.get(cohort.pk, [])
        context["cohorts"] = cohorts
        return context
