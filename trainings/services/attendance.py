"""Writes of the roll-call: marks (tap, offline sync, form, self check-in), and the lock and an organiser's unlock.

Every mark of a session is applied while the session row is locked (`select_for_update`), so marks of the same
session are applied one after the other in the order the server receives them: the later mark wins, and every
mark is kept in `AttendanceChange`. A mark carries an id made by the trainer's page; a mark whose id is already
known is a retry and is ignored.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from people.inputs import parse_id, year_in_range
from people.models import User

from ..errors import AttendanceLocked, InvalidMark, NotEnrolled, TrainingError
from ..models import AttendanceChange, AttendanceRecord, AttendanceUnlock, Enrollment, TrainingSession

MAX_MARKS_PER_REQUEST = 200
LOOK_UP = object()  # attendance_is_locked: the caller has not read the unlock


# --- Lock ---------------------------------------------------------------------------------------------------


def attendance_locks_at(session: TrainingSession) -> datetime.datetime:
    """When trainers can no longer change the session's attendance (the course's setting, days after its end)."""
    return session.ends_at + datetime.timedelta(days=session.cohort.course.attendance_lock_days)


def attendance_is_locked(
    *,
    session: TrainingSession,
    unlock: AttendanceUnlock | None | object = LOOK_UP,
    now: datetime.datetime | None = None,
) -> bool:
    """Locked once `attendance_locks_at` has passed, unless an organiser's unlock is still running.

    Pass the session's `unlock` as the caller read it (None: there is none) to save a query; leave it out to have
    it looked up.
    """
    now = now or timezone.now()
    if now < attendance_locks_at(session):
        return False
    if unlock is LOOK_UP:
        unlock = AttendanceUnlock.objects.filter(session=session).first()
    return unlock is None or unlock.until <= now


@transaction.atomic
def attendance_unlock(*, session: TrainingSession, by: User, days: int | None = None) -> AttendanceUnlock:
    """Reopen a locked session's attendance for `days` (default: the course's lock days, at least one)."""
    now = timezone.now()
    days = days or max(session.cohort.course.attendance_lock_days, 1)
    unlock, _created = AttendanceUnlock.objects.update_or_create(
        session=session,
        defaults={"unlocked_by": by, "unlocked_at": now, "until": now + datetime.timedelta(days=days)},
    )
    return unlock


@transaction.atomic
def attendance_relock(*, session: TrainingSession) -> None:
    """End an organiser's unlock at once."""
    AttendanceUnlock.objects.filter(session=session).delete()


# --- Marks --------------------------------------------------------------------------------------------------


@dataclass
class Mark:
    enrollment_id: int
    status: str
    mark_id: uuid.UUID
    marked_at: datetime.datetime | None = None
    how: str = AttendanceChange.How.TAP


@dataclass
class MarkResult:
    mark_id: uuid.UUID
    enrollment_id: int
    outcome: str  # "applied", "duplicate" or "refused"
    status: str  # the person's status on the server after this mark ("" when never marked)
    message: str = ""


def mark_from_data(data: dict, *, how_default: str = AttendanceChange.How.TAP) -> Mark:
    """A mark as the page sends it ({"id", "enrollment", "status", "at", "offline"}); InvalidMark when malformed."""
    if not isinstance(data, dict):
        raise InvalidMark
    try:
        mark_id = uuid.UUID(str(data.get("id", "")))
    except ValueError as error:
        raise InvalidMark from error
    # An int or a string of digits; `true` and `1.5` are no enrolment's id.
    enrollment_id = parse_id(data.get("enrollment"))
    if enrollment_id is None:
        raise InvalidMark
    status = data.get("status")
    if status not in AttendanceRecord.Status.values:
        raise InvalidMark
    marked_at = None
    if isinstance(data.get("at"), str) and len(data["at"]) <= 40:
        try:
            marked_at = parse_datetime(data["at"])
        except ValueError:
            marked_at = None
        if marked_at is not None and (timezone.is_naive(marked_at) or not year_in_range(marked_at)):
            marked_at = None
    how = AttendanceChange.How.OFFLINE_SYNC if data.get("offline") is True else how_default
    return Mark(enrollment_id=enrollment_id, status=status, mark_id=mark_id, marked_at=marked_at, how=how)


