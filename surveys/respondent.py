"""Reads (selectors) of surveys for the person who answers: the invitation behind a link, the survey's questions,
and a signed-in person's open invitations (shown on the cohort page and the forum registration page)."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, Q
from django.utils import timezone

from .models import SurveyInvitation, SurveyItem
from .rules import survey_is_open
from .subjects import survey_parts


def invitation_by_token(token: str) -> SurveyInvitation | None:
    """The invitation of this link, with its survey; None for a wrong token. One query."""
    if not token or len(token) > 64:
        return None
    return SurveyInvitation.objects.select_related("survey").filter(token=token).first()


def survey_items(invitation: SurveyInvitation) -> list[SurveyItem]:
    """The survey's questions in order, with their options. Two queries."""
    return list(
        invitation.survey.items.select_related("question")
        .prefetch_related(Prefetch("question__options"))
        .order_by("position")
    )


def open_invitations(
    *, user, subjects: list[tuple[str, int]], now: datetime.datetime | None = None
) -> list[SurveyInvitation]:
    """`user`'s invitations to surveys about any of `subjects` [(kind name, subject id)] that are open and not
    answered yet, each with `part` (what it is about, for the link's label). One query, and the subject's parts once
    per survey found."""
    if not getattr(user, "is_authenticated", False) or not subjects:
        return []
    about = Q()
    for kind, subject_id in subjects:
        about |= Q(survey__subject_kind=kind, survey__subject_id=subject_id)
    invitations = (
        SurveyInvitation.objects.filter(about, user=user, has_answered=False)
        .select_related("survey")
        .order_by("survey__pk", "part_id")
    )
    found, parts = [], {}
    for invitation in invitations:
        if invitation.survey_id not in parts:
            parts[invitation.survey_id] = {part.id: part for part in survey_parts(invitation.survey)}
        invitation.part = parts[invitation.survey_id].get(invitation.part_id)
        if survey_is_open(invitation.survey, invitation.part, now or timezone.now()):
            found.append(invitation)
    return found
