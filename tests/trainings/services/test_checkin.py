"""Self check-in codes and a participant checking themselves in (trainings.services.checkin)."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import TrainingSessionFactory, UserFactory
from trainings import errors
from trainings.models import AttendanceChange, AttendanceRecord, CheckInCode
from trainings.services import checkin

pytestmark = pytest.mark.django_db


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
