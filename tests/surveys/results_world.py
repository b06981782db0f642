"""A closed anonymous cohort survey with `n` responses (rating, choice, free text), and a closed survey of each
session of a past forum edition with ratings, for the results tests."""

import datetime

from django.utils import timezone

from surveys.models import SurveyQuestion
from tests.factories import (
    ForumEditionFactory,
    PastCohortFactory,
    RoomFactory,
    SessionFactory,
    SurveyAnswerFactory,
    SurveyFactory,
    SurveyInvitationFactory,
    SurveyResponseFactory,
)


def closed_survey(n: int, *, anonymous: bool = True, trainer=None):
    cohort = PastCohortFactory(trainers=[trainer] if trainer else [])
    survey = SurveyFactory(subject=cohort, open_days=1, is_anonymous=anonymous, with_items=True)
    rating, choice, text = survey.items.select_related("question").order_by("position")
    options = list(choice.question.options.order_by("position"))
    for number in range(n):
        SurveyInvitationFactory(survey=survey, has_answered=True)
        response = SurveyResponseFactory(survey=survey)
        SurveyAnswerFactory(response=response, item=rating, rating=number % 5 + 1)
        SurveyAnswerFactory(response=response, item=choice, rating=None, option=options[number % len(options)])
        SurveyAnswerFactory(response=response, item=text, rating=None, text=f"Answer {n - number:03d}")
    assert rating.question.kind == SurveyQuestion.Kind.RATING
    return survey


def survey_of_sessions(answered, *, anonymous: bool = True, rating=lambda session_number, answer_number: 4):
    """(edition, survey, sessions): a closed survey of each session of a past edition; session n has answered[n]
    responses, each with the first question's rating `rating(n, answer number)`."""
    today = timezone.localdate()
    edition = ForumEditionFactory(
        starts_on=today - datetime.timedelta(days=40), ends_on=today - datetime.timedelta(days=38)
    )
    # A room each: sessions at the same hour in one room would overlap (PostgreSQL's exclusion constraint).
    sessions = [SessionFactory(room=RoomFactory(edition=edition)) for _ in answered]
    survey = SurveyFactory(
        subject_kind="forum.sessions", subject_id=edition.pk, open_days=7, with_items=True, is_anonymous=anonymous
    )
    first = survey.items.get(position=1)
    for number, (session, count) in enumerate(zip(sessions, answered, strict=True)):
        for answer in range(count):
            response = SurveyResponseFactory(survey=survey, part_id=session.pk)
            SurveyAnswerFactory(response=response, item=first, rating=rating(number, answer))
    return edition, survey, sessions
