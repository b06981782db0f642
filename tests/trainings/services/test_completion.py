"""The completion decision (trainings.services.completion): by an organiser, by the command, by the task."""

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from tests.factories import EnrollmentFactory, TrainingSessionFactory
from trainings import errors
from trainings.models import AttendanceRecord, Enrollment
from trainings.services import completion

pytestmark = pytest.mark.django_db


def test_cohort_decide_completion_applies_the_rule(past_cohort):
    P, L, E, A = (AttendanceRecord.Status.PRESENT, AttendanceRecord.Status.LATE, "excused", "absent")
    all_there = EnrollmentFactory(cohort=past_cohort, attended=[P, P, L])
    missed_one = EnrollmentFactory(cohort=past_cohort, attended=[P, A, P])
    excused = EnrollmentFactory(cohort=past_cohort, attended=[P, E, P])
    withdrawn = EnrollmentFactory(cohort=past_cohort, status="withdrawn", withdrawn_at=timezone.now())

    newly = completion.cohort_decide_completion(cohort=past_cohort)

    assert {e.pk for e in newly} == {all_there.pk, excused.pk}
    for enrollment in (all_there, missed_one, excused, withdrawn):
        enrollment.refresh_from_db()
    assert all_there.status == Enrollment.Status.COMPLETED
    assert missed_one.status == Enrollment.Status.NOT_COMPLETED  # 2 of 3 < 80 %
    assert excused.status == Enrollment.Status.COMPLETED  # 2 of 2 counted
    assert withdrawn.status == Enrollment.Status.WITHDRAWN
    with translation.override("en"):
        assert missed_one.completion_reason == "attended 2 of 3 sessions (80% required)"
        assert excused.completion_reason == "attended 2 of 2 sessions (80% required)"
    past_cohort.refresh_from_db()
    assert past_cohort.completion_decided_at is not None


def test_cohort_decide_completion_with_assessment(assessed_cohort):
    passed = EnrollmentFactory(cohort=assessed_cohort, assessment_score=82, attended=["present"] * 3)
    failed = EnrollmentFactory(cohort=assessed_cohort, assessment_score=55, attended=["present"] * 3)
    no_score = EnrollmentFactory(cohort=assessed_cohort, attended=["present"] * 3)
    completion.cohort_decide_completion(cohort=assessed_cohort)
    for enrollment in (passed, failed, no_score):
        enrollment.refresh_from_db()
    assert passed.status == Enrollment.Status.COMPLETED
    assert failed.status == Enrollment.Status.NOT_COMPLETED
    assert no_score.status == Enrollment.Status.NOT_COMPLETED
    with translation.override("en"):
        assert passed.completion_reason == "attended 3 of 3 sessions (80% required); assessment 82, pass mark 70"
        assert (
            no_score.completion_reason == "attended 3 of 3 sessions (80% required); no assessment score, pass mark 70"
        )


def test_cohort_decide_completion_twice_changes_nothing(past_cohort):
    enrollment = EnrollmentFactory(cohort=past_cohort, attended=["present"] * 3)
    assert len(completion.cohort_decide_completion(cohort=past_cohort)) == 1
    enrollment.refresh_from_db()
    decided_at, updated_at = enrollment.decided_at, enrollment.updated_at
    assert completion.cohort_decide_completion(cohort=past_cohort) == []
    assert completion.cohort_decide_completion(cohort=past_cohort, force=True) == []
    enrollment.refresh_from_db()
    assert (enrollment.decided_at, enrollment.updated_at) == (decided_at, updated_at)


def test_cohort_decide_completion_again_after_score_correction(assessed_cohort):
    enrollment = EnrollmentFactory(cohort=assessed_cohort, assessment_score=60, attended=["present"] * 3)
    completion.cohort_decide_completion(cohort=assessed_cohort)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.NOT_COMPLETED

    assert completion.enrollment_scores_record(cohort=assessed_cohort, scores={enrollment.pk: 75}) == 1
    newly = completion.cohort_decide_completion(cohort=assessed_cohort, force=True)

    enrollment.refresh_from_db()
    assert [e.pk for e in newly] == [enrollment.pk]
    assert enrollment.status == Enrollment.Status.COMPLETED
    assert enrollment.decided_score == 75


def test_enrollment_decide_completion_one_enrolment(past_cohort):
    enrollment = EnrollmentFactory(cohort=past_cohort, attended=["present", "present", "present"])
    completion.enrollment_decide_completion(enrollment=enrollment)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.COMPLETED
    assert enrollment.sessions_attended == 3


def test_cohort_decide_completion_before_last_session_is_refused(cohort):
    TrainingSessionFactory(cohort=cohort)
    EnrollmentFactory(cohort=cohort)
    with pytest.raises(errors.CompletionTooEarly):
        completion.cohort_decide_completion(cohort=cohort)
    assert Enrollment.objects.get().status == Enrollment.Status.ENROLLED


def test_completion_reason_in_khmer(past_cohort):
    enrollment = EnrollmentFactory(cohort=past_cohort)
    completion.cohort_decide_completion(cohort=past_cohort)
    enrollment.refresh_from_db()
    with translation.override("km"):
        reason = enrollment.completion_reason
    assert "0" in reason and "3" in reason


def test_decide_completions_command_decides_due_cohorts_only(past_cohort, cohort):
    TrainingSessionFactory(cohort=cohort)
    due = EnrollmentFactory(cohort=past_cohort, attended=["present"] * 3)
    future = EnrollmentFactory(cohort=cohort)
    call_command("decide_completions", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("decide_completions", stdout=open("/dev/null", "w"))  # noqa: SIM115
    due.refresh_from_db()
    future.refresh_from_db()
    assert due.status == Enrollment.Status.COMPLETED
    assert future.status == Enrollment.Status.ENROLLED
    past_cohort.refresh_from_db()
    cohort.refresh_from_db()
    assert past_cohort.completion_decided_at is not None
    assert cohort.completion_decided_at is None


def test_decide_completions_task_runs(past_cohort):
    EnrollmentFactory(cohort=past_cohort)
    result = completion.decide_completions.enqueue()
    assert result.return_value == 0
    past_cohort.refresh_from_db()
    assert past_cohort.completion_decided_at is not None
