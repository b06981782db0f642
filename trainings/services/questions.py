"""Writes of a course's question bank and of its test settings: questions written and edited in the site (versioned
once answered, as certificate templates are), retired and restored; the pre-test's and post-test's settings.

A question's newest version is the one drawn in new attempts. Editing a question whose newest version has been
drawn in an attempt makes a new version (number + 1, with new choices), so what a person was shown and answered
never changes under them; a version never drawn is edited in place.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from people.models import User

from ..models import Assessment, AttemptQuestion, Choice, Course, Question, QuestionVersion
from ..selectors.questions import question_is_answered

MIN_CHOICES = 2
MAX_CHOICES = 8
# A true-or-false question's two choices, in each language (Khmer: "true" / "not true").
TRUE_FALSE = (("True", "ពិត"), ("False", "មិនពិត"))


@dataclass(frozen=True)
class ChoiceData:
    """One answer as written in the form: its text in each language and whether it is right."""

    text_en: str
    text_km: str = ""
    is_correct: bool = False


def _as_choice(value) -> ChoiceData:
    if isinstance(value, ChoiceData):
        return value
    return ChoiceData(
        text_en=(value.get("text_en") or "").strip(),
        text_km=(value.get("text_km") or "").strip(),
        is_correct=bool(value.get("is_correct")),
    )


def choices_checked(*, kind: str, choices) -> list[ChoiceData]:
    """The choices as stored for a question of `kind`, or ValidationError({"choices": ...}) saying what is wrong.

    2 to 8 choices, each with its English text; one right choice for a single-choice and a true-or-false question,
    at least one right and one wrong for a multiple-choice one; a true-or-false question has exactly the two choices
    "True" and "False" (their Khmer, when left empty, is filled in: ពិត, មិនពិត)."""
    choices = [_as_choice(choice) for choice in choices]
    problems = []
    if any(not choice.text_en for choice in choices):
        problems.append(_("Every answer needs its English text."))
    if kind == Question.Kind.TRUE_FALSE:
        choices = _true_false(choices, problems)
    elif not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
        problems.append(_("Give between %(min)s and %(max)s answers.") % {"min": MIN_CHOICES, "max": MAX_CHOICES})
    right = sum(1 for choice in choices if choice.is_correct)
    if kind == Question.Kind.MULTIPLE:
        if right < 1 or right == len(choices):
            problems.append(_("Mark at least one answer right and at least one wrong."))
    elif right != 1:
        problems.append(_("Mark exactly one answer right."))
    if problems:
        raise ValidationError({"choices": problems})
    return choices


def _true_false(choices: list[ChoiceData], problems: list) -> list[ChoiceData]:
    english = [choice.text_en.casefold() for choice in choices]
    if sorted(english) != ["false", "true"]:
        problems.append(_("A true-or-false question has exactly two answers: “True” and “False”."))
        return choices
    checked = []
    for choice in choices:
        en, km = next(pair for pair in TRUE_FALSE if pair[0].casefold() == choice.text_en.casefold())
        if choice.text_km and choice.text_km != km:
            problems.append(_("In Khmer, the answers of a true-or-false question are “ពិត” and “មិនពិត”."))
        checked.append(ChoiceData(text_en=en, text_km=km, is_correct=choice.is_correct))
    return checked


def _content_checked(
    *, kind: str, text_en: str, text_km: str = "", explanation_en: str = "", explanation_km: str = "", choices
) -> tuple[dict, list[ChoiceData]]:
    """(the texts stripped, the choices checked), or ValidationError."""
    if kind not in Question.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of question.")})
    texts = {
        "text_en": (text_en or "").strip(),
        "text_km": (text_km or "").strip(),
        "explanation_en": (explanation_en or "").strip(),
        "explanation_km": (explanation_km or "").strip(),
    }
    if not texts["text_en"]:
        raise ValidationError({"text_en": _("Write the question in English (Khmer is optional).")})
    return texts, choices_checked(kind=kind, choices=choices)


def _write_choices(version: QuestionVersion, choices: list[ChoiceData]) -> None:
    Choice.objects.bulk_create(
        Choice(version=version, position=position, text_en=c.text_en, text_km=c.text_km, is_correct=c.is_correct)
        for position, c in enumerate(choices, start=1)
    )


def _new_version(*, question: Question, number: int, texts: dict, choices: list[ChoiceData], by) -> QuestionVersion:
    version = QuestionVersion(question=question, number=number, created_by=by, **texts)
    version.full_clean(exclude=["question"])
    version.save()
    _write_choices(version, choices)
    return version


@transaction.atomic
def question_create(
    *,
    course: Course,
    kind: str,
    text_en: str,
    text_km: str = "",
    explanation_en: str = "",
    explanation_km: str = "",
    choices,
    by: User | None,
) -> Question:
    """A new question of the course's bank, in use, with its first version. ValidationError when the texts or
    choices break a rule (choices_checked)."""
    texts, checked = _content_checked(
        kind=kind,
        text_en=text_en,
        text_km=text_km,
        explanation_en=explanation_en,
        explanation_km=explanation_km,
        choices=choices,
    )
    question = Question.objects.create(course=course, kind=kind, created_by=by)
    _new_version(question=question, number=1, texts=texts, choices=checked, by=by)
    return question


@transaction.atomic
def question_update(*, question: Question, by: User | None, **content) -> QuestionVersion:
    """Change what the question says (`content`: kind, text_en, text_km, explanation_en, explanation_km and choices,
    as for question_create); returns its newest version.

    When the newest version has been drawn in an attempt, a new version (number + 1) is made with new choices and
    the drawn one stays as it was; otherwise the newest version and its choices are rewritten in place. The kind of
    a question that has been drawn cannot change. The question's row is locked, so two edits at once make one
    version each, in turn; and its newest version's row, so an attempt drawing it at the same moment
    (services.assessments.attempt_start) is seen, or waits and reads the edit."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    # The newest version's row too, as attempt_start locks the versions it draws: "drawn" is then final here (an
    # attempt drawing it now is either committed and seen, or waits for this edit and reads what it wrote).
    newest = question.versions.select_for_update().order_by("-number").first()
    drawn = AttemptQuestion.objects.filter(version=newest).exists()
    kind = content.get("kind")
    if kind != question.kind and (drawn or question_is_answered(question)):
        raise ValidationError({"kind": _("This question has been answered: its kind can no longer change.")})
    texts, checked = _content_checked(**content)
    if kind != question.kind:
        question.kind = kind
        question.save(update_fields=["kind"])
    if drawn:
        return _new_version(question=question, number=newest.number + 1, texts=texts, choices=checked, by=by)
    for name, value in texts.items():
        setattr(newest, name, value)
    newest.full_clean(exclude=["question"])
    newest.save()
    newest.choices.all().delete()
    _write_choices(newest, checked)
    return newest


