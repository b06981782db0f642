import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from people.models import Membership
from tests.factories import (
    AttendanceRecordFactory,
    CohortFactory,
    CourseFactory,
    EnrollmentFactory,
    FocalPointFactory,
    MembershipFactory,
    TrainingSessionFactory,
    UserFactory,
)
from trainings import errors
from trainings.models import AttendanceRecord, Enrollment
from trainings.services import completion, courses, enrolment

pytestmark = pytest.mark.django_db


# --- Enrolment ----------------------------------------------------------------------------------------------


def test_enrollment_enrol_member_creates_row(cohort, company, focal_point, staff_member):
    enrollment = enrolment.enrollment_enrol_member(
        cohort=cohort, organisation=company, user=staff_member, by=focal_point
    )
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ENROLLED
    assert enrollment.organisation == company
    assert enrollment.enrolled_by == focal_point


def test_enrollment_enrol_twice_is_refused(cohort, company, focal_point, staff_member):
    enrolment.enrollment_enrol_member(cohort=cohort, organisation=company, user=staff_member, by=focal_point)
    with pytest.raises(errors.AlreadyEnrolled):
        enrolment.enrollment_enrol_member(cohort=cohort, organisation=company, user=staff_member, by=focal_point)
    assert Enrollment.objects.filter(cohort=cohort).count() == 1


def test_enrollment_enrol_full_cohort_is_refused(company, focal_point):
    cohort = CohortFactory(capacity=1)
    EnrollmentFactory(cohort=cohort)
    member = MembershipFactory(organisation=company).user
    with pytest.raises(errors.CohortFull):
        enrolment.enrollment_enrol_member(cohort=cohort, organisation=company, user=member, by=focal_point)


def test_enrollment_enrol_closed_cohort_is_refused(company, focal_point, staff_member):
    cohort = CohortFactory(is_open_for_enrolment=False)
    with pytest.raises(errors.EnrolmentClosed):
        enrolment.enrollment_enrol_member(cohort=cohort, organisation=company, user=staff_member, by=focal_point)


