"""Two submits of the same invitation at once (a double tap, two tabs) make one response: response_submit takes
the invitation's row lock, so the second waits, sees it answered and is refused. PostgreSQL only."""

from surveys.errors import SurveyAlreadyAnswered
from surveys.models import SurveyAnswer, SurveyInvitation, SurveyResponse
from surveys.services import response_submit
from tests.concurrency import PARALLEL, run_in_threads
from tests.factories import EnrollmentFactory, PastCohortFactory, SurveyFactory, SurveyInvitationFactory

pytestmark = PARALLEL


def test_two_parallel_submits_make_one_response():
    cohort = PastCohortFactory()
    survey = SurveyFactory(subject=cohort, with_items=True)
    invitation = SurveyInvitationFactory(survey=survey, user=EnrollmentFactory(cohort=cohort).user)
    rating = survey.items.get(position=1)

    def submit(value):
        return lambda: response_submit(
            invitation=SurveyInvitation.objects.get(pk=invitation.pk), answers={rating.pk: value}
        )

    results = run_in_threads([submit(2), submit(5)])

    assert sorted(type(result).__name__ for result in results) == ["SurveyAlreadyAnswered", "SurveyResponse"]
    assert any(isinstance(result, SurveyAlreadyAnswered) for result in results)
    assert SurveyResponse.objects.count() == 1
    assert SurveyAnswer.objects.count() == 1
    assert SurveyInvitation.objects.get(pk=invitation.pk).has_answered
