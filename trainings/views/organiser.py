"""The organiser console's training pages: courses, cohorts, sessions, enrolments, scores and completion."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from people.permissions import OrganiserRequiredMixin

from ..errors import TrainingError
from ..forms.courses import CohortForm, CourseForm, ScoresForm, TrainingSessionForm
from ..models import Cohort, Course, Enrollment, TrainingSession
from ..selectors.certificates import cohort_certificates_summary
from ..selectors.cohorts import cohort_get, organiser_cohort_list, organiser_course_list
from ..selectors.enrolment import cohort_enrollments
from ..services import completion, courses
from ..services.enrolment import enrollment_withdraw

INDEX = "trainings_organiser:index"


def _model_data(form) -> dict:
    return {name: form.cleaned_data[name] for name in form._meta.fields if name in form.cleaned_data}


def _cohort_url(cohort_id: int) -> str:
    return reverse("trainings_organiser:cohort", kwargs={"pk": cohort_id})


class IndexView(OrganiserRequiredMixin, TemplateView):
    template_name = "trainings/organiser/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["courses"] = organiser_course_list()
        context["cohorts"] = organiser_cohort_list()
        return context


# --- Courses, cohorts and sessions: one form page, one delete button each --------------------------------------


class _ServiceFormView(OrganiserRequiredMixin, FormView):
    """A model form whose save goes through a service; ValidationErrors land on the form.

    With `model`, the page edits the row of the URL's `pk` (`self.object`); `save` gets a fresh copy of it, so
    the service applies the form's data to the row as it is stored.
    """

    template_name = "trainings/organiser/form.html"
    model: type[models.Model] | None = None
    heading = ""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.model is not None:
            kwargs["instance"] = get_object_or_404(self.model, pk=self.kwargs["pk"])
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"heading": self.heading}

    def stored(self):
        return get_object_or_404(self.model, pk=self.kwargs["pk"])

    def form_valid(self, form):
        try:
            obj = self.save(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect(self.success_url_for(obj))

    def save(self, form):
        raise NotImplementedError

    def success_url_for(self, obj) -> str:
        return reverse(INDEX)


class CourseCreateView(_ServiceFormView):
    form_class = CourseForm
    heading = gettext_lazy("New course")

    def save(self, form):
        return courses.course_create(data=_model_data(form))


class CourseUpdateView(_ServiceFormView):
    form_class = CourseForm
    model = Course
    heading = gettext_lazy("Edit course")

    def save(self, form):
        return courses.course_update(course=self.stored(), data=_model_data(form))


class CohortCreateView(_ServiceFormView):
    form_class = CohortForm
    heading = gettext_lazy("New cohort")

    def save(self, form):
        return courses.cohort_save(data=_model_data(form), trainers=form.cleaned_data["trainers"])

    def success_url_for(self, cohort):
        return _cohort_url(cohort.pk)


class CohortUpdateView(CohortCreateView):
    model = Cohort
    heading = gettext_lazy("Edit cohort")

    def save(self, form):
        return courses.cohort_save(cohort=self.stored(), data=_model_data(form), trainers=form.cleaned_data["trainers"])


class SessionUpdateView(_ServiceFormView):
    form_class = TrainingSessionForm
    model = TrainingSession
    heading = gettext_lazy("Edit session")

    def save(self, form):
        return courses.session_update(session=self.stored(), data=_model_data(form))

    def success_url_for(self, session):
        return _cohort_url(session.cohort_id)


class _DeleteView(OrganiserRequiredMixin, View):
    """POST: delete the row of the URL's `pk` through its service; a refusal (HasDependants) is shown instead."""

    model: type[models.Model]
    deleted_message = ""

    def delete(self, obj) -> None:
        raise NotImplementedError

    def refused_url(self, obj) -> str:
        return reverse(INDEX)

    def deleted_url(self, obj) -> str:
        return reverse(INDEX)

    def post(self, request, pk: int):
        obj = get_object_or_404(self.model, pk=pk)
        try:
            self.delete(obj)
        except TrainingError as error:
            messages.error(request, error.message)
            return redirect(self.refused_url(obj))
        messages.success(request, self.deleted_message)
        return redirect(self.deleted_url(obj))


class CourseDeleteView(_DeleteView):
    model = Course
    deleted_message = gettext_lazy("The course has been deleted.")

    def delete(self, course):
        courses.course_delete(course=course)


class CohortDeleteView(_DeleteView):
    model = Cohort
    deleted_message = gettext_lazy("The cohort has been deleted.")

    def delete(self, cohort):
        courses.cohort_delete(cohort=cohort)

    def refused_url(self, cohort):
        return _cohort_url(cohort.pk)


class SessionDeleteView(_DeleteView):
    model = TrainingSession
    deleted_message = gettext_lazy("The session has been deleted.")

    def delete(self, session):
        courses.session_delete(session=session)

    def refused_url(self, session):
        return _cohort_url(session.cohort_id)

    deleted_url = refused_url


# --- A cohort's page: sessions, enrolments with scores, certificates, the decision ---------------------------


class CohortView(OrganiserRequiredMixin, View):
    """A cohort: its sessions (with a form to add one), enrolments with scores, and the decision."""

    def get(self, request, pk: int):
        return self.render_page(pk)

    def render_page(self, pk: int, session_form=None, scores_form=None, status: int = 200):
        cohort = cohort_get(pk=pk)
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
            "certificates": cohort_certificates_summary(enrollments=enrollments),
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
                return redirect(_cohort_url(pk))
        return self.render_page(pk, session_form=form)


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
        return redirect(_cohort_url(pk))


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
        return redirect(_cohort_url(pk))


class EnrollmentWithdrawView(OrganiserRequiredMixin, View):
    def post(self, request, pk: int):
        enrollment = get_object_or_404(Enrollment, pk=pk)
        enrollment_withdraw(enrollment=enrollment, by=request.user, allow_decided=True)
        messages.success(request, _("%(person)s has been withdrawn.") % {"person": enrollment.user})
        return redirect(_cohort_url(enrollment.cohort_id))
