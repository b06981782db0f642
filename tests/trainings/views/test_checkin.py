"""The check-in code on the trainer's screen, and self check-in by typed code and by QR link."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CohortFactory, OrganiserFactory, UserFactory
from trainings.models import AttendanceRecord, CheckInCode
from trainings.services import checkin

pytestmark = pytest.mark.django_db


def _poll(client, session, shown):
    """What the code screen's htmx asks every CODE_POLL_SECONDS."""
    url = reverse("trainings:attendance_code", args=[session.pk])
    return client.get(url, {"shown": shown}, headers={"HX-Request": "true"})


def test_checkin_code_page_shows_code_and_qr_and_asks_for_the_next_in_place(trainer_client, live_session):
    url = reverse("trainings:attendance_code", args=[live_session.pk])
    response = trainer_client.get(url)
    code = CheckInCode.objects.get(session=live_session)
    html = response.content.decode()
    assert f'<span id="checkin-code">{code.code[:3]} {code.code[3:]}</span>' in html
    assert 'src="data:image/png;base64,' in html
    # No reload of the whole page (axe: meta-refresh): htmx asks for the code shown, and a link does without JS.
    assert "http-equiv" not in html
    assert f'hx-get="{url}?shown={code.code}" hx-trigger="every 20s" hx-swap="outerHTML"' in html
    assert "vendor/htmx/htmx.min.js" in html
    assert '<div class="visually-hidden" id="checkin-announce" role="status"></div>' in html
    assert f'<a class="btn btn-outline-primary" href="{url}" id="checkin-refresh">Show the current code</a>' in html
    assert "hx-swap-oob" not in html


def test_checkin_code_poll_while_the_code_is_current_swaps_nothing(trainer_client, live_session):
    trainer_client.get(reverse("trainings:attendance_code", args=[live_session.pk]))
    code = CheckInCode.objects.get(session=live_session)
    response = _poll(trainer_client, live_session, code.code)
    assert response.status_code == 204
    assert response.content == b""
    assert CheckInCode.objects.filter(session=live_session).count() == 1


def test_checkin_code_poll_near_expiry_sends_the_new_code_and_says_so(trainer_client, live_session):
    trainer_client.get(reverse("trainings:attendance_code", args=[live_session.pk]))
    old = CheckInCode.objects.get(session=live_session)
    CheckInCode.objects.filter(pk=old.pk).update(expires_at=timezone.now() + datetime.timedelta(minutes=1))
    response = _poll(trainer_client, live_session, old.code)
    new = CheckInCode.objects.exclude(pk=old.pk).get(session=live_session)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<nav" not in html  # only the fragment that replaces the old code
    assert html.lstrip().startswith('<div class="text-center" id="checkin-current"')
    assert f'<span id="checkin-code">{new.code[:3]} {new.code[3:]}</span>' in html
    assert f"?shown={new.code}" in html
    assert 'src="data:image/png;base64,' in html
    assert '<div hx-swap-oob="innerHTML:#checkin-announce">New check-in code: ' in html
    assert f"{new.code[:3]} {new.code[3:]}, valid until" in html


def test_checkin_code_poll_after_the_session_says_why_and_stops(trainer_client, live_session):
    trainer_client.get(reverse("trainings:attendance_code", args=[live_session.pk]))
    code = CheckInCode.objects.get(session=live_session)
    live_session.ends_at = timezone.now() - datetime.timedelta(minutes=1)
    live_session.save()
    response = _poll(trainer_client, live_session, code.code)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<div class="alert alert-warning" id="checkin-current">Self check-in is open only' in html
    assert "hx-trigger" not in html
    assert 'hx-swap-oob="innerHTML:#checkin-announce">Self check-in is open only' in html


