"""Reads of the roll-call, each in a fixed number of queries whatever the number of participants."""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from people.models import User
from people.permissions import is_organiser

from .models import AttendanceChange, AttendanceRecord, AttendanceUnlock, Cohort, Enrollment, TrainingSession


def session_for_staff(*, pk: int) -> TrainingSession:
    """A session with its cohort and course (404 when missing)."""
    return get_object_or_404(TrainingSession.objects.select_related("cohort__course"), pk=pk)


def is_session_trainer(*, user: User, session: TrainingSession) -> bool:
    return bool(user.is_authenticated and session.cohort.trainers.filter(pk=user.pk).exists())


def can_take_attendance(*, user: User, session: TrainingSession) -> bool:
    """The cohort's trainers and organisers."""
    return is_organiser(user) or is_session_trainer(user=user, session=session)


def session_unlock(*, session: TrainingSession) -> AttendanceUnlock | None:
    return AttendanceUnlock.objects.filter(session=session).select_related("unlocked_by").first()


def rollcall_rows(*, session: TrainingSession) -> list[Enrollment]:
    """Everyone holding a place in the session's cohort, by name, each with `record` (or None): two queries."""
    enrollments = list(
        Enrollment.objects.filter(cohort_id=session.cohort_id, status__in=Enrollment.HOLDING_PLACE)
        .select_related("user", "organisation")
        .order_by("user__family_name", "user__given_name", "pk")
    )
    records = {record.enrollment_id: record for record in AttendanceRecord.objects.filter(session=session)}
    for enrollment in enrollments:
        enrollment.record = records.get(enrollment.pk)
    return enrollments


def session_history(*, session: TrainingSession) -> QuerySet[AttendanceChange]:
    """Every applied mark of the session, newest first, with who was marked and who marked."""
    return (
        AttendanceChange.objects.filter(session=session)
        .select_related("enrollment__user", "changed_by")
        .order_by("-changed_at", "-pk")
    )


def cohort_for_export(*, pk: int, user: User) -> Cohort:
    """A cohort whose attendance `user` may export (its trainers, organisers); 404 otherwise."""
    cohort = get_object_or_404(Cohort.objects.select_related("course"), pk=pk)
    if not (is_organiser(user) or cohort.trainers.filter(pk=user.pk).exists()):
        raise Http404
    return cohort


def cohort_attendance_table(*, cohort: Cohort) -> tuple[list[TrainingSession], list[tuple[Enrollment, list[str]]]]:
    """(sessions, [(enrolment, [status per session, "" when unmarked])]) for every enrolment of the cohort."""
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
    rows = [
        (enrollment, [statuses.get((enrollment.pk, session.pk), "") for session in sessions])
        for enrollment in enrollments
    ]
    return sessions, rows
