"""Reads of the roll-call and of a trainer's sessions, each in a fixed number of queries whatever the number of
participants."""

import datetime

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from people.models import User

from ..models import AttendanceChange, AttendanceRecord, AttendanceUnlock, Cohort, Enrollment, TrainingSession
from ..rules import counts_as_attended


def session_for_staff(*, pk: int) -> TrainingSession:
    """A session with its cohort and course (404 when missing)."""
    return get_object_or_404(TrainingSession.objects.select_related("cohort__course"), pk=pk)


def session_unlock(*, session: TrainingSession) -> AttendanceUnlock | None:
    return AttendanceUnlock.objects.filter(session=session).select_related("unlocked_by").first()


def rollcall_rows(*, session: TrainingSession) -> list[Enrollment]:
    """Everyone holding a place in the session's cohort, by name, each with `record` (or None) and `marks`, the
    roll-call's buttons: (status, label, whether it is the person's mark now). Two queries."""
    enrollments = list(
        Enrollment.objects.filter(cohort_id=session.cohort_id, status__in=Enrollment.HOLDING_PLACE)
        .select_related("user", "organisation")
        .order_by("user__family_name", "user__given_name", "pk")
    )
    records = {record.enrollment_id: record for record in AttendanceRecord.objects.filter(session=session)}
    for enrollment in enrollments:
        enrollment.record = records.get(enrollment.pk)
        current = enrollment.record.status if enrollment.record else ""
        enrollment.marks = [(value, label, value == current) for value, label in AttendanceRecord.Status.choices]
    return enrollments


def session_history(*, session: TrainingSession) -> QuerySet[AttendanceChange]:
    """Every applied mark of the session, newest first, with who was marked and who marked."""
    return (
        AttendanceChange.objects.filter(session=session)
        .select_related("enrollment__user", "changed_by")
        .order_by("-changed_at", "-pk")
    )


def cohort_for_staff(*, pk: int) -> Cohort:
    """A cohort with its course (404 when missing), for its attendance exports."""
    return get_object_or_404(Cohort.objects.select_related("course"), pk=pk)


def cohort_attendance_table(*, cohort: Cohort) -> tuple[list[TrainingSession], list[tuple[Enrollment, list[str], int]]]:
    """(sessions, [(enrolment, [status per session, "" when unmarked], sessions attended by rules.counts_as_attended)])
    for every enrolment of the cohort (its course loaded), in three queries."""
    sessions = list(cohort.sessions.order_by("starts_at"))
    enrollments = list(
        Enrollment.objects.filter(cohort=cohort)
        .select_related("user", "organisation")
        .order_by("user__family_name", "user__given_name", "pk")
    )
    statuses = {
        (record.enrollment_id, record.session_id): record.status
        for record in AttendanceRecord.objects.filter(session__cohort=cohort)
    }
    rows = []
    for enrollment in enrollments:
        marks = [statuses.get((enrollment.pk, session.pk), "") for session in sessions]
        rows.append((enrollment, marks, sum(1 for mark in marks if counts_as_attended(mark, cohort.course))))
    return sessions, rows


def trainer_sessions(*, user: User, now: datetime.datetime | None = None) -> dict[str, list[TrainingSession]]:
    """The sessions of the cohorts a person teaches: today's, then upcoming, then the last 60 days' (newest first)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sessions = (
        TrainingSession.objects.filter(cohort__trainers=user, starts_at__gte=now - datetime.timedelta(days=60))
        .select_related("cohort__course")
        .annotate(
            enrolled_count=Subquery(
                Enrollment.objects.filter(cohort=OuterRef("cohort"), status__in=Enrollment.HOLDING_PLACE)
                .values("cohort")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            )
        )
        .order_by("starts_at")
    )
    groups: dict[str, list[TrainingSession]] = {"today": [], "upcoming": [], "past": []}
    for session in sessions:
        if timezone.localdate(session.starts_at) == today:
            groups["today"].append(session)
        elif session.starts_at > now:
            groups["upcoming"].append(session)
        else:
            groups["past"].append(session)
    groups["past"].reverse()
    return groups