def _apply_one(
    *, session: TrainingSession, enrollment: Enrollment | None, mark: Mark, by: User | None, now, locked: bool
) -> MarkResult:
    record = None
    if enrollment is not None:
        record = AttendanceRecord.objects.filter(session=session, enrollment=enrollment).first()
    current = record.status if record else ""
    if AttendanceChange.objects.filter(client_mark_id=mark.mark_id).exists():
        return MarkResult(mark.mark_id, mark.enrollment_id, "duplicate", current)
    if enrollment is None:
        return MarkResult(mark.mark_id, mark.enrollment_id, "refused", current, str(NotEnrolled.default_message))
    if locked:
        return MarkResult(mark.mark_id, mark.enrollment_id, "refused", current, str(AttendanceLocked.default_message))
    if record is None:
        record = AttendanceRecord.objects.create(
            session=session, enrollment=enrollment, status=mark.status, updated_by=by
        )
    elif record.status != mark.status or record.updated_by_id != (by.pk if by else None):
        record.status = mark.status
        record.updated_by = by
        record.save(update_fields=["status", "updated_by", "updated_at"])
    AttendanceChange.objects.create(
        session=session,
        enrollment=enrollment,
        record=record,
        old_status=current,
        new_status=mark.status,
        how=mark.how,
        changed_by=by,
        changed_at=now,
        client_marked_at=mark.marked_at,
        client_mark_id=mark.mark_id,
    )
    return MarkResult(mark.mark_id, mark.enrollment_id, "applied", mark.status)


@transaction.atomic
def attendance_marks_apply(*, session: TrainingSession, marks: list[Mark], by: User | None) -> list[MarkResult]:
    """Apply marks in the order given, under the session's row lock; one result per mark.

    A mark whose id was seen before is a "duplicate" (nothing changes); a mark for someone who holds no place in
    the cohort, or arriving while the attendance is locked, is "refused" with the reason; the others are
    "applied" and kept in the history. The caller checked that `by` may mark this session.
    """
    if len(marks) > MAX_MARKS_PER_REQUEST:
        raise InvalidMark(_("Too many marks at once."))
    session = TrainingSession.objects.select_for_update().select_related("cohort__course").get(pk=session.pk)
    now = timezone.now()
    locked = attendance_is_locked(session=session, now=now)
    enrollments = Enrollment.objects.filter(
        cohort_id=session.cohort_id,
        pk__in={mark.enrollment_id for mark in marks},
        status__in=Enrollment.HOLDING_PLACE,
    ).in_bulk()
    results = []
    for mark in marks:
        try:
            with transaction.atomic():
                result = _apply_one(
                    session=session,
                    enrollment=enrollments.get(mark.enrollment_id),
                    mark=mark,
                    by=by,
                    now=now,
                    locked=locked,
                )
        except IntegrityError:  # the same mark id arrived for another session at the same moment
            result = MarkResult(mark.mark_id, mark.enrollment_id, "duplicate", "")
        results.append(result)
    return results


def attendance_mark(
    *, session: TrainingSession, enrollment_id: int, status: str, by: User | None, how: str = AttendanceChange.How.FORM
) -> MarkResult:
    """One mark made on the server (the form without JavaScript); raises the refusal as a TrainingError."""
    if status not in AttendanceRecord.Status.values:
        raise InvalidMark
    mark = Mark(enrollment_id=enrollment_id, status=status, mark_id=uuid.uuid4(), how=how)
    (result,) = attendance_marks_apply(session=session, marks=[mark], by=by)
    if result.outcome == "refused":
        raise TrainingError(result.message)
    return result


@transaction.atomic
def attendance_mark_all_present(*, session: TrainingSession, by: User | None, how: str) -> int:
    """Mark everyone who holds a place and has no mark yet as present; returns how many were marked."""
    marked = set(AttendanceRecord.objects.filter(session=session).values_list("enrollment_id", flat=True))
    ids = Enrollment.objects.filter(cohort_id=session.cohort_id, status__in=Enrollment.HOLDING_PLACE).values_list(
        "pk", flat=True
    )
    marks = [
        Mark(enrollment_id=pk, status=AttendanceRecord.Status.PRESENT, mark_id=uuid.uuid4(), how=how)
        for pk in ids
        if pk not in marked
    ]
    results = attendance_marks_apply(session=session, marks=marks, by=by)
    refused = [result for result in results if result.outcome == "refused"]
    if refused:
        raise TrainingError(refused[0].message)
    return len(results)
