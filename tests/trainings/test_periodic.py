"""`manage.py run_periodic` runs every job in settings.PERIODIC_JOBS, and the jobs do their work."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils.module_loading import import_string

from tests.factories.trainings import AttendanceRecordFactory, EnrollmentFactory
from trainings.models import Enrollment

pytestmark = pytest.mark.django_db


def test_every_periodic_job_imports():
    assert settings.PERIODIC_JOBS
    for path in settings.PERIODIC_JOBS:
        assert callable(import_string(path)), path


def test_run_periodic_decides_a_finished_cohort(past_cohort):
    enrollment = EnrollmentFactory(cohort=past_cohort)
    for session in past_cohort.sessions.all():
        AttendanceRecordFactory(session=session, enrollment=enrollment, status="present")
    out = io.StringIO()
    call_command("run_periodic", stdout=out)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.COMPLETED
    assert "trainings.periodic.decide_completions: 1 enrolment(s) completed" in out.getvalue()
    out = io.StringIO()
    call_command("run_periodic", stdout=out)  # idempotent: nothing left to decide
    assert "decide_completions" not in out.getvalue()


def test_a_failing_job_does_not_stop_the_others(settings, past_cohort, caplog):
    settings.PERIODIC_JOBS = ["tests.trainings.test_periodic.broken_job", "trainings.periodic.decide_completions"]
    EnrollmentFactory(cohort=past_cohort)
    call_command("run_periodic", stdout=io.StringIO())
    past_cohort.refresh_from_db()
    assert past_cohort.completion_decided_at is not None
    assert "broken_job failed" in caplog.text


def broken_job():
    raise RuntimeError("boom")
