"""The roll-call's marks, their history, the lock and an organiser's unlock (trainings.services.attendance)."""

import datetime
import uuid

import pytest
from django.utils import timezone

from tests.factories import EnrollmentFactory, OrganiserFactory, TrainingSessionFactory, UserFactory
from trainings import errors
from trainings.models import AttendanceChange, AttendanceRecord
from trainings.services import attendance

pytestmark = pytest.mark.django_db


def _mark(enrollment, status, mark_id=None, **kwargs):
    return attendance.Mark(enrollment_id=enrollment.pk, status=status, mark_id=mark_id or uuid.uuid4(), **kwargs)


def test_marks_apply_creates_record_and_history(live_session, enrolled, trainer):
    results = attendance.attendance_marks_apply(
        session=live_session, marks=[_mark(enrolled[0], "present"), _mark(enrolled[1], "late")], by=trainer
    )
    assert [result.outcome for result in results] == ["applied", "applied"]
    assert AttendanceRecord.objects.get(session=live_session, enrollment=enrolled[0]).status == "present"
    change = AttendanceChange.objects.get(enrollment=enrolled[1])
    assert (change.old_status, change.new_status, change.how, change.changed_by) == ("", "late", "tap", trainer)


def test_marks_apply_same_mark_id_twice_is_applied_once(live_session, enrolled, trainer):
    mark = _mark(enrolled[0], "absent")
    attendance.attendance_marks_apply(session=live_session, marks=[mark], by=trainer)
    (again,) = attendance.attendance_marks_apply(session=live_session, marks=[mark], by=trainer)
    assert again.outcome == "duplicate"
    assert again.status == "absent"
    assert AttendanceChange.objects.count() == 1


def test_marks_apply_later_mark_wins_and_both_in_history(live_session, enrolled, trainer):
    other_trainer = UserFactory()
    live_session.cohort.trainers.add(other_trainer)
    attendance.attendance_marks_apply(session=live_session, marks=[_mark(enrolled[0], "absent")], by=trainer)
    attendance.attendance_marks_apply(session=live_session, marks=[_mark(enrolled[0], "late")], by=other_trainer)
    record = AttendanceRecord.objects.get(enrollment=enrolled[0])
    assert (record.status, record.updated_by) == ("late", other_trainer)
    history = list(AttendanceChange.objects.filter(enrollment=enrolled[0]).order_by("pk"))
    assert [(c.old_status, c.new_status, c.changed_by) for c in history] == [
        ("", "absent", trainer),
        ("absent", "late", other_trainer),
    ]


def test_marks_apply_in_order_within_one_request(live_session, enrolled, trainer):
    marks = [_mark(enrolled[0], "absent"), _mark(enrolled[0], "present", how="offline_sync")]
    attendance.attendance_marks_apply(session=live_session, marks=marks, by=trainer)
    assert AttendanceRecord.objects.get(enrollment=enrolled[0]).status == "present"
    assert AttendanceChange.objects.filter(how="offline_sync").count() == 1


def test_marks_apply_refuses_person_not_enrolled(live_session, enrolled, trainer):
    stranger = EnrollmentFactory()  # enrolled in another cohort
    withdrawn = EnrollmentFactory(cohort=live_session.cohort, status="withdrawn", withdrawn_at=timezone.now())
    results = attendance.attendance_marks_apply(
        session=live_session, marks=[_mark(stranger, "present"), _mark(withdrawn, "present")], by=trainer
    )
    assert [result.outcome for result in results] == ["refused", "refused"]
    assert "not enrolled" in results[0].message
    assert not AttendanceRecord.objects.exists()


def _past_session(trainer, days_ago: int, lock_days: int = 3):
    ends = timezone.now() - datetime.timedelta(days=days_ago)
    session = TrainingSessionFactory(
        starts_at=ends - datetime.timedelta(hours=3), ends_at=ends, cohort__course__attendance_lock_days=lock_days
    )
    session.cohort.trainers.add(trainer)
    return session


def test_marks_after_lock_are_refused_and_unlock_reopens(trainer):
    session = _past_session(trainer, days_ago=4, lock_days=3)
    enrollment = EnrollmentFactory(cohort=session.cohort)
    (result,) = attendance.attendance_marks_apply(session=session, marks=[_mark(enrollment, "present")], by=trainer)
    assert result.outcome == "refused"
    assert "locked" in result.message
    assert attendance.attendance_is_locked(session=session)

    unlock = attendance.attendance_unlock(session=session, by=OrganiserFactory())
    assert unlock.until > timezone.now() + datetime.timedelta(days=2)
    assert not attendance.attendance_is_locked(session=session)
    (result,) = attendance.attendance_marks_apply(session=session, marks=[_mark(enrollment, "present")], by=trainer)
    assert result.outcome == "applied"

    attendance.attendance_relock(session=session)
    assert attendance.attendance_is_locked(session=session)


def test_attendance_not_locked_within_lock_days(trainer):
    assert not attendance.attendance_is_locked(session=_past_session(trainer, days_ago=2, lock_days=3))
    assert attendance.attendance_is_locked(session=_past_session(trainer, days_ago=1, lock_days=0))


def test_mark_from_data_reads_and_rejects():
    mark_id = uuid.uuid4()
    mark = attendance.mark_from_data(
        {"id": str(mark_id), "enrollment": "7", "status": "late", "at": "2027-01-02T03:04:05Z", "offline": True}
    )
    assert (mark.mark_id, mark.enrollment_id, mark.status, mark.how) == (mark_id, 7, "late", "offline_sync")
    assert mark.marked_at.year == 2027
    for bad in [
        {"id": "nope", "enrollment": 1, "status": "present"},
        {"id": str(mark_id), "enrollment": "x", "status": "present"},
        {"id": str(mark_id), "enrollment": 1, "status": "asleep"},
        ["not", "a", "dict"],
    ]:
        with pytest.raises(errors.InvalidMark):
            attendance.mark_from_data(bad)
    garbage_time = {"id": str(mark_id), "enrollment": 1, "status": "present", "at": "garbage"}
    assert attendance.mark_from_data(garbage_time).marked_at is None


def test_mark_all_present_marks_only_unmarked(live_session, enrolled, trainer):
    attendance.attendance_mark(session=live_session, enrollment_id=enrolled[0].pk, status="absent", by=trainer)
    count = attendance.attendance_mark_all_present(session=live_session, by=trainer, how="form")
    assert count == 2
    statuses = dict(AttendanceRecord.objects.values_list("enrollment_id", "status"))
    assert statuses == {enrolled[0].pk: "absent", enrolled[1].pk: "present", enrolled[2].pk: "present"}
