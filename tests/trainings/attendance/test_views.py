"""The roll-call page, its JSON marks, the form fallback, check-in pages, sheet and exports."""

import datetime
import io
import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.factories import EnrollmentFactory, OrganisationFactory, OrganiserFactory, UserFactory
from trainings.models import AttendanceChange, AttendanceRecord, AttendanceUnlock, CheckInCode
from trainings.services import attendance, checkin

pytestmark = pytest.mark.django_db


def _post_marks(client, session, marks):
    return client.post(
        reverse("trainings:attendance_marks", args=[session.pk]),
        data=json.dumps({"marks": marks}),
        content_type="application/json",
    )


def test_rollcall_page_lists_everyone_with_four_buttons(trainer_client, live_session, enrolled):
    AttendanceRecord.objects.create(session=live_session, enrollment=enrolled[0], status="late")
    response = trainer_client.get(reverse("trainings:attendance", args=[live_session.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "សុខ វណ្ណៈ" in html
    assert html.count('class="rc-row"') == 3
    assert f'value="{enrolled[0].pk}:late" class="rc-btn rc-late" aria-pressed="true"' in html
    assert "Mark all present" in html
    assert "Show a check-in code" in html
    assert "js/rollcall.js" in html


def test_rollcall_page_query_count_same_for_5_and_60(trainer_client, live_session):
    organisations = [OrganisationFactory() for _ in range(3)]
    url = reverse("trainings:attendance", args=[live_session.pk])
    counts = {}
    for size in (5, 60):
        for index in range(live_session.cohort.enrollments.count(), size):
            enrollment = EnrollmentFactory(cohort=live_session.cohort, organisation=organisations[index % 3])
            if index % 2:
                AttendanceRecord.objects.create(session=live_session, enrollment=enrollment, status="present")
        with CaptureQueriesContext(connection) as queries:
            response = trainer_client.get(url)
        assert response.content.decode().count('class="rc-row"') == size
        counts[size] = len(queries)
    assert counts[5] == counts[60], counts


def test_marks_endpoint_applies_ignores_repeat_and_reports_refusals(trainer_client, live_session, enrolled):
    mark_id = str(uuid.uuid4())
    marks = [
        {"id": mark_id, "enrollment": enrolled[0].pk, "status": "present", "at": timezone.now().isoformat()},
        {"id": str(uuid.uuid4()), "enrollment": EnrollmentFactory().pk, "status": "present"},
    ]
    response = _post_marks(trainer_client, live_session, marks)
    assert response.status_code == 200
    results = response.json()["results"]
    assert [result["outcome"] for result in results] == ["applied", "refused"]
    assert results[0]["status"] == "present"
    again = _post_marks(trainer_client, live_session, marks[:1]).json()["results"]
    assert again[0]["outcome"] == "duplicate"
    assert AttendanceChange.objects.count() == 1


def test_marks_endpoint_offline_marks_are_recorded_as_offline_sync(trainer_client, live_session, enrolled):
    marks = [{"id": str(uuid.uuid4()), "enrollment": enrolled[1].pk, "status": "excused", "offline": True}]
    _post_marks(trainer_client, live_session, marks)
    assert AttendanceChange.objects.get().how == "offline_sync"


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'{"marks": "x"}',
        b'{"marks": [{"id": "8f0e6b2c-3d4e-4f5a-9b6c-7d8e9f0a1b2c", "enrollment": 99999999999999999999, '
        b'"status": "late"}]}',
        b'{"marks": [{"id": "x", "enrollment": 1, "status": "present"}]}',
    ],
)
def test_marks_endpoint_malformed_body_is_400_not_500(trainer_client, live_session, body):
    response = trainer_client.post(
        reverse("trainings:attendance_marks", args=[live_session.pk]), data=body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "error" in response.json()


def test_marks_endpoint_locked_session_refuses_with_reason(trainer_client, trainer, enrolled, live_session):
    live_session.starts_at = timezone.now() - datetime.timedelta(days=10, hours=3)
    live_session.ends_at = timezone.now() - datetime.timedelta(days=10)
    live_session.save()
    marks = [{"id": str(uuid.uuid4()), "enrollment": enrolled[0].pk, "status": "present"}]
    data = _post_marks(trainer_client, live_session, marks).json()
    assert data["results"][0]["outcome"] == "refused"
    assert "locked" in data["results"][0]["message"]
    assert data["locked"] is True
    page = trainer_client.get(reverse("trainings:attendance", args=[live_session.pk])).content.decode()
    assert "Attendance locked" in page
    assert "Unlock for trainers" not in page  # trainers cannot unlock


def test_form_fallback_marks_and_marks_all(trainer_client, live_session, enrolled):
    url = reverse("trainings:attendance_mark", args=[live_session.pk])
    response = trainer_client.post(url, {"mark": f"{enrolled[2].pk}:absent"})
    assert response.status_code == 302
    assert response.url.endswith(f"#row-{enrolled[2].pk}")
    trainer_client.post(url, {"all_present": "1"})
    statuses = dict(AttendanceRecord.objects.values_list("enrollment_id", "status"))
    assert statuses == {enrolled[0].pk: "present", enrolled[1].pk: "present", enrolled[2].pk: "absent"}
    assert set(AttendanceChange.objects.values_list("how", flat=True)) == {"form"}
    response = trainer_client.post(url, {"mark": "abc:present"}, follow=True)
    assert "could not be read" in response.content.decode()


def test_organiser_unlocks_relocks_and_sees_history(client, trainer, enrolled, live_session):
    organiser = OrganiserFactory(with_totp=True)
    attendance.attendance_mark(session=live_session, enrollment_id=enrolled[0].pk, status="absent", by=trainer)
    attendance.attendance_mark(session=live_session, enrollment_id=enrolled[0].pk, status="late", by=organiser)
    client.force_login(organiser)
    history = client.get(reverse("trainings:attendance_history", args=[live_session.pk])).content.decode()
    assert history.count("<tr>") == 3  # header + two changes
    assert "Dara Trainer" in history and "Absent" in history and "Late" in history
    client.post(reverse("trainings:attendance_unlock", args=[live_session.pk]))
    assert AttendanceUnlock.objects.filter(session=live_session, unlocked_by=organiser).exists()
    client.post(reverse("trainings:attendance_relock", args=[live_session.pk]))
    assert not AttendanceUnlock.objects.exists()


def test_history_query_count_does_not_grow(client, trainer, live_session):
    organiser = OrganiserFactory(with_totp=True)
    client.force_login(organiser)
    url = reverse("trainings:attendance_history", args=[live_session.pk])
    counts = []
    for size in (2, 20):
        for _ in range(size - AttendanceChange.objects.count()):
            enrollment = EnrollmentFactory(cohort=live_session.cohort)
            attendance.attendance_mark(session=live_session, enrollment_id=enrollment.pk, status="present", by=trainer)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- Check-in pages -----------------------------------------------------------------------------------------


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


def test_checkin_too_many_wrong_codes_are_throttled(client, enrolled):
    client.force_login(enrolled[0].user)
    for _ in range(10):
        client.post(reverse("trainings:checkin"), {"code": "XXXXXX"})
    response = client.post(reverse("trainings:checkin"), {"code": "XXXXXX"})
    assert response.status_code == 429


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


# --- Sheet and exports --------------------------------------------------------------------------------------


def test_attendance_sheet_pdf_has_names_company_and_signature_column(
    trainer_client, live_session, enrolled, artifact_path
):
    enrolled[0].organisation.name = "Mekong Mobile"
    enrolled[0].organisation.save()
    response = trainer_client.get(reverse("trainings:attendance_sheet", args=[live_session.pk]))
    assert response["Content-Type"] == "application/pdf"
    with open(artifact_path("attendance-sheet.pdf"), "wb") as pdf:
        pdf.write(response.content)
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Attendance sheet" in text
    assert "Signature" in text
    assert "Sok Vannak" in text
    assert "Mekong Mobile" in text


def test_cohort_export_query_count_does_not_grow(trainer_client, live_session):
    url = reverse("trainings:attendance_csv", args=[live_session.cohort_id])
    counts = []
    for size in (2, 20):
        for _ in range(size - live_session.cohort.enrollments.count()):
            enrollment = EnrollmentFactory(cohort=live_session.cohort)
            AttendanceRecord.objects.create(session=live_session, enrollment=enrollment, status="late")
        with CaptureQueriesContext(connection) as queries:
            response = trainer_client.get(url)
        assert response.content.decode().count("Late") == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_cohort_export_csv_and_xlsx_are_safe(trainer_client, live_session, enrolled, trainer):
    enrolled[1].user.family_name = '=HYPERLINK("http://evil")'
    enrolled[1].user.save()
    attendance.attendance_mark(session=live_session, enrollment_id=enrolled[1].pk, status="late", by=trainer)
    csv_text = trainer_client.get(reverse("trainings:attendance_csv", args=[live_session.cohort_id])).content.decode()
    assert "'=HYPERLINK" in csv_text
    assert "Late" in csv_text
    response = trainer_client.get(reverse("trainings:attendance_xlsx", args=[live_session.cohort_id]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert '=HYPERLINK("http://evil")' in values
    assert all(cell.data_type == "s" for row in sheet.iter_rows(min_row=2) for cell in row if cell.value is not None)


@pytest.mark.parametrize(
    "enrollment",
    [b"Infinity", b"-Infinity", b"NaN", b"1e400", b"1" * 25, b"true", b"1.5", b"[1]"],
    ids=["infinity", "-infinity", "nan", "float-overflow", "25-digits", "true", "1.5", "list"],
)
def test_marks_endpoint_refuses_an_id_that_is_no_whole_number(trainer_client, live_session, enrolled, enrollment):
    # `true` and `1.5` used to be read as enrolment 1; Infinity and 1e400 overflowed int().
    body = b'{"marks": [{"id": "%s", "enrollment": %s, "status": "present"}]}' % (
        str(uuid.uuid4()).encode(),
        enrollment,
    )
    response = trainer_client.post(
        reverse("trainings:attendance_marks", args=[live_session.pk]), data=body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"error": "This mark could not be read."}
    assert not AttendanceRecord.objects.exists()


def test_marks_endpoint_deeply_nested_body_is_400(trainer_client, live_session):
    body = b'{"marks": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
    response = trainer_client.post(
        reverse("trainings:attendance_marks", args=[live_session.pk]), data=body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"error": "This mark could not be read."}


def test_marks_endpoint_time_of_a_mark_outside_the_sites_years_is_dropped(trainer_client, live_session, enrolled):
    # Year 1 at +05:00 is year 0 in UTC: it overflowed when saved.
    marks = [{"id": str(uuid.uuid4()), "enrollment": enrolled[0].pk, "status": "late", "at": "0001-01-01T00:00+05:00"}]
    response = _post_marks(trainer_client, live_session, marks)
    assert response.status_code == 200
    assert response.json()["results"][0]["outcome"] == "applied"
    assert AttendanceChange.objects.get().client_marked_at is None


@pytest.mark.parametrize("raw_id", ["1" * 25, "²", "٣", "-1"])
def test_form_fallback_refuses_an_id_that_is_no_whole_number(trainer_client, live_session, enrolled, raw_id):
    # A 25-digit id overflowed SQLite's integers; "²" passed str.isdigit() and broke int().
    url = reverse("trainings:attendance_mark", args=[live_session.pk])
    response = trainer_client.post(url, {"mark": f"{raw_id}:present"}, follow=True)
    assert response.status_code == 200
    assert "This mark could not be read." in response.content.decode()
    assert not AttendanceRecord.objects.exists()