@transaction.atomic
def question_retire(*, question: Question) -> Question:
    """Out of use: no longer drawn in new attempts; the attempts that drew it keep it."""
    Question.objects.filter(pk=question.pk).update(is_active=False)
    question.is_active = False
    return question


@transaction.atomic
def question_restore(*, question: Question) -> Question:
    """Back in use: drawn again in new attempts."""
    Question.objects.filter(pk=question.pk).update(is_active=True)
    question.is_active = True
    return question


ASSESSMENT_FIELDS = (
    "question_count",
    "time_limit_minutes",
    "attempts_allowed",
    "grace_seconds",
    "closes_after_days",
    "is_open",
)


@transaction.atomic
def assessment_save(*, course: Course, kind: str, **settings) -> Assessment:
    """The settings of the course's pre-test or post-test (`kind`), created the first time. `settings`: any of
    ASSESSMENT_FIELDS. Attempts already started keep the time limit and grace they started with. ValidationError
    for a value out of range."""
    unknown = set(settings) - set(ASSESSMENT_FIELDS)
    if unknown:
        raise TypeError(f"assessment_save() got unexpected settings: {sorted(unknown)}")
    if kind not in Assessment.Kind.values:
        raise ValidationError({"kind": _("Choose the pre-test or the post-test.")})
    assessment = Assessment.objects.select_for_update().filter(course=course, kind=kind).first() or Assessment(
        course=course, kind=kind
    )
    for name, value in settings.items():
        setattr(assessment, name, value)
    assessment.full_clean()
    assessment.save()
    return assessment
