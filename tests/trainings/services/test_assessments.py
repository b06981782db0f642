"""Taking a test: drawing, shuffling, the server's time limit and grace, attempts, answers, scoring, expiry."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import (
    AssessmentFactory,
    CohortFactory,
    EnrollmentFactory,
    QuestionFactory,
    QuestionVersionFactory,
    TrainingSessionFactory,
)
from trainings import errors
from trainings.models import Attempt, AttemptQuestion, Enrollment, Question
from trainings.rules import assessment_is_open, assessment_window, attempt_time_over
from trainings.services.assessments import answer_save, attempt_start, attempt_submit, attempts_finish_expired

pytestmark = pytest.mark.django_db


@pytest.fixture
def pre_test(upcoming):
    for _ in range(8):
        QuestionFactory(course=upcoming.course)
    return AssessmentFactory(course=upcoming.course, question_count=5, time_limit_minutes=20, attempts_allowed=2)


@pytest.fixture
def enrollment(upcoming):
    return EnrollmentFactory(cohort=upcoming)


def _right(item):
    return [pk for pk in item.choice_order if item.version.choices.get(pk=pk).is_correct]


def _wrong(item):
    return [pk for pk in item.choice_order if not item.version.choices.get(pk=pk).is_correct][:1]


def test_attempt_start_draws_count_of_newest_active_versions_shuffled(pre_test, enrollment):
    course = pre_test.course
    edited = QuestionFactory(course=course)
    QuestionVersionFactory(question=edited, number=2, text_en="Edited")
    QuestionFactory(course=course, is_active=False)
    QuestionFactory()  # another course's
    attempt = attempt_start(enrollment=enrollment, assessment=pre_test)
    items = list(attempt.items.select_related("version__question"))
    assert [item.position for item in items] == [1, 2, 3, 4, 5]
    versions = {item.version for item in items}
    assert len(versions) == 5
    assert all(version.question.course_id == course.pk and version.question.is_active for version in versions)
    assert edited.versions.get(number=1) not in versions
    for item in items:
        assert sorted(item.choice_order) == sorted(item.version.choices.values_list("pk", flat=True))
    assert attempt.number == 1 and attempt.submitted_at is None
    assert attempt.ends_at == attempt.started_at + datetime.timedelta(minutes=20)
    assert attempt.grace_seconds == pre_test.grace_seconds


def test_attempt_start_orders_differ_between_attempts(upcoming, enrollment):
    for _ in range(30):
        QuestionFactory(course=upcoming.course)
    test = AssessmentFactory(course=upcoming.course, question_count=30, attempts_allowed=3)
    orders = set()
    for _ in range(3):
        attempt = attempt_start(enrollment=enrollment, assessment=test)
        orders.add(tuple(attempt.items.order_by("position").values_list("version_id", flat=True)))
        attempt_submit(attempt=attempt)
    assert len(orders) > 1  # 30! orders: the same three times is as good as impossible


def test_attempt_start_small_bank_draws_all(upcoming, enrollment):
    QuestionFactory(course=upcoming.course)
    QuestionFactory(course=upcoming.course, kind=Question.Kind.TRUE_FALSE)
    test = AssessmentFactory(course=upcoming.course, question_count=10)
    assert attempt_start(enrollment=enrollment, assessment=test).items.count() == 2


def test_attempt_start_resumes_attempt_in_progress(pre_test, enrollment):
    first = attempt_start(enrollment=enrollment, assessment=pre_test)
    assert attempt_start(enrollment=enrollment, assessment=pre_test) == first
    assert Attempt.objects.count() == 1


def test_attempt_start_refusals(pre_test, enrollment, upcoming):
    with pytest.raises(errors.NotTakingPart):
        attempt_start(
            enrollment=EnrollmentFactory(
                cohort=upcoming, status=Enrollment.Status.WITHDRAWN, withdrawn_at=timezone.now()
            ),
            assessment=pre_test,
        )
    with pytest.raises(errors.NotTakingPart):
        attempt_start(enrollment=EnrollmentFactory(), assessment=pre_test)  # another course's cohort
    later = timezone.now() + datetime.timedelta(days=3)
    with pytest.raises(errors.AssessmentClosed):
        attempt_start(enrollment=enrollment, assessment=pre_test, now=later)
    empty = AssessmentFactory(course=CohortFactory().course)
    TrainingSessionFactory(cohort=empty.course.cohorts.get())
    with pytest.raises(errors.NoQuestions):
        attempt_start(enrollment=EnrollmentFactory(cohort=empty.course.cohorts.get()), assessment=empty)


def test_attempts_limit(pre_test, enrollment):
    for _ in range(2):
        attempt_submit(attempt=attempt_start(enrollment=enrollment, assessment=pre_test))
    with pytest.raises(errors.NoAttemptsLeft):
        attempt_start(enrollment=enrollment, assessment=pre_test)
    assert list(Attempt.objects.values_list("number", flat=True)) == [1, 2]


def test_window_pre_and_post(upcoming):
    first = upcoming.sessions.get()
    last = TrainingSessionFactory(cohort=upcoming, starts_at=first.starts_at + datetime.timedelta(days=1))
    pre = AssessmentFactory(course=upcoming.course)
    post = AssessmentFactory(course=upcoming.course, kind="post", closes_after_days=7)
    assert assessment_window(pre, upcoming) == (None, first.starts_at)
    assert assessment_window(post, upcoming) == (last.starts_at, last.ends_at + datetime.timedelta(days=7))
    assert assessment_is_open(pre, upcoming) and not assessment_is_open(post, upcoming)
    assert assessment_is_open(post, upcoming, last.starts_at)
    assert not assessment_is_open(post, upcoming, last.ends_at + datetime.timedelta(days=7))
    assert not assessment_is_open(pre, CohortFactory(course=upcoming.course))  # no sessions, no window
    pre.is_open = False
    assert not assessment_is_open(pre, upcoming)


def test_ends_at_capped_at_window_close(upcoming, enrollment):
    QuestionFactory(course=upcoming.course)
    test = AssessmentFactory(course=upcoming.course, time_limit_minutes=60)
    closes = upcoming.sessions.get().starts_at
    attempt = attempt_start(enrollment=enrollment, assessment=test, now=closes - datetime.timedelta(minutes=10))
    assert attempt.ends_at == closes
    untimed = AssessmentFactory(course=upcoming.course, kind="post")
    assert untimed.time_limit_minutes is None


def test_answer_save_idempotent_and_last_answer_wins(pre_test, enrollment):
    attempt = attempt_start(enrollment=enrollment, assessment=pre_test)
    item = attempt.items.get(position=1)
    first = answer_save(attempt=attempt, position=1, choice_ids=[item.choice_order[0]])
    answered_at = first.answered_at
    again = answer_save(attempt=attempt, position=1, choice_ids=[str(item.choice_order[0])])
    assert again.answered_at == answered_at
    assert list(again.selected.values_list("pk", flat=True)) == [item.choice_order[0]]
    answer_save(attempt=attempt, position=1, choice_ids=[item.choice_order[1]])
    assert list(item.selected.values_list("pk", flat=True)) == [item.choice_order[1]]
    assert AttemptQuestion.selected.through.objects.count() == 1


def test_answer_save_refuses_foreign_or_wrong_number_of_choices(pre_test, enrollment):
    attempt = attempt_start(enrollment=enrollment, assessment=pre_test)
    one, two = attempt.items.order_by("position")[:2]
    for choice_ids in ([two.choice_order[0]], [], ["x"], [one.choice_order[0], one.choice_order[1]], None):
        with pytest.raises(errors.InvalidAnswer):
            answer_save(attempt=attempt, position=1, choice_ids=choice_ids)
    with pytest.raises(errors.InvalidAnswer):
        answer_save(attempt=attempt, position=99, choice_ids=[one.choice_order[0]])
    assert not one.selected.exists()


def test_multiple_choice_needs_the_whole_set(upcoming, enrollment):
    QuestionFactory(course=upcoming.course, kind=Question.Kind.MULTIPLE, version__right=[0, 2])
    test = AssessmentFactory(course=upcoming.course, question_count=1, attempts_allowed=2)
    attempt = attempt_start(enrollment=enrollment, assessment=test)
    item = attempt.items.get()
    answer_save(attempt=attempt, position=1, choice_ids=_right(item)[:1])
    assert attempt_submit(attempt=attempt).score == 0
    attempt = attempt_start(enrollment=enrollment, assessment=test)
    item = attempt.items.get()
    answer_save(attempt=attempt, position=1, choice_ids=_right(item))
    assert attempt_submit(attempt=attempt).score == 100


def test_time_limit_enforced_by_server_with_grace(pre_test, enrollment):
    attempt = attempt_start(enrollment=enrollment, assessment=pre_test)
    item = attempt.items.get(position=1)
    in_grace = attempt.ends_at + datetime.timedelta(seconds=pre_test.grace_seconds - 1)
    answer_save(attempt=attempt, position=1, choice_ids=_right(item), now=in_grace)
    too_late = attempt.ends_at + datetime.timedelta(seconds=pre_test.grace_seconds + 1)
    assert attempt_time_over(attempt, too_late) and not attempt_time_over(attempt, in_grace)
    with pytest.raises(errors.AttemptTimeOver):
        answer_save(attempt=attempt, position=2, choice_ids=_right(attempt.items.get(position=2)), now=too_late)
    assert attempt.items.filter(answered_at__isnull=False).count() == 1


def test_submit_scores_and_refuses_twice(pre_test, enrollment):
    attempt = attempt_start(enrollment=enrollment, assessment=pre_test)
    items = list(attempt.items.order_by("position"))
    for item in items[:3]:
        answer_save(attempt=attempt, position=item.position, choice_ids=_right(item))
    answer_save(attempt=attempt, position=4, choice_ids=_wrong(items[3]))
    attempt = attempt_submit(attempt=attempt)
    assert (attempt.correct_count, attempt.score) == (3, 60)
    assert [item.is_correct for item in attempt.items.order_by("position")] == [True, True, True, False, False]
    with pytest.raises(errors.AttemptSubmitted):
        attempt_submit(attempt=attempt)
    with pytest.raises(errors.AttemptSubmitted):
        answer_save(attempt=attempt, position=5, choice_ids=_right(items[4]))


def test_score_rounds_halves_up(upcoming, enrollment):
    for _ in range(8):
        QuestionFactory(course=upcoming.course)
    test = AssessmentFactory(course=upcoming.course, question_count=8)
    attempt = attempt_start(enrollment=enrollment, assessment=test)
    item = attempt.items.get(position=1)
    answer_save(attempt=attempt, position=1, choice_ids=_right(item))
    assert attempt_submit(attempt=attempt).score == 13  # 12.5


def test_finish_expired_submits_with_answers_received(pre_test, enrollment, upcoming):
    attempt = attempt_start(enrollment=enrollment, assessment=pre_test)
    answer_save(attempt=attempt, position=1, choice_ids=_right(attempt.items.get(position=1)))
    other = attempt_start(enrollment=EnrollmentFactory(cohort=upcoming), assessment=pre_test)
    in_grace = attempt.ends_at + datetime.timedelta(seconds=60)
    assert attempts_finish_expired(now=in_grace) == 0
    after = attempt.ends_at + datetime.timedelta(seconds=pre_test.grace_seconds + 1)
    assert attempts_finish_expired(now=after) == 2
    attempt.refresh_from_db()
    other.refresh_from_db()
    assert (attempt.score, attempt.correct_count, other.score) == (20, 1, 0)
    assert attempts_finish_expired(now=after) == 0


def test_expired_attempt_in_progress_is_submitted_when_starting_again(pre_test, enrollment):
    first = attempt_start(enrollment=enrollment, assessment=pre_test)
    later = first.ends_at + datetime.timedelta(minutes=5)
    second = attempt_start(enrollment=enrollment, assessment=pre_test, now=later)
    first.refresh_from_db()
    assert first.submitted_at == later and second.number == 2


def test_answer_refused_after_withdrawal(pre_test, enrollment):
    attempt = attempt_start(enrollment=enrollment, assessment=pre_test)
    enrollment.status, enrollment.withdrawn_at = Enrollment.Status.WITHDRAWN, timezone.now()
    enrollment.save()
    with pytest.raises(errors.NotTakingPart):
        answer_save(attempt=attempt, position=1, choice_ids=_right(attempt.items.get(position=1)))
