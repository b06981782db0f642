"""A closed anonymous cohort survey with `n` responses (rating, choice, free text), for the results tests."""

from surveys.models import SurveyQuestion
from tests.factories import (
    PastCohortFactory,
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
