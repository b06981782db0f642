"""Marks, history, lock and self check-in codes."""

import datetime
import uuid

import pytest
from django.utils import timezone

from tests.factories import EnrollmentFactory, OrganiserFactory, TrainingSessionFactory, UserFactory
from trainings import errors
from trainings.models import AttendanceChange, AttendanceRecord, CheckInCode
from trainings.services import attendance, checkin

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


# --- Check-in codes -----------------------------------------------------------------------------------------


def test_checkin_code_is_short_unambiguous_and_reused_while_fresh(live_session, trainer):
    code = checkin.checkin_code_current(session=live_session, by=trainer)
    assert len(code.code) == 6
    assert not set(code.code) & set("0O1IL2Z5S8B")
    assert checkin.checkin_code_current(session=live_session, by=trainer) == code
    CheckInCode.objects.filter(pk=code.pk).update(expires_at=timezone.now() + datetime.timedelta(seconds=30))
    assert checkin.checkin_code_current(session=live_session, by=trainer) != code


def test_checkin_code_refused_outside_the_session(trainer):
    later = TrainingSessionFactory(starts_at=timezone.now() + datetime.timedelta(hours=5))
    with pytest.raises(errors.CheckInRefused):
        checkin.checkin_code_current(session=later, by=trainer)


def test_checkin_self_marks_present_once(live_session, enrolled, trainer):
    code = checkin.checkin_code_current(session=live_session, by=trainer)
    person = enrolled[1].user
    session, changed = checkin.checkin_self(user=person, code_text=code.code.lower()[:3] + " " + code.code[3:])
    assert (session, changed) == (live_session, True)
    assert AttendanceRecord.objects.get(enrollment=enrolled[1]).status == "present"
    assert AttendanceChange.objects.get(enrollment=enrolled[1]).how == "self_checkin"
    assert checkin.checkin_self(user=person, code_text=code.code) == (live_session, False)


def test_checkin_self_refusals(live_session, enrolled, trainer):
    code = checkin.checkin_code_current(session=live_session, by=trainer)
    with pytest.raises(errors.CheckInRefused, match="not enrolled"):
        checkin.checkin_self(user=UserFactory(), code_text=code.code)
    with pytest.raises(errors.CheckInRefused, match="does not exist"):
        checkin.checkin_self(user=enrolled[0].user, code_text="XXXXXX")
    other = TrainingSessionFactory(cohort=live_session.cohort, starts_at=live_session.starts_at)
    with pytest.raises(errors.CheckInRefused, match="another session"):
        checkin.checkin_self(user=enrolled[0].user, code_text=code.code, session=other)
    now = timezone.now()
    CheckInCode.objects.filter(pk=code.pk).update(
        created_at=now - datetime.timedelta(minutes=6), expires_at=now - datetime.timedelta(seconds=1)
    )
    with pytest.raises(errors.CheckInRefused, match="expired"):
        checkin.checkin_self(user=enrolled[0].user, code_text=code.code)


def test_checkin_self_scanned_before_expiry_counts_after_login(live_session, enrolled, trainer):
    code = checkin.checkin_code_current(session=live_session, by=trainer)
    scanned_at = timezone.now()
    CheckInCode.objects.filter(pk=code.pk).update(expires_at=scanned_at + datetime.timedelta(seconds=1))
    code.refresh_from_db()
    # Logging in took longer than the code lived: it was valid when scanned, so it counts.
    assert code.expires_at < timezone.now() + datetime.timedelta(seconds=2)
    session, changed = checkin.checkin_self(user=enrolled[0].user, code_text=code.code, scanned_at=scanned_at)
    assert changed
    with pytest.raises(errors.CheckInRefused, match="too old"):
        checkin.checkin_self(
            user=enrolled[1].user, code_text=code.code, scanned_at=timezone.now() - datetime.timedelta(hours=1)
        )


def test_pending_scan_roundtrip_and_tampering():
    store = {}
    checkin.pending_scan_remember(request_session=store, code_text="abc 234")
    code, scanned_at = checkin.pending_scan_take(request_session=store)
    assert code == "ABC234"
    assert abs((timezone.now() - scanned_at).total_seconds()) < 5
    assert checkin.pending_scan_take(request_session=store) is None
    store[checkin.PENDING_SCAN_KEY] = "forged:value"
    assert checkin.pending_scan_take(request_session=store) is None


def test_checkin_self_code_of_another_cohorts_session_says_so(live_session, enrolled, trainer):
    other = TrainingSessionFactory(
        starts_at=live_session.starts_at, ends_at=live_session.ends_at, topic="Reporting incidents"
    )
    other.cohort.trainers.add(trainer)
    code = checkin.checkin_code_current(session=other, by=trainer)
    with pytest.raises(errors.CheckInRefused, match="This code is for another session") as refusal:
        checkin.checkin_self(user=enrolled[0].user, code_text=code.code)
    assert "COP-RC-01: Children's rights online" in str(refusal.value.message)
    assert not AttendanceRecord.objects.exists()
