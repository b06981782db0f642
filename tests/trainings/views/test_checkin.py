"""The check-in code on the trainer's screen, and self check-in by typed code and by QR link."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from trainings.models import AttendanceRecord, CheckInCode
from trainings.services import checkin

pytestmark = pytest.mark.django_db


def test_checkin_code_page_shows_code_and_qr(trainer_client, live_session):
    response = trainer_client.get(reverse("trainings:attendance_code", args=[live_session.pk]))
    code = CheckInCode.objects.get(session=live_session)
    html = response.content.decode()
    assert f"{code.code[:3]} {code.code[3:]}" in html
    assert 'src="data:image/png;base64,' in html
    assert 'http-equiv="refresh"' in html


def test_checkin_code_page_outside_window_explains(trainer_client, live_session):
    live_session.starts_at = timezone.now() + datetime.timedelta(days=1)
    live_session.ends_at = live_session.starts_at + datetime.timedelta(hours=2)
    live_session.save()
    html = trainer_client.get(reverse("trainings:attendance_code", args=[live_session.pk])).content.decode()
    assert "only from 30 minutes before" in html
    assert not CheckInCode.objects.exists()


def test_checkin_by_typed_code(client, live_session, enrolled, trainer):
    code = checkin.checkin_code_current(session=live_session, by=trainer)
    client.force_login(enrolled[0].user)
    response = client.post(reverse("trainings:checkin"), {"code": code.code.lower()})
    assert "You are marked present" in response.content.decode()
    assert AttendanceRecord.objects.get(enrollment=enrolled[0]).status == "present"


def test_checkin_typed_wrong_code_shows_error_and_keeps_input(client, enrolled):
    client.force_login(enrolled[0].user)
    response = client.post(reverse("trainings:checkin"), {"code": "=cmd|x"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "does not exist" in html
    response = client.post(reverse("trainings:checkin"), {"code": "  "})
    assert "Type the code" in response.content.decode()


def test_checkin_too_many_wrong_codes_are_throttled(client, live_session, enrolled, trainer):
    client.force_login(enrolled[0].user)
    for _ in range(10):
        client.post(reverse("trainings:checkin"), {"code": "XXXXXX"})
    # Even the right code waits now.
    code = checkin.checkin_code_current(session=live_session, by=trainer)
    response = client.post(reverse("trainings:checkin"), {"code": code.code})
    assert response.status_code == 429
    assert "Too many wrong codes" in response.text
    assert not AttendanceRecord.objects.filter(enrollment=enrolled[0]).exists()


def test_checkin_link_anonymous_logs_in_first_then_counts(client, live_session, enrolled, trainer):
    code = checkin.checkin_code_current(session=live_session, by=trainer)
    response = client.get(f"/en/trainings/check-in/{code.code}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.url
    # The code expires while the person logs in; it was valid when scanned.
    CheckInCode.objects.filter(pk=code.pk).update(expires_at=timezone.now() + datetime.timedelta(milliseconds=1))
    client.force_login(enrolled[1].user)
    response = client.get(reverse("trainings:checkin"))
    assert "You are marked present" in response.content.decode()
    assert AttendanceRecord.objects.get(enrollment=enrolled[1]).status == "present"
    # Used once: the next visit shows the form.
    assert "Code on the trainer" in client.get(reverse("trainings:checkin")).content.decode()


def test_checkin_link_not_enrolled_is_refused_clearly(client, live_session, trainer):
    code = checkin.checkin_code_current(session=live_session, by=trainer)
    client.force_login(UserFactory())
    response = client.get(reverse("trainings:checkin_link", args=[code.code]))
    assert response.status_code == 400
    assert "You are not enrolled in COP-RC-01" in response.content.decode()
