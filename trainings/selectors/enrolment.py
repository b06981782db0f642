"""Reads of enrolments: a person's own, and a cohort's for organisers, with their attendance so far."""

import datetime

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from people.models import Membership, User

from ..models import AttendanceRecord, Cohort, Enrollment, TrainingSession
from ..rules import attended_q, counted_q


def enrollment_of(*, cohort: Cohort, user: User) -> Enrollment | None:
    """The person's enrolment in the cohort, with `status_by_session` {session id: attendance record} and
    `membership_pending` (they named a company that has not confirmed them yet)."""
    if not user.is_authenticated:
        return None
    enrollment = (
        Enrollment.objects.filter(cohort=cohort, user=user)
        .select_related("organisation")
        .prefetch_related("attendance")
        .first()
    )
    if enrollment is not None:
        enrollment.status_by_session = {record.session_id: record for record in enrollment.attendance.all()}
        enrollment.membership_pending = bool(
            enrollment.organisation_id
            and Membership.objects.filter(
                user=user, organisation_id=enrollment.organisation_id, status=Membership.Status.PENDING
            ).exists()
        )
    return enrollment


def user_enrollments(*, user: User) -> QuerySet[Enrollment]:
    """The person's own enrolments, newest cohort first."""
    return (
        Enrollment.objects.filter(user=user)
        .select_related("cohort__course", "organisation")
        .order_by("-cohort__starts_on")
    )


def with_attendance_so_far(enrollments: QuerySet[Enrollment], now: datetime.datetime) -> QuerySet[Enrollment]:
    """`attended_so_far` (marks that count as attended by the course's rule: rules.attended_q) and
    `sessions_counted_so_far` (sessions of the cohort already over, less those the course's rule leaves out of the
    count: rules.counted_q), as the completion decision counts them. The subqueries drop the models' ordering, which
    would join the cohort and the person into each of them."""
    sessions_held = (
        TrainingSession.objects.filter(cohort=OuterRef("cohort"), ends_at__lte=now)
        .values("cohort")
        .annotate(n=Count("pk"))
        .values("n")
        .order_by()
    )
    attended = (
        AttendanceRecord.objects.filter(attended_q(), enrollment=OuterRef("pk"))
        .values("enrollment")
        .annotate(n=Count("pk"))
        .values("n")
        .order_by()
    )
    left_out = (
        AttendanceRecord.objects.filter(counted_q(), enrollment=OuterRef("pk"), session__ends_at__lte=now)
        .values("enrollment")
        .annotate(n=Count("pk"))
        .values("n")
        .order_by()
    )
    return enrollments.annotate(
        sessions_counted_so_far=Coalesce(Subquery(sessions_held, output_field=IntegerField()), Value(0))
        - Coalesce(Subquery(left_out, output_field=IntegerField()), Value(0)),
        attended_so_far=Coalesce(Subquery(attended, output_field=IntegerField()), Value(0)),
    )


def cohort_enrollments(*, cohort: Cohort, now: datetime.datetime | None = None) -> QuerySet[Enrollment]:
    """Everyone enrolled in (or withdrawn from) a cohort, for organisers."""
    enrollments = (
        Enrollment.objects.filter(cohort=cohort)
        .select_related("user", "organisation")
        .order_by("status", "user__family_name", "user__given_name")
    )
    return with_attendance_so_far(enrollments, now or timezone.now())


def sessions_with_my_marks(*, cohort: Cohort, enrollment: Enrollment | None) -> list[TrainingSession]:
    """The cohort's sessions (as `cohort_get` prefetched them), each with `my_record`: the enrolment's attendance
    record of it, or None (not marked yet, or no enrolment). No query of its own."""
    marks = enrollment.status_by_session if enrollment is not None else {}
    sessions = list(cohort.sessions.all())
    for session in sessions:
        session.my_record = marks.get(session.pk)
    return sessions