def test_enrollment_enrol_after_closing_time_is_refused(company, focal_point, staff_member):
    cohort = CohortFactory(enrolment_closes_at=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(errors.EnrolmentClosed):
        enrolment.enrollment_enrol_member(cohort=cohort, organisation=company, user=staff_member, by=focal_point)


def test_enrollment_enrol_member_of_other_company_is_refused(cohort, company, focal_point):
    stranger = MembershipFactory().user
    with pytest.raises(errors.NotAMember):
        enrolment.enrollment_enrol_member(cohort=cohort, organisation=company, user=stranger, by=focal_point)


def test_enrollment_withdraw_frees_the_place(company, focal_point, staff_member):
    cohort = CohortFactory(capacity=1)
    enrollment = enrolment.enrollment_enrol_member(
        cohort=cohort, organisation=company, user=staff_member, by=focal_point
    )
    enrolment.enrollment_withdraw(enrollment=enrollment, by=focal_point)
    other = MembershipFactory(organisation=company).user
    enrolment.enrollment_enrol_member(cohort=cohort, organisation=company, user=other, by=focal_point)
    assert Enrollment.objects.get(user=staff_member).status == Enrollment.Status.WITHDRAWN
    assert Enrollment.objects.get(user=other).status == Enrollment.Status.ENROLLED


def test_enrollment_reenrol_after_withdrawal_reuses_the_row(cohort, company, focal_point, staff_member):
    first = enrolment.enrollment_enrol_member(cohort=cohort, organisation=company, user=staff_member, by=focal_point)
    enrolment.enrollment_withdraw(enrollment=first, by=staff_member)
    again = enrolment.enrollment_enrol_member(cohort=cohort, organisation=company, user=staff_member, by=focal_point)
    assert again.pk == first.pk
    again.refresh_from_db()
    assert again.status == Enrollment.Status.ENROLLED
    assert again.withdrawn_at is None


def test_enrollment_self_enrol_creates_pending_membership(cohort, company):
    user = UserFactory()
    enrollment = enrolment.enrollment_self_enrol(cohort=cohort, user=user, organisation=company)
    assert enrollment.organisation == company
    assert enrollment.enrolled_by == user
    assert Membership.objects.get(user=user, organisation=company).status == Membership.Status.PENDING


def test_enrollment_self_enrol_without_company(cohort):
    user = UserFactory()
    enrollment = enrolment.enrollment_self_enrol(cohort=cohort, user=user, organisation=None)
    assert enrollment.organisation is None
    assert not Membership.objects.filter(user=user).exists()


# --- Sessions -----------------------------------------------------------------------------------------------


def test_session_create_ending_before_start_is_a_validation_error(cohort):
    from django.core.exceptions import ValidationError

    start = timezone.now()
    with pytest.raises(ValidationError) as error:
        courses.session_create(
            cohort=cohort, data={"topic": "Intro", "starts_at": start, "ends_at": start - datetime.timedelta(hours=1)}
        )
    assert "ends_at" in error.value.message_dict


# --- Completion ---------------------------------------------------------------------------------------------


def _mark(cohort, enrollment, statuses):
    for session, status in zip(cohort.sessions.order_by("starts_at"), statuses, strict=True):
        if status:
            AttendanceRecordFactory(session=session, enrollment=enrollment, status=status)


def test_cohort_decide_completion_applies_the_rule(past_cohort):
    P, L, E, A = (AttendanceRecord.Status.PRESENT, AttendanceRecord.Status.LATE, "excused", "absent")
    all_there = EnrollmentFactory(cohort=past_cohort)
    _mark(past_cohort, all_there, [P, P, L])
    missed_one = EnrollmentFactory(cohort=past_cohort)
    _mark(past_cohort, missed_one, [P, A, P])
    excused = EnrollmentFactory(cohort=past_cohort)
    _mark(past_cohort, excused, [P, E, P])
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


def test_cohort_decide_completion_late_not_counted_when_the_rule_says_so(past_cohort):
    past_cohort.course.late_counts_as_attended = False
    past_cohort.course.save()
    enrollment = EnrollmentFactory(cohort=past_cohort)
    _mark(past_cohort, enrollment, ["present", "present", "late"])
    completion.cohort_decide_completion(cohort=past_cohort)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.NOT_COMPLETED
    assert enrollment.sessions_attended == 2


def test_cohort_decide_completion_with_assessment(past_cohort):
    course = past_cohort.course
    course.has_assessment, course.pass_mark = True, 70
    course.save()
    passed = EnrollmentFactory(cohort=past_cohort, assessment_score=82)
    failed = EnrollmentFactory(cohort=past_cohort, assessment_score=55)
    no_score = EnrollmentFactory(cohort=past_cohort)
    for enrollment in (passed, failed, no_score):
        _mark(past_cohort, enrollment, ["present"] * 3)
    completion.cohort_decide_completion(cohort=past_cohort)
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
    enrollment = EnrollmentFactory(cohort=past_cohort)
    _mark(past_cohort, enrollment, ["present"] * 3)
    assert len(completion.cohort_decide_completion(cohort=past_cohort)) == 1
    enrollment.refresh_from_db()
    decided_at, updated_at = enrollment.decided_at, enrollment.updated_at
    assert completion.cohort_decide_completion(cohort=past_cohort) == []
    assert completion.cohort_decide_completion(cohort=past_cohort, force=True) == []
    enrollment.refresh_from_db()
    assert (enrollment.decided_at, enrollment.updated_at) == (decided_at, updated_at)


def test_cohort_decide_completion_again_after_score_correction(past_cohort):
    course = past_cohort.course
    course.has_assessment, course.pass_mark = True, 70
    course.save()
    enrollment = EnrollmentFactory(cohort=past_cohort, assessment_score=60)
    _mark(past_cohort, enrollment, ["present"] * 3)
    completion.cohort_decide_completion(cohort=past_cohort)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.NOT_COMPLETED

    assert completion.enrollment_scores_record(cohort=past_cohort, scores={enrollment.pk: 75}) == 1
    newly = completion.cohort_decide_completion(cohort=past_cohort, force=True)

    enrollment.refresh_from_db()
    assert [e.pk for e in newly] == [enrollment.pk]
    assert enrollment.status == Enrollment.Status.COMPLETED
    assert enrollment.decided_score == 75


def test_enrollment_decide_completion_one_enrolment(past_cohort):
    enrollment = EnrollmentFactory(cohort=past_cohort)
    _mark(past_cohort, enrollment, ["present", "present", "present"])
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
    due = EnrollmentFactory(cohort=past_cohort)
    _mark(past_cohort, due, ["present"] * 3)
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


def test_course_create_without_pass_mark_for_assessment_is_a_validation_error():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        courses.course_create(data={"title_en": "X", "hours": 2, "has_assessment": True, "pass_mark": None})


def test_focal_point_factory_sanity():
    membership = FocalPointFactory()
    assert membership.is_focal_point
    assert CourseFactory().hours > 0


def test_enrollment_withdraw_after_decision_only_by_organisers(past_cohort):
    enrollment = EnrollmentFactory(cohort=past_cohort)
    completion.cohort_decide_completion(cohort=past_cohort)
    with pytest.raises(errors.AlreadyDecided):
        enrolment.enrollment_withdraw(enrollment=enrollment, by=enrollment.user)
    enrolment.enrollment_withdraw(enrollment=enrollment, by=None, allow_decided=True)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.WITHDRAWN
    assert enrollment.decided_at is None


def test_enrollment_enrol_into_cohort_that_has_ended_is_refused(company, focal_point, staff_member):
    today = timezone.localdate()
    cohort = CohortFactory(starts_on=today - datetime.timedelta(days=5), ends_on=today - datetime.timedelta(days=1))
    with pytest.raises(errors.EnrolmentClosed):
        enrolment.enrollment_enrol_member(cohort=cohort, organisation=company, user=staff_member, by=focal_point)
