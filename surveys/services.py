"""Writes of surveys: the invitations sent to who attended once a survey opens, the one reminder, and a response.

A response to an anonymous survey keeps nothing that leads back to the person: no user, no invitation, no language,
a random id and the date only; the invitation records that its person has answered, not when.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .errors import SurveyAlreadyAnswered, SurveyAnswersInvalid, SurveyClosed
from .models import RATING_MAX, RATING_MIN, Survey, SurveyAnswer, SurveyInvitation, SurveyQuestion, SurveyResponse
from .rules import survey_is_open, window_to_record
from .subjects import Part, subject_kind, subject_kinds, survey_part, survey_parts
from .tasks import send_survey_email

TEXT_MAX = 4000
_REQUIRED = _("Please answer this question.")
_TOO_LONG = _("Please keep your answer to %(max)s characters.")
_NOT_A_RATING = _("Choose a rating from 1 to 5.")
_NOT_AN_OPTION = _("Choose one of the answers offered.")


def _send(invitations: list[SurveyInvitation], *, template: str) -> None:
    """Each invitation's e-mail queued by its number (surveys.tasks; rendered in the worker, in its language)."""
    for invitation in invitations:
        send_survey_email.enqueue(invitation_id=invitation.pk, template=template)


def _open_parts(survey: Survey, parts: list[Part], now: datetime.datetime) -> list[Part]:
    return [part for part in parts if survey_is_open(survey, part, now)]


def _not_closed(now: datetime.datetime):
    """The surveys of a registered kind not recorded as closed by `now` (a closed one has nothing left to send)."""
    return Survey.objects.filter(Q(closed_at__isnull=True) | Q(closed_at__gt=now), subject_kind__in=_registered())


def _language(user) -> str:
    codes = dict(settings.LANGUAGES)
    return user.language if user.language in codes else settings.LANGUAGE_CODE


def _invite(survey: Survey, part: Part, now: datetime.datetime) -> int:
    """The part's missing invitations, created and e-mailed once (the caller holds the survey's row lock)."""
    kind = subject_kind(survey.subject_kind)
    invited = SurveyInvitation.objects.filter(survey=survey, part_id=part.id).values("user")
    people = list(kind.audience(part.id).exclude(pk__in=invited).order_by("pk"))
    invitations = SurveyInvitation.objects.bulk_create(
        SurveyInvitation(survey=survey, user=person, part_id=part.id, language=_language(person), sent_at=now)
        for person in people
    )
    _send(invitations, template="invitation")
    return len(invitations)


