import io

import pytest

from people import demo as people_demo
from trainings import demo
from trainings.models import AttendanceChange, AttendanceRecord, Cohort

pytestmark = pytest.mark.django_db


def test_demo_attendance_for_past_sessions_has_history_and_decides_completion():
    people_demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())
    records = AttendanceRecord.objects.count()
    assert records > 0
    assert AttendanceChange.objects.count() == records
    assert not AttendanceChange.objects.exclude(how="tap").exists()
    past = Cohort.objects.get(code="COP-2026-01")
    assert past.completion_decided_at is not None
    assert past.enrollments.filter(status="completed").exists()
    demo.seed(stdout=io.StringIO())
    assert AttendanceChange.objects.count() == records
