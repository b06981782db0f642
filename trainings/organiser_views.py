"""The organiser console's training pages: courses, cohorts, sessions, enrolments, scores and completion."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from people.permissions import OrganiserRequiredMixin

from .errors import TrainingError
from .forms import CohortForm, CourseForm, ScoresForm, TrainingSessionForm
from .models import Cohort, Course, Enrollment, TrainingSession
from .selectors import cohorts as selectors
from .selectors.enrolment import cohort_enrollments
from .services import completion, courses
from .services.enrolment import enrollment_withdraw


def _model_data(form) -> dict:
    return {name: form.cleaned_data[name] for name in form._meta.fields if name in form.cleaned_data}


class IndexView(OrganiserRequiredMixin, TemplateView):
    template_name = "trainings/organiser/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["courses"] = selectors.organiser_course_list()
        context["cohorts"] = selectors.organiser_cohort_list()
        return context


class _ServiceFormView(OrganiserRequiredMixin, FormView):
    """A model form whose save goes through a service; ValidationErrors land on the form."""

    template_name = "trainings/organiser/form.html"
    heading = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["heading"] = self.heading
        return context

    def form_valid(self, form):
        try:
            obj = self.save(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect(self.success_url_for(obj))


class CourseCreateView(_ServiceFormView):
    form_class = CourseForm

    @property
    def heading(self):
        return _("New course")

    def save(self, form):
        return courses.course_create(data=_model_data(form))

    def success_url_for(self, course):
        return "trainings_organiser:index"


class CourseUpdateView(_ServiceFormView):
    form_class = CourseForm

    @property
    def heading(self):
        return _("Edit course")

    def get_form_kwargs(self):
        self.course = get_object_or_404(Course, pk=self.kwargs["pk"])
        return super().get_form_kwargs() | {"instance": self.course}

    def save(self, form):
        return courses.course_update(course=get_object_or_404(Course, pk=self.kwargs["pk"]), data=_model_data(form))

    def success_url_for(self, course):
        return "trainings_organiser:index"


class CourseDeleteView(OrganiserRequiredMixin, View):
    def post(self, request, pk: int):
        course = get_object_or_404(Course, pk=pk)
        try:
            courses.course_delete(course=course)
        except TrainingError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The course has been deleted."))
        return redirect("trainings_organiser:index")


class CohortCreateView(_ServiceFormView):
    form_class = CohortForm

    @property
    def heading(self):
        return _("New cohort")

    def save(self, form):
        return courses.cohort_save(data=_model_data(form), trainers=form.cleaned_data["trainers"])

    def success_url_for(self, cohort):
        return cohort_url(cohort)


class CohortUpdateView(_ServiceFormView):
    form_class = CohortForm

    @property
    def heading(self):
        return _("Edit cohort")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": get_object_or_404(Cohort, pk=self.kwargs["pk"])}

    def save(self, form):
        cohort = get_object_or_404(Cohort, pk=self.kwargs["pk"])
        return courses.cohort_save(cohort=cohort, data=_model_data(form), trainers=form.cleaned_data["trainers"])

    def success_url_for(self, cohort):
        return cohort_url(cohort)


def cohort_url(cohort) -> str:
    from django.urls import reverse

    return reverse("trainings_organiser:cohort", kwargs={"pk": cohort.pk})


class CohortDeleteView(OrganiserRequiredMixin, View):
    def post(self, request, pk: int):
        cohort = get_object_or_404(Cohort, pk=pk)
        try:
            courses.cohort_delete(cohort=cohort)
        except TrainingError as error:
            messages.error(request, error.message)
            return redirect("trainings_organiser:cohort", pk=pk)
        messages.success(request, _("The cohort has been deleted."))
        return redirect("trainings_organiser:index")


class CohortView(OrganiserRequiredMixin, View):
    """A cohort: its sessions (with a form to add one), enrolments with scores, and the decision."""

    def get(self, request, pk: int):
        return self.render_page(pk)

    def render_page(self, pk: int, session_form=None, scores_form=None, status: int = 200):
        cohort = selectors.cohort_get(pk=pk)
        enrollments = list(cohort_enrollments(cohort=cohort))
        if scores_form is None:
            scores_form = ScoresForm(enrollments=enrollments)
        else:
            for enrollment in enrollments:
                if f"score_{enrollment.pk}" in scores_form.fields:
                    enrollment.score_field = scores_form[f"score_{enrollment.pk}"]
        context = {
            "cohort": cohort,
            "sessions": list(cohort.sessions.all()),
            "enrollments": enrollments,
            "session_form": session_form or TrainingSessionForm(),
            "scores_form": scores_form,
        }
        return render(self.request, "trainings/organiser/cohort.html", context, status=status)


class SessionCreateView(CohortView):
    def post(self, request, pk: int):
        cohort = get_object_or_404(Cohort, pk=pk)
        form = TrainingSessionForm(request.POST, instance=TrainingSession(cohort=cohort))
        if form.is_valid():
            try:
                courses.session_create(cohort=cohort, data=_model_data(form))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The session has been added."))
                return redirect("trainings_organiser:cohort", pk=pk)
        return self.render_page(pk, session_form=form)


class SessionUpdateView(_ServiceFormView):
    form_class = TrainingSessionForm

    @property
    def heading(self):
        return _("Edit session")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": get_object_or_404(TrainingSession, pk=self.kwargs["pk"])}

    def save(self, form):
        session = get_object_or_404(TrainingSession, pk=self.kwargs["pk"])
        return courses.session_update(session=session, data=_model_data(form))

    def success_url_for(self, session):
        return cohort_url(session.cohort)


class SessionDeleteView(OrganiserRequiredMixin, View):
    def post(self, request, pk: int):
        session = get_object_or_404(TrainingSession, pk=pk)
        try:
            courses.session_delete(session=session)
        except TrainingError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The session has been deleted."))
        return redirect("trainings_organiser:cohort", pk=session.cohort_id)


class ScoresView(CohortView):
    def post(self, request, pk: int):
        cohort = get_object_or_404(Cohort, pk=pk)
        enrollments = list(Enrollment.objects.filter(cohort=cohort).select_related("user"))
        form = ScoresForm(request.POST, enrollments=enrollments)
        if not form.is_valid():
            return self.render_page(pk, scores_form=form)
        changed = completion.enrollment_scores_record(cohort=cohort, scores=form.scores())
        messages.success(request, _("Scores saved (%(count)s changed).") % {"count": changed})
        if changed and cohort.completion_decided_at is not None:
            messages.info(request, _("Completion was decided before: decide again to apply the corrected scores."))
        return redirect("trainings_organiser:cohort", pk=pk)


class DecideView(OrganiserRequiredMixin, View):
    def post(self, request, pk: int):
        cohort = get_object_or_404(Cohort, pk=pk)
        try:
            newly_completed = completion.cohort_decide_completion(cohort=cohort, force=True)
        except TrainingError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Completion decided. Newly completed: %(count)s.") % {"count": len(newly_completed)},
            )
        return redirect("trainings_organiser:cohort", pk=pk)


class EnrollmentWithdrawView(OrganiserRequiredMixin, View):
    def post(self, request, pk: int):
        enrollment = get_object_or_404(Enrollment, pk=pk)
        enrollment_withdraw(enrollment=enrollment, by=request.user, allow_decided=True)
        messages.success(request, _("%(person)s has been withdrawn.") % {"person": enrollment.user})
        return redirect("trainings_organiser:cohort", pk=enrollment.cohort_id)
