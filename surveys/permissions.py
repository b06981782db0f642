"""Who reads a survey's results: organisers (with two-factor) and the subject's readers (a cohort's trainers, as its
kind says: surveys.subjects.SubjectKind.readers). Everyone else gets 404; the anonymous visitor logs in first."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from people.permissions import is_organiser

from .models import Survey
from .subjects import subject_kind


def may_read_results(user, survey: Survey) -> bool:
    if is_organiser(user):
        return True
    kind = subject_kind(survey.subject_kind)
    return kind is not None and kind.readers(user, survey.subject_id)


class SurveyReaderMixin(LoginRequiredMixin):
    """The survey of the URL's `pk`, for those who read its results; 404 for everyone else."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_read_results(request.user, self.survey):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def survey(self) -> Survey:
        return get_object_or_404(Survey, pk=self.kwargs["pk"])
