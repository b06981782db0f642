"""The organiser's survey pages: the question library, the surveys with their counts, the builder, a survey's page
with its results (surveys/results_views.py renders them for every reader)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from people.errors import action_done, form_submit
from people.permissions import OrganiserRequiredMixin

from .builder import (
    question_is_answered,
    survey_create,
    survey_delete,
    survey_is_editable,
    survey_question_create,
    survey_question_update,
)
from .builder_forms import QuestionForm, SurveyForm
from .models import Survey, SurveyQuestion
from .results import question_library, questions_offered, subject_choices, survey_list, survey_results
from .subjects import subject_kind


class SurveyListView(OrganiserRequiredMixin, View):
    def get(self, request):
        return render(request, "surveys/organiser/list.html", {"surveys": survey_list()})


class QuestionListView(OrganiserRequiredMixin, View):
    def get(self, request):
        return render(request, "surveys/organiser/questions.html", {"questions": question_library()})


class QuestionFormView(OrganiserRequiredMixin, View):
    """A new question (no `pk`) or an existing one's edit."""

    def question(self) -> SurveyQuestion | None:
        return get_object_or_404(SurveyQuestion, pk=self.kwargs["pk"]) if "pk" in self.kwargs else None

    def page(self, form, question):
        answered = question is not None and question_is_answered(question)
        context = {"form": form, "question": question, "answered": answered}
        return render(self.request, "surveys/organiser/question_form.html", context)

    def get(self, request, **kwargs):
        question = self.question()
        return self.page(QuestionForm(instance=question), question)

    def post(self, request, **kwargs):
        question = self.question()
        form = QuestionForm(request.POST, instance=question or SurveyQuestion())
        if question is None:
            done, _saved = form_submit(form, survey_question_create, **{})
        else:
            done, _saved = form_submit(form, survey_question_update, question=question)
        if done:
            messages.success(request, _("The question is saved."))
            return redirect("surveys_organiser:questions")
        return self.page(form, question)


def _create(*, form: SurveyForm, by, **_cleaned):
    return survey_create(**form.builder_arguments(), by=by)


class SurveyCreateView(OrganiserRequiredMixin, View):
    def form(self, data=None):
        return SurveyForm(data, subjects=subject_choices(), questions=questions_offered())

    def get(self, request):
        return render(request, "surveys/organiser/survey_form.html", {"form": self.form()})

    def post(self, request):
        form = self.form(request.POST)
        done, survey = form_submit(form, _create, form=form, by=request.user)
        if done:
            messages.success(request, _("The survey is saved. Its invitations go out when what it is about ends."))
            return redirect("surveys_organiser:survey", pk=survey.pk)
        return render(request, "surveys/organiser/survey_form.html", {"form": form})


class SurveyDetailView(OrganiserRequiredMixin, View):
    def get(self, request, pk: int):
        survey = get_object_or_404(Survey, pk=pk)
        kind = subject_kind(survey.subject_kind)
        context = {
            "survey": survey,
            "subject": kind.describe(survey.subject_id) if kind else None,
            "results": survey_results(survey),
            "editable": survey_is_editable(survey),
        }
        return render(request, "surveys/organiser/survey_detail.html", context)


class SurveyDeleteView(OrganiserRequiredMixin, View):
    def post(self, request, pk: int):
        survey = get_object_or_404(Survey, pk=pk)
        if action_done(request, survey_delete, _("The survey is deleted."), survey=survey):
            return redirect("surveys_organiser:list")
        return redirect("surveys_organiser:survey", pk=pk)
