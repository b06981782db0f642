"""The organiser's survey builder: reusable questions and the surveys made of them.

A question already answered in any survey keeps its meaning: its wording can be fixed (both languages, its options'
wording), but its kind cannot change and no option can be taken away. A survey's questions can change only until
its first invitation goes out; a survey can be deleted only until then; how long it stays open, only until it opens.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from people.validators import validate_no_control_characters

from .errors import BuilderError
from .models import Survey, SurveyAnswer, SurveyItem, SurveyOption, SurveyQuestion
from .rules import survey_has_opened
from .subjects import subject_kind, survey_parts

MIN_OPTIONS, MAX_OPTIONS = 2, 10
OPTION_MAX = SurveyOption._meta.get_field("text_en").max_length


def _clean_options(kind: str, options: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    cleaned = [(en.strip(), (km or "").strip()) for en, km in options if (en or "").strip() or (km or "").strip()]
    if kind != SurveyQuestion.Kind.CHOICE:
        if cleaned:
            raise BuilderError(_("Only a choice question has options."), field="options")
        return []
    if any(not en for en, _km in cleaned):
        raise BuilderError(_("Every option needs its English wording."), field="options")
    if not MIN_OPTIONS <= len(cleaned) <= MAX_OPTIONS:
        raise BuilderError(
            _("A choice question has from %(min)s to %(max)s options.") % {"min": MIN_OPTIONS, "max": MAX_OPTIONS},
            field="options",
        )
    # Saved by bulk_create and update_or_create, which run no model validation: checked here (PostgreSQL refused a
    # longer text with a 500).
    for text in (text for pair in cleaned for text in pair):
        if len(text) > OPTION_MAX:
            raise BuilderError(_("Keep each option to %(max)s characters.") % {"max": OPTION_MAX}, field="options")
        try:
            validate_no_control_characters(text)
        except ValidationError as error:
            raise BuilderError(error.messages[0], field="options") from error
    return cleaned


def _check_text(text_en: str) -> str:
    text_en = (text_en or "").strip()
    if not text_en:
        raise BuilderError(_("The question needs its English wording."), field="text_en")
    return text_en


def question_is_answered(question: SurveyQuestion) -> bool:
    """Whether anyone has answered the question, in any survey."""
    return SurveyAnswer.objects.filter(item__question=question).exists()


@transaction.atomic
def survey_question_create(
    *, kind: str, text_en: str, text_km: str = "", options: Sequence[tuple[str, str]] = (), is_active: bool = True
) -> SurveyQuestion:
    """A new reusable question; a choice question with 2 to 10 options (English required, Khmer optional)."""
    if kind not in SurveyQuestion.Kind.values:
        raise BuilderError(_("Choose what kind of question this is."), field="kind")
    question = SurveyQuestion(
        kind=kind, text_en=_check_text(text_en), text_km=(text_km or "").strip(), is_active=is_active
    )
    cleaned = _clean_options(kind, options)
    question.full_clean()
    question.save()
    SurveyOption.objects.bulk_create(
        SurveyOption(question=question, position=position, text_en=en, text_km=km)
        for position, (en, km) in enumerate(cleaned, start=1)
    )
    return question


@transaction.atomic
def survey_question_update(
    *,
    question: SurveyQuestion,
    kind: str,
    text_en: str,
    text_km: str = "",
    options: Sequence[tuple[str, str]] = (),
    is_active: bool = True,
) -> SurveyQuestion:
    """Fix a question's wording, or change it freely while nobody has answered it. Once answered (under the
    question's row lock, so an answer and an edit do not cross), its kind stays and none of its options goes."""
    question = SurveyQuestion.objects.select_for_update().get(pk=question.pk)
    existing = list(question.options.order_by("position"))
    cleaned = _clean_options(kind, options)
    if question_is_answered(question):
        if kind != question.kind:
            raise BuilderError(_("This question has been answered: its kind cannot change."), field="kind")
        if len(cleaned) < len(existing):
            raise BuilderError(
                _("This question has been answered: its options can be reworded, not taken away."), field="options"
            )
    elif kind not in SurveyQuestion.Kind.values:
        raise BuilderError(_("Choose what kind of question this is."), field="kind")
    question.kind = kind
    question.text_en = _check_text(text_en)
    question.text_km = (text_km or "").strip()
    question.is_active = is_active
    question.full_clean()
    question.save()
    for option in existing[len(cleaned) :]:
        option.delete()
    for position, (en, km) in enumerate(cleaned, start=1):
        SurveyOption.objects.update_or_create(
            question=question, position=position, defaults={"text_en": en, "text_km": km}
        )
    return question