@transaction.atomic
def _survey_run(survey: Survey, parts: list[Part], now: datetime.datetime) -> int:
    """Under the survey's row lock (two runs at once record once and invite each person once): what has happened of
    its window recorded (rules.window_to_record: from then on it no longer follows the subject's dates), then each
    open part's missing invitations."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    ends, closed_at = window_to_record(survey, parts, now)
    changed = ["part_ends"] if ends else []
    survey.part_ends = {**survey.part_ends, **ends}
    if closed_at is not None:
        survey.closed_at = closed_at
        changed.append("closed_at")
    sent = sum(_invite(survey, part, now) for part in _open_parts(survey, parts, now))
    if sent and survey.invitations_sent_at is None:
        survey.invitations_sent_at = now
        changed.append("invitations_sent_at")
    if changed:
        survey.save(update_fields=changed)
    return sent


def survey_invitations_send(*, now: datetime.datetime | None = None) -> int:
    """For each survey and each part whose window is open: invite, once, whoever attended and has no invitation
    yet (marked present later, invited on a later run while it is open), by e-mail in their language. Records each
    part's end once its window opens and when the survey closes (rules.window_to_record), so that a closed survey
    stays closed whatever its subject's dates become. Returns how many were invited. Idempotent
    (settings.PERIODIC_JOBS)."""
    now = now or timezone.now()
    sent = 0
    for survey in _not_closed(now).order_by("pk"):
        parts = survey_parts(survey)
        if window_to_record(survey, parts, now) != ({}, None) or _open_parts(survey, parts, now):
            sent += _survey_run(survey, parts, now)
    return sent


def _registered() -> list[str]:
    return [kind.name for kind in subject_kinds()]


@transaction.atomic
def _remind(survey: Survey, part: Part, now: datetime.datetime) -> int:
    due = now - datetime.timedelta(days=survey.reminder_after_days)
    invitations = list(
        SurveyInvitation.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(survey=survey, part_id=part.id, has_answered=False, reminded_at__isnull=True, sent_at__lte=due)
        .order_by("pk")
    )
    _send(invitations, template="reminder")
    SurveyInvitation.objects.filter(pk__in=[invitation.pk for invitation in invitations]).update(reminded_at=now)
    if invitations:
        Survey.objects.filter(pk=survey.pk).update(reminders_sent_at=now)
    return len(invitations)


def survey_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """One reminder, `reminder_after_days` after the invitation, to each person who has not answered, while the
    survey is open for their part. Returns how many were reminded. Idempotent (settings.PERIODIC_JOBS)."""
    now = now or timezone.now()
    reminded = 0
    for survey in _not_closed(now).filter(invitations_sent_at__isnull=False).order_by("pk"):
        for part in _open_parts(survey, survey_parts(survey), now):
            reminded += _remind(survey, part, now)
    return reminded


def _answer(item, value) -> tuple[SurveyAnswer | None, str]:
    """The answer to `item` from the submitted `value` ("" or None: none), or the message saying what is wrong."""
    value = "" if value is None else str(value).strip()
    if not value:
        return None, str(_REQUIRED) if item.required else ""
    kind = item.question.kind
    if kind == SurveyQuestion.Kind.TEXT:
        if len(value) > TEXT_MAX:
            return None, str(_TOO_LONG) % {"max": TEXT_MAX}
        return SurveyAnswer(item=item, text=value), ""
    if kind == SurveyQuestion.Kind.RATING:
        rating = int(value) if value.isascii() and value.isdigit() else 0  # "²".isdigit(), yet int("²") fails
        if not RATING_MIN <= rating <= RATING_MAX:
            return None, str(_NOT_A_RATING)
        return SurveyAnswer(item=item, rating=rating), ""
    option = next((option for option in item.question.options.all() if str(option.pk) == value), None)
    if option is None:
        return None, str(_NOT_AN_OPTION)
    return SurveyAnswer(item=item, option=option), ""


@transaction.atomic
def response_submit(
    *, invitation: SurveyInvitation, answers: dict, now: datetime.datetime | None = None
) -> SurveyResponse:
    """Record the person's answers ({item id: value}: a rating 1-5, an option's id, a text of at most 4000
    characters), once, while the survey is open for the invitation's part. Under the invitation's row lock: two
    submits at once make one response, the second is refused as already answered. An anonymous survey's response
    has no respondent and nothing else linking it to the invitation (today's date on the response only)."""
    now = now or timezone.now()
    invitation = SurveyInvitation.objects.select_for_update().select_related("survey", "user").get(pk=invitation.pk)
    survey = invitation.survey
    if invitation.has_answered:
        raise SurveyAlreadyAnswered()
    if not survey_is_open(survey, survey_part(survey, invitation.part_id), now):
        raise SurveyClosed()
    items = survey.items.select_related("question").prefetch_related("question__options").order_by("position")
    given = {str(key): value for key, value in answers.items()}
    errors, kept = {}, []
    for item in items:
        answer, error = _answer(item, given.get(str(item.pk)))
        if error:
            errors[item.pk] = error
        elif answer is not None:
            kept.append(answer)
    if errors:
        raise SurveyAnswersInvalid(errors)
    today = timezone.localdate(now)
    response = SurveyResponse.objects.create(
        survey=survey,
        part_id=invitation.part_id,
        submitted_on=today,
        respondent=None if survey.is_anonymous else invitation.user,
    )
    for answer in kept:
        answer.response = response
    SurveyAnswer.objects.bulk_create(kept)
    invitation.has_answered = True
    invitation.save(update_fields=["has_answered"])
    return response
