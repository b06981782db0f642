"""Reads (selectors) of surveys for the person who answers: the invitation behind a link, the survey's questions,
and a signed-in person's open invitations (shown on the cohort page and the forum registration page)."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch
from django.utils import timezone

from .models import SurveyInvitation, SurveyItem
from .rules import survey_is_open
from .subjects import survey_part


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
    *, user, subject_kind: str, subject_id: int, now: datetime.datetime | None = None
) -> list[SurveyInvitation]:
    """`user`'s invitations to surveys about this subject that are still open and not answered, each with `part`
    (its subject's part) for the link's label. One query, and the subject's parts once per survey."""
    now = now or timezone.now()
    invitations = (
        SurveyInvitation.objects.filter(
            user=user, answered_on__isnull=True, survey__subject_kind=subject_kind, survey__subject_id=subject_id
        )
        .select_related("survey")
        .order_by("survey__pk", "part_id")
    )
    found, parts = [], {}
    for invitation in invitations:
        key = (invitation.survey_id, invitation.part_id)
        if key not in parts:
            parts[key] = survey_part(invitation.survey, invitation.part_id)
        invitation.part = parts[key]
        if survey_is_open(invitation.survey, invitation.part, now):
            found.append(invitation)
    return found
