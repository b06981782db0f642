"""Completion with a post-test: the best submitted post-test attempt's score is compared with the pass mark, and
the enrolment records which attempt decided; a later, better attempt re-decides; the periodic job submits
attempts whose time is over."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from tests.factories import AssessmentFactory, EnrollmentFactory, QuestionFactory, TrainingSessionFactory
from trainings.models import Enrollment
from trainings.selectors.assessments import best_post_attempt
from trainings.services import completion
from trainings.services.assessments import answer_save, attempt_start, attempt_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def post_test(assessed_cohort):
    for _ in range(4):
        QuestionFactory(course=assessed_cohort.course)
    return AssessmentFactory(
        course=assessed_cohort.course, kind="post", question_count=4, attempts_allowed=3, closes_after_days=30
    )


def _take(enrollment, test, right: int, now=None):
    """An attempt with `right` of its questions answered right (the others wrong), submitted."""
    attempt = attempt_start(enrollment=enrollment, assessment=test, now=now)
    for item in attempt.items.order_by("position").prefetch_related("version__choices"):
        choices = {choice.pk: choice.is_correct for choice in item.version.choices.all()}
        wanted = item.position <= right
        pick = next(pk for pk in item.choice_order if choices[pk] == wanted)
        answer_save(attempt=attempt, position=item.position, choice_ids=[pick], now=now)
    return attempt_submit(attempt=attempt, now=now)


def test_best_post_attempt_decides(assessed_cohort, post_test):
    enrollment = EnrollmentFactory(cohort=assessed_cohort, assessment_score=95, attended=["present"] * 3)
    _take(enrollment, post_test, right=1)
    best = _take(enrollment, post_test, right=3)
    _take(enrollment, post_test, right=2)
    assert best_post_attempt(enrollment) == best
    completion.cohort_decide_completion(cohort=assessed_cohort)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.COMPLETED
    assert (enrollment.decided_score, enrollment.decided_attempt) == (75, best)
    with translation.override("en"):
        assert enrollment.completion_reason.endswith("best post-test score 75, pass mark 70")


def test_no_post_attempt_no_score_even_if_typed(assessed_cohort, post_test):
    enrollment = EnrollmentFactory(cohort=assessed_cohort, assessment_score=95, attended=["present"] * 3)
    completion.enrollment_decide_completion(enrollment=enrollment)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.NOT_COMPLETED
    assert (enrollment.decided_score, enrollment.decided_attempt) == (None, None)


def test_without_post_test_in_use_typed_score_counts(assessed_cohort, post_test):
    post_test.is_open = False
    post_test.save()
    AssessmentFactory(course=assessed_cohort.course, kind="pre")
    enrollment = EnrollmentFactory(cohort=assessed_cohort, assessment_score=82, attended=["present"] * 3)
    completion.cohort_decide_completion(cohort=assessed_cohort)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.COMPLETED
    assert (enrollment.decided_score, enrollment.decided_attempt) == (82, None)


def test_better_attempt_after_decision_redecides(assessed_cohort, post_test):
    enrollment = EnrollmentFactory(cohort=assessed_cohort, attended=["present"] * 3)
    first = _take(enrollment, post_test, right=2)
    completion.cohort_decide_completion(cohort=assessed_cohort)
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.decided_attempt) == (Enrollment.Status.NOT_COMPLETED, first)
    second = _take(enrollment, post_test, right=4)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.COMPLETED
    assert (enrollment.decided_score, enrollment.decided_attempt, second.number) == (100, second, 2)
    _take(enrollment, post_test, right=0)  # a worse one changes nothing
    enrollment.refresh_from_db()
    assert enrollment.decided_attempt == second


def test_periodic_job_submits_expired_before_deciding(assessed_cohort, post_test):
    post_test.time_limit_minutes = 10
    post_test.save()
    enrollment = EnrollmentFactory(cohort=assessed_cohort, attended=["present"] * 3)
    started = timezone.now() - datetime.timedelta(minutes=30)
    attempt = attempt_start(enrollment=enrollment, assessment=post_test, now=started)
    for item in attempt.items.prefetch_related("version__choices"):
        right = [choice.pk for choice in item.version.choices.all() if choice.is_correct]
        answer_save(attempt=attempt, position=item.position, choice_ids=right, now=started)
    out = io.StringIO()
    call_command("run_periodic", stdout=out)
    attempt.refresh_from_db()
    enrollment.refresh_from_db()
    assert attempt.score == 100
    assert "finish_expired_attempts: 1 test attempt(s) submitted" in out.getvalue()
    assert (enrollment.status, enrollment.decided_attempt) == (Enrollment.Status.COMPLETED, attempt)


def test_submission_stands_when_the_cohort_has_grown_a_session_since_its_decision(assessed_cohort, post_test):
    enrollment = EnrollmentFactory(cohort=assessed_cohort, attended=["present"] * 3)
    first = _take(enrollment, post_test, right=2)
    completion.cohort_decide_completion(cohort=assessed_cohort)
    attempt = attempt_start(enrollment=enrollment, assessment=post_test)
    # An organiser adds a session after the decision: completion can no longer be decided until it is over.
    TrainingSessionFactory(cohort=assessed_cohort, starts_at=timezone.now() + datetime.timedelta(days=3))
    submitted = attempt_submit(attempt=attempt)
    assert submitted.submitted_at is not None
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.decided_attempt) == (Enrollment.Status.NOT_COMPLETED, first)