def test_checkin_code_poll_after_the_shown_code_expired_sends_a_new_one(trainer_client, live_session):
    """The screen slept (a laptop lid, a projector's standby) past the code's end: the next poll replaces it."""
    trainer_client.get(reverse("trainings:attendance_code", args=[live_session.pk]))
    old = CheckInCode.objects.get(session=live_session)
    earlier = timezone.now() - datetime.timedelta(minutes=8)
    CheckInCode.objects.filter(pk=old.pk).update(created_at=earlier, expires_at=earlier + checkin.CODE_LIFETIME)
    response = _poll(trainer_client, live_session, old.code)
    new = CheckInCode.objects.exclude(pk=old.pk).get(session=live_session)
    html = response.content.decode()
    assert response.status_code == 200
    assert new.code != old.code and new.expires_at > timezone.now() + checkin.CODE_RENEW_BEFORE
    assert f'<span id="checkin-code">{new.code[:3]} {new.code[3:]}</span>' in html
    assert old.code[:3] + " " + old.code[3:] not in html
    assert f'hx-get="{reverse("trainings:attendance_code", args=[live_session.pk])}?shown={new.code}"' in html
    # Asked again with the new code, nothing changes.
    assert _poll(trainer_client, live_session, new.code).status_code == 204
    assert CheckInCode.objects.filter(session=live_session).count() == 2


def test_checkin_code_poll_is_the_session_staffs_only(client, live_session, enrolled, trainer, organiser):
    url = reverse("trainings:attendance_code", args=[live_session.pk])
    # Nobody signed in: the login page, and no code is made.
    response = _poll(client, live_session, "")
    assert response.status_code == 302 and response.url.startswith("/en/accounts/login/")
    assert not CheckInCode.objects.exists()
    # A participant of the cohort and a trainer of another cohort: the session does not exist for them.
    other_trainer = UserFactory()
    CohortFactory(trainers=[other_trainer])
    for person in [enrolled[0].user, other_trainer]:
        client.force_login(person)
        assert _poll(client, live_session, "").status_code == 404
        assert client.get(url).status_code == 404
    assert not CheckInCode.objects.exists()
    # An organiser without two-factor authentication has no organiser power; with it, the fragment.
    client.force_login(OrganiserFactory(with_totp=False))
    assert _poll(client, live_session, "").status_code == 404
    client.force_login(organiser)
    response = _poll(client, live_session, "")
    assert response.status_code == 200
    code = CheckInCode.objects.get(session=live_session)
    assert f'<span id="checkin-code">{code.code[:3]} {code.code[3:]}</span>' in response.content.decode()
    assert code.created_by == organiser


def test_checkin_code_screen_opened_early_keeps_asking_and_shows_the_first_code_by_itself(trainer_client, live_session):
    starts_at = live_session.starts_at
    live_session.starts_at = timezone.now() + checkin.CHECKIN_OPENS_BEFORE + datetime.timedelta(minutes=5)
    live_session.save()
    url = reverse("trainings:attendance_code", args=[live_session.pk])
    html = trainer_client.get(url).content.decode()
    assert "only from 30 minutes before" in html
    assert f'id="checkin-current" hx-get="{url}" hx-trigger="every 20s" hx-swap="outerHTML">' in html
    assert "http-equiv" not in html
    # Still closed: nothing to swap, so the notice is not said again at every poll.
    response = _poll(trainer_client, live_session, "")
    assert response.status_code == 204 and response.content == b""
    assert not CheckInCode.objects.exists()
    # Check-in opens: the next poll brings the first code in place of the notice, and says it.
    live_session.starts_at = starts_at
    live_session.save()
    response = _poll(trainer_client, live_session, "")
    code = CheckInCode.objects.get(session=live_session)
    html = response.content.decode()
    assert html.lstrip().startswith('<div class="text-center" id="checkin-current"')
    assert f'<span id="checkin-code">{code.code[:3]} {code.code[3:]}</span>' in html
    assert 'hx-swap-oob="innerHTML:#checkin-announce">New check-in code: ' in html


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
