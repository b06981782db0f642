"""Demo surveys' common ground: the question library a ministry's programme would use, and a survey seeded through
the services (built, invitations sent when its subject ended, answered by the people invited), so its results
pages show figures. The owning apps call `survey_seed` about their subjects (trainings/demo_surveys.py,
forum/demo/surveys.py). Idempotent: a survey with the same title about the same subject is left as it is.
"""

from __future__ import annotations

import datetime
from itertools import cycle

from django.utils import timezone

from .builder import survey_create, survey_question_create
from .models import Survey, SurveyQuestion
from .rules import survey_window
from .services import response_submit, survey_invitations_send
from .subjects import survey_parts

# key: (kind, English, Khmer, options as (English, Khmer))
QUESTIONS = {
    "useful": ("rating", "How useful was this for your work?", "តើវាមានប្រយោជន៍សម្រាប់ការងាររបស់អ្នកប៉ុណ្ណា?", ()),
    "clear": ("rating", "How clear were the explanations?", "តើការពន្យល់ច្បាស់លាស់ប៉ុណ្ណា?", ()),
    "length": (
        "choice",
        "Was the length right?",
        "តើរយៈពេលសមរម្យទេ?",
        (("Too short", "ខ្លីពេក"), ("About right", "ល្មម"), ("Too long", "វែងពេក")),
    ),
    "apply": (
        "choice",
        "Will you change something in your company because of it?",
        "តើអ្នកនឹងផ្លាស់ប្តូរអ្វីមួយនៅក្នុងក្រុមហ៊ុនរបស់អ្នកដោយសារវាទេ?",
        (("Yes, this month", "បាទ/ចាស ក្នុងខែនេះ"), ("Yes, later", "បាទ/ចាស ពេលក្រោយ"), ("No", "ទេ")),
    ),
    "change": ("text", "What would you change?", "តើអ្នកនឹងផ្លាស់ប្តូរអ្វី?", ()),
}


def question(key: str) -> SurveyQuestion:
    kind, text_en, text_km, options = QUESTIONS[key]
    found = SurveyQuestion.objects.filter(text_en=text_en).first()
    return found or survey_question_create(kind=kind, text_en=text_en, text_km=text_km, options=options)


def _value(item, answer):
    """A demo answer as the answering form sends it: a rating, an option's position (1-based) to its id, a text."""
    if item.question.kind == SurveyQuestion.Kind.CHOICE:
        return item.question.options.get(position=answer).pk
    return answer


def survey_seed(
    *, subject_kind: str, subject_id: int, title_en: str, title_km: str, keys: list[str], answers: list[list], by
) -> Survey | None:
    """A survey about the subject with the questions `keys`; once a part has ended, its invitations go out (as the
    periodic job sends them, an hour after the part ends) and each person invited answers with the next row of
    `answers` (one value per question, None for none), an hour later. Returns the survey (None when it existed)."""
    if Survey.objects.filter(subject_kind=subject_kind, subject_id=subject_id, title_en=title_en).exists():
        return None
    survey = survey_create(
        subject_kind=subject_kind,
        subject_id=subject_id,
        title_en=title_en,
        title_km=title_km,
        question_ids=[question(key).pk for key in keys],
        required_ids=[question(keys[0]).pk],
        by=by,
    )
    items = list(survey.items.select_related("question").order_by("position"))
    rows = cycle(answers)
    for part in survey_parts(survey):
        opens_at = survey_window(survey, part)[0]
        if opens_at is None or opens_at > timezone.now():
            continue
        survey_invitations_send(now=opens_at + datetime.timedelta(hours=1))
        for invitation in survey.invitations.filter(part_id=part.id).order_by("pk"):
            row = next(rows)
            given = {item.pk: _value(item, value) for item, value in zip(items, row, strict=True) if value is not None}
            response_submit(invitation=invitation, answers=given, now=opens_at + datetime.timedelta(hours=2))
    return survey
