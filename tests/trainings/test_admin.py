"""The trainings admin: the attendance history is readable by organisers and never editable."""

import pytest
from django.urls import reverse

from tests.factories.trainings import EnrollmentFactory, TrainingSessionFactory
from trainings.models import AttendanceChange
from trainings.services.attendance import attendance_mark

pytestmark = pytest.mark.django_db


def test_attendance_history_admin_is_read_only(organiser_client):
    session = TrainingSessionFactory()
    enrollment = EnrollmentFactory(cohort=session.cohort)
    attendance_mark(session=session, enrollment_id=enrollment.pk, status="present", by=None)
    change = AttendanceChange.objects.get()

    changelist = reverse("admin:trainings_attendancechange_changelist")
    assert organiser_client.get(changelist, {"q": enrollment.user.family_name}).status_code == 200
    response = organiser_client.get(reverse("admin:trainings_attendancechange_change", args=[change.pk]))
    assert response.status_code == 200
    assert 'name="new_status"' not in response.content.decode()
    assert organiser_client.get(reverse("admin:trainings_attendancechange_add")).status_code == 403
    delete = reverse("admin:trainings_attendancechange_delete", args=[change.pk])
    assert organiser_client.post(delete, {"post": "yes"}).status_code == 403
    assert AttendanceChange.objects.filter(pk=change.pk).exists()


def test_enrollment_admin_hides_reach_copy(organiser_client):
    """The copy kept for reports (people.reach.ReachFields) is neither shown nor editable on the change form."""
    enrollment = EnrollmentFactory()
    page = organiser_client.get(reverse("admin:trainings_enrollment_change", args=[enrollment.pk])).content.decode()
    assert 'name="status"' in page
    for name in ("reach_sex", "reach_age_band", "reach_country", "reach_organisation_kind", "reach_recorded_at"):
        assert name not in page
    assert "for reports" not in page