def _check_subject(subject_kind_name: str, subject_id: int) -> None:
    kind = subject_kind(subject_kind_name)
    if kind is None or kind.describe(subject_id) is None:
        raise BuilderError(_("Choose what the survey is about."), field="subject")


def _set_items(survey: Survey, question_ids: Sequence[int], required_ids: Sequence[int]) -> None:
    ids = list(dict.fromkeys(int(pk) for pk in question_ids))
    if not ids:
        raise BuilderError(_("Choose at least one question."), field="questions")
    found = set(SurveyQuestion.objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True))
    if found != set(ids):
        raise BuilderError(_("One of the questions chosen is no longer offered."), field="questions")
    required = {int(pk) for pk in required_ids}
    survey.items.all().delete()
    SurveyItem.objects.bulk_create(
        SurveyItem(survey=survey, question_id=pk, position=position, required=pk in required)
        for position, pk in enumerate(ids, start=1)
    )


@transaction.atomic
def survey_create(
    *,
    subject_kind: str,
    subject_id: int,
    title_en: str,
    title_km: str = "",
    intro_en: str = "",
    intro_km: str = "",
    is_anonymous: bool = True,
    open_days: int = 14,
    reminder_after_days: int = 5,
    question_ids: Sequence[int],
    required_ids: Sequence[int] = (),
    by=None,
) -> Survey:
    """A survey about a registered subject, its questions in the order given (`required_ids` must be answered)."""
    _check_subject(subject_kind, subject_id)
    survey = Survey(
        subject_kind=subject_kind,
        subject_id=subject_id,
        title_en=(title_en or "").strip(),
        title_km=(title_km or "").strip(),
        intro_en=intro_en or "",
        intro_km=intro_km or "",
        is_anonymous=is_anonymous,
        open_days=open_days,
        reminder_after_days=reminder_after_days,
        created_by=by,
    )
    survey.full_clean()
    survey.save()
    _set_items(survey, question_ids, required_ids)
    return survey


def _invited(survey: Survey) -> bool:
    return survey.invitations_sent_at is not None or survey.invitations.exists()


def survey_is_editable(survey: Survey) -> bool:
    """Whether the survey's questions can still change and the survey be deleted: nobody invited yet."""
    return not _invited(survey)


@transaction.atomic
def survey_update(
    *,
    survey: Survey,
    title_en: str,
    title_km: str = "",
    intro_en: str = "",
    intro_km: str = "",
    is_anonymous: bool,
    open_days: int,
    reminder_after_days: int,
    question_ids: Sequence[int],
    required_ids: Sequence[int] = (),
) -> Survey:
    """Change a survey. Its wording changes at any time; how long it stays open only until it opens (then its window
    is fixed, and a closed survey stays closed: surveys.rules); its questions, and whether it is anonymous, only
    until the first invitation is sent (under the survey's row lock, which the sending takes too)."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if open_days != survey.open_days and (_invited(survey) or survey_has_opened(survey, survey_parts(survey))):
        raise BuilderError(_("The survey has opened: how long it stays open can no longer change."), field="open_days")
    if _invited(survey):
        items = list(survey.items.order_by("position").values_list("question_id", "required"))
        wanted = [(int(pk), int(pk) in {int(r) for r in required_ids}) for pk in dict.fromkeys(question_ids)]
        if items != wanted or is_anonymous != survey.is_anonymous:
            raise BuilderError(_("Invitations have gone out: the questions can no longer change."), field="questions")
    survey.title_en = (title_en or "").strip()
    survey.title_km = (title_km or "").strip()
    survey.intro_en, survey.intro_km = intro_en or "", intro_km or ""
    survey.is_anonymous = is_anonymous
    survey.open_days, survey.reminder_after_days = open_days, reminder_after_days
    survey.full_clean()
    survey.save()
    if not _invited(survey):
        _set_items(survey, question_ids, required_ids)
    return survey


@transaction.atomic
def survey_delete(*, survey: Survey) -> None:
    """Delete a survey nobody has been invited to yet."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if _invited(survey):
        raise BuilderError(_("Invitations have gone out: the survey can no longer be deleted."))
    survey.delete()
