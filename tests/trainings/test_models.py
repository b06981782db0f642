import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from tests.factories import CohortFactory, CourseFactory, TrainingSessionFactory
from trainings.models import Enrollment

pytestmark = pytest.mark.django_db


def test_session_ending_before_start_is_refused_by_the_database():
    cohort = CohortFactory()
    start = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        TrainingSessionFactory(cohort=cohort, starts_at=start, ends_at=start - datetime.timedelta(hours=1))


def test_cohort_ending_before_start_is_refused_by_the_database():
    today = timezone.localdate()
    with pytest.raises(IntegrityError), transaction.atomic():
        CohortFactory(starts_on=today, ends_on=today - datetime.timedelta(days=1))


def test_course_pass_mark_without_assessment_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        CourseFactory(has_assessment=False, pass_mark=70)


def test_course_title_in_khmer_on_km():
    course = CourseFactory(title_en="Reporting incidents", title_km="ការរាយការណ៍")
    with translation.override("km"):
        assert course.title == "ការរាយការណ៍"
    with translation.override("en"):
        assert course.title == "Reporting incidents"


def test_course_title_falls_back_to_english_without_khmer():
    course = CourseFactory(title_en="Reporting incidents", title_km="")
    with translation.override("km"):
        assert course.title == "Reporting incidents"


def test_enrollment_completion_reason_from_stored_numbers():
    enrollment = Enrollment(
        decided_at=timezone.now(),
        sessions_attended=5,
        sessions_counted=6,
        decided_min_attendance_percent=80,
        decided_score=82,
        decided_pass_mark=70,
    )
    with translation.override("en"):
        assert enrollment.completion_reason == "attended 5 of 6 sessions (80% required); assessment 82, pass mark 70"


def test_enrollment_completion_reason_empty_before_decision():
    assert Enrollment().completion_reason == ""


@pytest.mark.parametrize(
    ("status", "by_person", "by_organiser"),
    [
        (Enrollment.Status.ENROLLED, True, True),
        (Enrollment.Status.COMPLETED, False, True),
        (Enrollment.Status.NOT_COMPLETED, False, True),
        (Enrollment.Status.WITHDRAWN, False, False),
    ],
)
def test_enrollment_may_be_withdrawn_by_whom(status, by_person, by_organiser):
    enrollment = Enrollment(status=status)
    assert (enrollment.can_be_withdrawn, enrollment.can_be_withdrawn_by_organiser) == (by_person, by_organiser)
    assert enrollment.holds_place is (status != Enrollment.Status.WITHDRAWN)


def test_enrollment_decision_clear_forgets_the_outcome_numbers():
    enrollment = Enrollment(decided_at=timezone.now(), sessions_attended=5, sessions_counted=6, decided_score=82)
    enrollment.decision_clear()
    assert (enrollment.decided_at, enrollment.sessions_attended, enrollment.completion_reason) == (None, None, "")
