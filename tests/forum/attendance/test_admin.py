"""Attendance overrides in the admin: listed and readable, never changed there (an audit trail)."""

import pytest
from django.urls import reverse

from forum.models import AttendanceOverride
from tests.forum.attendance.helpers import overridden

pytestmark = pytest.mark.django_db


def test_overrides_are_read_only_in_the_admin(organiser_client, approved):
    override = overridden(approved(), reason="Signed the paper list")
    listing = organiser_client.get(reverse("admin:forum_attendanceoverride_changelist"))
    assert listing.status_code == 200
    url = reverse("admin:forum_attendanceoverride_change", args=[override.pk])
    assert "Signed the paper list" in organiser_client.get(url).content.decode()
    organiser_client.post(url, {"reason": "Changed"})
    assert AttendanceOverride.objects.get().reason == "Signed the paper list"
    assert organiser_client.get(reverse("admin:forum_attendanceoverride_add")).status_code == 403
