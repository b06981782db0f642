"""Courses, cohorts and sessions (trainings.services.courses): an impossible rule or date is a ValidationError."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from trainings.services import courses

pytestmark = pytest.mark.django_db


def test_session_create_ending_before_start_is_a_validation_error(cohort):
    start = timezone.now()
    with pytest.raises(ValidationError) as error:
        courses.session_create(
            cohort=cohort, data={"topic": "Intro", "starts_at": start, "ends_at": start - datetime.timedelta(hours=1)}
        )
    assert "ends_at" in error.value.message_dict


def test_course_create_without_pass_mark_for_assessment_is_a_validation_error():
    with pytest.raises(ValidationError):
        courses.course_create(data={"title_en": "X", "hours": 2, "has_assessment": True, "pass_mark": None})
