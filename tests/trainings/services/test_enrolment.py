"""Places in a cohort (trainings.services.enrolment): who may enrol whom, when, and withdrawing."""

import datetime

import pytest
from django.utils import timezone

from people.models import Membership
from tests.factories import (
    CohortFactory,
    EnrollmentFactory,
    MembershipFactory,
    UserFactory,
)
from trainings import errors
from trainings.models import Enrollment
from trainings.services import completion, enrolment

pytestmark = pytest.mark.django_db


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
