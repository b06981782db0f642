import io

import pytest

from people import demo as people_demo
from people.models import Membership
from trainings import demo
from trainings.models import AttendanceChange, AttendanceRecord, Cohort, Course, Enrollment

pytestmark = pytest.mark.django_db


def _counts():
    return [
        model.objects.count() for model in (Course, Cohort, Enrollment, AttendanceRecord, AttendanceChange, Membership)
    ]


def test_demo_seed_is_idempotent_and_complete():
    people_demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())
    first = _counts()
    demo.seed(stdout=io.StringIO())
    assert _counts() == first

    assert Course.objects.get(title_en="Child online protection for technology companies").title_km
    assert Course.objects.get(title_en="Reporting child sexual abuse material and other incidents").title_km
    past = Cohort.objects.get(code="COP-2026-01")
    assert past.completion_decided_at is not None
    statuses = set(past.enrollments.values_list("status", flat=True))
    assert {"completed", "not_completed"} <= statuses
    assert Cohort.objects.filter(trainers__email="trainer@example.org").count() == 5
    assert Cohort.objects.get(code="COP-2026-02").completion_decided_at is None
    focal_countries = set(
        Membership.objects.filter(is_focal_point=True).values_list("organisation__country", flat=True)
    )
    assert {"KH", "TH", "VN", "SG"} <= focal_countries
    assert Membership.objects.filter(status="pending", organisation__name="Mekong Mobile").exists()


def test_demo_attendance_of_past_sessions_has_its_history():
    people_demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())
    records = AttendanceRecord.objects.count()
    assert records > 0
    assert AttendanceChange.objects.count() == records  # one tap each, as a trainer would have made it
    assert not AttendanceChange.objects.exclude(how="tap").exists()
