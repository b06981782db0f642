"""Taking a test under parallel requests on PostgreSQL: two starts make one attempt (the enrolment's row lock, and
the one-in-progress constraint behind it); parallel answers keep one answer per question; a submission racing the
server's expiry job scores once."""

import datetime

from django.utils import timezone

from tests.concurrency import PARALLEL, run_in_threads
from tests.factories import AssessmentFactory, CohortFactory, EnrollmentFactory, QuestionFactory, TrainingSessionFactory
from trainings.errors import AttemptSubmitted
from trainings.models import Attempt, AttemptQuestion
from trainings.services.assessments import answer_save, attempt_start, attempt_submit, attempts_finish_expired

pytestmark = PARALLEL


def _open_test(questions: int = 5, **test):
    cohort = CohortFactory()
    TrainingSessionFactory(cohort=cohort, starts_at=timezone.now() + datetime.timedelta(days=2))
    for _ in range(questions):
        QuestionFactory(course=cohort.course)
    test = AssessmentFactory(course=cohort.course, question_count=questions, attempts_allowed=3, **test)
    return test, EnrollmentFactory(cohort=cohort)


def test_parallel_starts_make_one_attempt():
    test, enrollment = _open_test()
    results = run_in_threads([lambda: attempt_start(enrollment=enrollment, assessment=test).pk] * 8)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len(set(results)) == 1
    attempt = Attempt.objects.get()
    assert attempt.number == 1 and attempt.items.count() == 5


def test_parallel_answers_keep_one_answer_per_question():
    test, enrollment = _open_test()
    attempt = attempt_start(enrollment=enrollment, assessment=test)
    items = list(attempt.items.order_by("position"))
    jobs = [
        (lambda item=item, choice=choice: answer_save(attempt=attempt, position=item.position, choice_ids=[choice]).pk)
        for item in items
        for choice in item.choice_order[:2]
        for _ in range(2)
    ]
    results = run_in_threads(jobs)
    assert not [r for r in results if isinstance(r, Exception)], results
    through = AttemptQuestion.selected.through.objects.filter(attemptquestion__attempt=attempt)
    assert through.count() == 5
    assert sorted(through.values_list("attemptquestion__position", flat=True)) == [1, 2, 3, 4, 5]


def test_submit_racing_the_expiry_job_scores_once():
    test, enrollment = _open_test(time_limit_minutes=5)
    started = timezone.now() - datetime.timedelta(minutes=10)
    attempt = attempt_start(enrollment=enrollment, assessment=test, now=started)
    results = run_in_threads([lambda: attempt_submit(attempt=attempt).number, lambda: attempts_finish_expired()] * 2)
    submits, finishes = results[0::2], results[1::2]
    assert all(r == 1 or isinstance(r, AttemptSubmitted) for r in submits), submits
    assert all(r in (0, 1) for r in finishes), finishes
    assert sum(1 for r in submits if r == 1) + sum(finishes) == 1  # one of the four submitted it
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None and attempt.score == 0
    assert Attempt.objects.count() == 1
