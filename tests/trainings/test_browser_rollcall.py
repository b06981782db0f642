"""The roll-call on a 360 px phone, online and offline, the check-in code screen, and self check-in by QR link and by
typed code (the roll-call with the server down: test_browser_offline.py)."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser import BROWSER, assert_fits, log_in
from tests.factories import EnrollmentFactory, OrganiserFactory, UserFactory
from tests.factories.people import DEFAULT_PASSWORD
from trainings.models import AttendanceChange, AttendanceRecord, CheckInCode
from trainings.services import attendance, checkin
from trainings.views import checkin as checkin_views

pytestmark = BROWSER


def _sign_in_here(page, user):
    """Fill in the login page the browser was sent to (the scanned code waits meanwhile)."""
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.locator("main form").first.locator("button[type=submit]").first.click()
    page.wait_for_load_state()


def _status(enrollment) -> str | None:
    record = AttendanceRecord.objects.filter(enrollment=enrollment).first()
    return record.status if record else None


def test_trainer_marks_online_then_offline_without_loss(browser, live_server, phone_page, artifact_path, live_session):
    trainer = live_session.cohort.trainers.get()
    people = [
        EnrollmentFactory(
            cohort=live_session.cohort, user=UserFactory(family_name=family, given_name=given, native_name=native)
        )
        for family, given, native in [
            ("Sok", "Vannak", "សុខ វណ្ណៈ"),
            ("Lim", "Sophea", ""),
            ("Chea", "Rithy", ""),
            ("Heng", "Bopha", "ហេង បុប្ផា"),
        ]
    ]
    page = phone_page
    log_in(page, live_server, trainer)
    page.goto("/en/trainings/my-sessions/")
    page.get_by_role("link", name="Roll-call").first.click()
    page.wait_for_url(re.compile(rf"/en/trainings/sessions/{live_session.pk}/attendance/$"))

    def row(enrollment):
        return page.locator(f"#row-{enrollment.pk}")

    # Online: one tap, saved at once without a reload.
    row(people[0]).get_by_role("button", name="Present").click()
    row(people[0]).locator(".rc-state", has_text="Saved").wait_for()
    assert _status(people[0]) == "present"
    assert row(people[0]).get_by_role("button", name="Present").get_attribute("aria-pressed") == "true"
    box = row(people[0]).get_by_role("button", name="Late").bounding_box()
    assert box["height"] >= 44
    assert_fits(page, 360)

    # Offline: three marks wait on the phone, the page says so, nothing reaches the server.
    page.context.set_offline(True)
    row(people[1]).get_by_role("button", name="Late").click()
    row(people[2]).get_by_role("button", name="Absent").click()
    row(people[0]).get_by_role("button", name="Excused").click()
    expect(page.locator("#rc-waiting")).to_have_text("3", timeout=15000)
    page.locator("#rc-connection", has_text="Offline").wait_for()
    assert row(people[1]).locator(".rc-state").text_content() == "Waiting to be sent"
    page.screenshot(path=artifact_path("rollcall-offline-360.png"), full_page=True)
    assert _status(people[1]) is None and _status(people[0]) == "present"

    # Back online: sent in order, once.
    page.context.set_offline(False)
    expect(page.locator("#rc-waiting")).to_have_text("0", timeout=15000)
    row(people[0]).locator(".rc-state", has_text="Saved").wait_for()
    assert (_status(people[0]), _status(people[1]), _status(people[2])) == ("excused", "late", "absent")
    assert AttendanceChange.objects.filter(how="offline_sync").count() == 3
    assert AttendanceChange.objects.count() == 4

    # Offline again, the tab is closed; the marks are still there when the page opens again, and go out.
    page.context.set_offline(True)
    row(people[3]).get_by_role("button", name="Late").click()
    expect(page.locator("#rc-waiting")).to_have_text("1", timeout=15000)
    context = page.context
    page.close()
    context.set_offline(False)
    again = context.new_page()
    again.goto(f"/en/trainings/sessions/{live_session.pk}/attendance/")
    expect(again.locator("#rc-waiting")).to_have_text("0", timeout=15000)
    assert _status(people[3]) == "late"
    assert AttendanceChange.objects.count() == 5

    # "Mark all present" fills in only who is not marked yet: nobody is left, so add one more person.
    newcomer = EnrollmentFactory(cohort=live_session.cohort, user=UserFactory(family_name="Yim", given_name="Dara"))
    again.reload()
    again.get_by_role("button", name="Mark all present").click()
    again.locator(f"#row-{newcomer.pk} .rc-state", has_text="Saved").wait_for()
    assert _status(newcomer) == "present" and _status(people[1]) == "late"
    again.screenshot(path=artifact_path("rollcall-360.png"), full_page=True)


def test_rollcall_wide_screen_and_refused_marks(
    browser, live_server, laptop_page, artifact_path, live_session, enrolled
):
    trainer = live_session.cohort.trainers.get()
    page = laptop_page
    log_in(page, live_server, trainer)
    page.goto(f"/en/trainings/sessions/{live_session.pk}/attendance/")
    # The session locks while the page is open: the trainer is told which mark was not applied.
    live_session.starts_at = timezone.now() - datetime.timedelta(days=9, hours=3)
    live_session.ends_at = timezone.now() - datetime.timedelta(days=9)
    live_session.save()
    page.locator(f"#row-{enrolled[1].pk}").get_by_role("button", name="Absent").click()
    page.locator("#rc-refused", has_text="These marks were not applied").wait_for()
    assert (
        "Lim Sophea" in page.locator("#rc-refused-list").text_content()
        or "Sophea Lim" in page.locator("#rc-refused-list").text_content()
    )
    assert page.locator(f"#row-{enrolled[1].pk} .rc-state").text_content() == "Not saved"
    assert _status(enrolled[1]) is None
    page.screenshot(path=artifact_path("rollcall-refused-1280.png"), full_page=True)


def test_participant_checks_in_by_qr_link_after_logging_in(
    browser, live_server, phone_page, artifact_path, live_session, enrolled
):
    trainer = live_session.cohort.trainers.get()
    code = checkin.checkin_code_current(session=live_session, by=trainer)
    person = enrolled[0].user
    page = phone_page
    page.goto(f"/trainings/check-in/{code.code}/")  # as printed in the QR code: no language prefix
    page.wait_for_url(re.compile(r"/accounts/login/"))
    _sign_in_here(page, person)
    page.locator("#checkin-done").wait_for()
    assert "You are marked present" in page.locator("#checkin-done").text_content()
    assert _status(enrolled[0]) == "present"
    assert AttendanceChange.objects.get(enrollment=enrolled[0]).how == "self_checkin"
    page.screenshot(path=artifact_path("checkin-done-360.png"), full_page=True)


def test_participant_checks_in_by_typed_code(browser, live_server, phone_page, artifact_path, live_session, enrolled):
    trainer = live_session.cohort.trainers.get()
    # The trainer's screen.
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=live_server.url)
    screen = context.new_page()
    log_in(screen, live_server, trainer)
    screen.goto(f"/en/trainings/sessions/{live_session.pk}/attendance/check-in-code/")
    shown = screen.locator("#checkin-code").text_content().strip()
    assert screen.locator("#checkin-qr").is_visible()
    screen.screenshot(path=artifact_path("checkin-code-1280.png"), full_page=True)
    context.close()

    page = phone_page
    log_in(page, live_server, enrolled[1].user)
    page.goto("/en/trainings/check-in/")
    page.get_by_label("Code on the trainer's screen").fill("WRONG1")
    page.get_by_role("button", name="Check in").click()
    page.locator("#checkin-error", has_text="does not exist").wait_for()
    assert page.get_by_label("Code on the trainer's screen").input_value() == "WRONG1"
    page.get_by_label("Code on the trainer's screen").fill(shown.lower())
    page.get_by_role("button", name="Check in").click()
    page.locator("#checkin-done").wait_for()
    assert _status(enrolled[1]) == "present"
    page.screenshot(path=artifact_path("checkin-typed-360.png"), full_page=True)


def test_checkin_code_screen_shows_the_next_code_in_place(
    browser, live_server, phone_page, artifact_path, live_session, monkeypatch
):
    # The screen asks every 20 s; the test does not wait that long (the view reads the constant at each request).
    monkeypatch.setattr(checkin_views, "CODE_POLL_SECONDS", 1)
    trainer = live_session.cohort.trainers.get()
    phone = phone_page
    refused = []  # what the Content-Security-Policy refused (htmx's own <style>, were it not turned off)

    def heard(message):
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    phone.on("console", heard)
    log_in(phone, live_server, trainer)
    phone.goto(f"/en/trainings/sessions/{live_session.pk}/attendance/check-in-code/")
    assert phone.locator("meta[http-equiv]").count() == 0
    first = CheckInCode.objects.get(session=live_session)
    expect(phone.locator("#checkin-code")).to_have_text(f"{first.code[:3]} {first.code[3:]}")
    qr = phone.locator("#checkin-qr").get_attribute("src")
    phone.evaluate("window.sameDocument = true")
    phone.screenshot(path=artifact_path("checkin-code-360.png"), full_page=True)

    # While the code has time left, asking changes nothing; near its end, the next one is swapped in and said.
    phone.wait_for_timeout(2500)
    expect(phone.locator("#checkin-code")).to_have_text(f"{first.code[:3]} {first.code[3:]}")
    expect(phone.locator("#checkin-announce")).to_have_text("")
    assert CheckInCode.objects.filter(session=live_session).count() == 1
    CheckInCode.objects.filter(pk=first.pk).update(expires_at=timezone.now() + datetime.timedelta(minutes=1))
    expect(phone.locator("#checkin-code")).not_to_have_text(f"{first.code[:3]} {first.code[3:]}", timeout=10000)
    second = CheckInCode.objects.exclude(pk=first.pk).get(session=live_session)
    shown = f"{second.code[:3]} {second.code[3:]}"
    expect(phone.locator("#checkin-code")).to_have_text(shown)
    expect(phone.locator("#checkin-announce")).to_contain_text(f"New check-in code: {shown}, valid until")
    assert phone.locator("#checkin-qr").get_attribute("src") != qr
    assert phone.evaluate("window.sameDocument") is True  # the same page: no reload
    assert phone.locator("meta[http-equiv]").count() == 0
    assert refused == []
    phone.screenshot(path=artifact_path("checkin-code-next-360.png"), full_page=True)


def test_checkin_code_screen_opened_early_shows_the_first_code_when_check_in_opens(
    browser, live_server, phone_page, artifact_path, live_session, monkeypatch
):
    monkeypatch.setattr(checkin_views, "CODE_POLL_SECONDS", 1)
    starts_at = live_session.starts_at
    live_session.starts_at = timezone.now() + checkin.CHECKIN_OPENS_BEFORE + datetime.timedelta(minutes=5)
    live_session.save()
    phone = phone_page
    log_in(phone, live_server, live_session.cohort.trainers.get())
    phone.goto(f"/en/trainings/sessions/{live_session.pk}/attendance/check-in-code/")
    expect(phone.locator("#checkin-current")).to_contain_text("Self check-in is open only from 30 minutes before")
    phone.evaluate("window.sameDocument = true")
    assert_fits(phone, 360)
    phone.screenshot(path=artifact_path("checkin-code-early-360.png"), full_page=True)
    phone.wait_for_timeout(2500)  # a few polls while it is closed: the notice stays and is not said again
    expect(phone.locator("#checkin-announce")).to_have_text("")
    assert not CheckInCode.objects.exists()

    live_session.starts_at = starts_at  # check-in opens
    live_session.save()
    expect(phone.locator("#checkin-code")).to_be_visible(timeout=10000)
    code = CheckInCode.objects.get(session=live_session)
    expect(phone.locator("#checkin-code")).to_have_text(f"{code.code[:3]} {code.code[3:]}")
    expect(phone.locator("#checkin-announce")).to_contain_text("New check-in code:")
    assert phone.evaluate("window.sameDocument") is True
    assert_fits(phone, 360)


def test_organiser_unlocks_a_locked_session_and_reads_history(
    browser, live_server, laptop_page, artifact_path, live_session, enrolled
):
    trainer = live_session.cohort.trainers.get()
    attendance.attendance_mark(session=live_session, enrollment_id=enrolled[0].pk, status="absent", by=trainer)
    attendance.attendance_mark(session=live_session, enrollment_id=enrolled[0].pk, status="late", by=trainer)
    live_session.starts_at = timezone.now() - datetime.timedelta(days=20, hours=3)
    live_session.ends_at = timezone.now() - datetime.timedelta(days=20)
    live_session.save()
    organiser = OrganiserFactory(with_totp=True, given_name="Chanthy", family_name="Organiser")
    page = laptop_page
    log_in(page, live_server, organiser)
    page.goto(f"/en/organiser/trainings/cohorts/{live_session.cohort_id}/")
    page.get_by_role("link", name=re.compile("Roll-call")).first.click()
    page.locator("#rc-locked").wait_for()
    page.get_by_role("button", name="Unlock for trainers").click()
    page.get_by_text("Attendance is open to trainers until").wait_for()
    page.locator(f"#row-{enrolled[1].pk}").get_by_role("button", name="Present").click()
    page.locator(f"#row-{enrolled[1].pk} .rc-state", has_text="Saved").wait_for()
    assert _status(enrolled[1]) == "present"
    page.get_by_role("link", name="History of changes").click()
    table = page.locator("#attendance-history")
    assert table.locator("tbody tr").count() == 3
    assert table.locator("tbody tr").first.locator("td").nth(4).text_content() == "Chanthy Organiser"
    page.screenshot(path=artifact_path("rollcall-history-1280.png"), full_page=True)
