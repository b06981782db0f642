"""The roll-call page, its JSON marks, the form without JavaScript, the lock, history, sheet and exports."""

import datetime
import io
import json
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.factories import EnrollmentFactory, OrganiserFactory
from trainings.models import AttendanceChange, AttendanceRecord, AttendanceUnlock
from trainings.services import attendance

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


@pytest.mark.parametrize("count", [1, 10])
def test_rollcall_page_query_count(trainer_client, live_session, django_assert_num_queries, count):
    """`count` participants of their own companies, every other one marked."""
    for index in range(count):
        enrollment = EnrollmentFactory(cohort=live_session.cohort)
        if index % 2:
            AttendanceRecord.objects.create(session=live_session, enrollment=enrollment, status="present")
    with django_assert_num_queries(9):
        response = trainer_client.get(reverse("trainings:attendance", args=[live_session.pk]))
    assert response.text.count('class="rc-row"') == count
    assert response.text.count('aria-pressed="true"') == count // 2


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


@pytest.mark.parametrize("count", [1, 10])
def test_history_query_count(client, trainer, live_session, django_assert_num_queries, count):
    """`count` marks, each of another participant."""
    for enrollment in EnrollmentFactory.create_batch(count, cohort=live_session.cohort):
        attendance.attendance_mark(session=live_session, enrollment_id=enrollment.pk, status="present", by=trainer)
    client.force_login(OrganiserFactory(with_totp=True))
    with django_assert_num_queries(8):
        response = client.get(reverse("trainings:attendance_history", args=[live_session.pk]))
    assert response.text.split('id="attendance-history"')[1].count("<tr>") == count + 1  # and the header


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


def _late_participants(session, count):
    """`count` participants of the session's cohort, each marked late; the last one's family name."""
    for n, enrollment in enumerate(EnrollmentFactory.create_batch(count, cohort=session.cohort), start=1):
        enrollment.user.family_name = f"Number{n}"
        enrollment.user.save()
        AttendanceRecord.objects.create(session=session, enrollment=enrollment, status="late")
    return f"Number{count}"


@pytest.mark.parametrize("count", [1, 10])
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_cohort_export_query_count(trainer_client, live_session, django_assert_num_queries, kind, count):
    last = _late_participants(live_session, count)
    with django_assert_num_queries(9):  # with the line in the access log
        response = trainer_client.get(reverse(f"trainings:attendance_{kind}", args=[live_session.cohort_id]))
    if kind == "xlsx":
        text = "\n".join(str(cell.value) for row in load_workbook(io.BytesIO(response.content)).active for cell in row)
    else:
        text = response.content.decode("utf-8-sig")
    assert text.count("Late") == count
    assert last in text


@pytest.mark.parametrize("count", [1, 10])
def test_attendance_sheet_query_count(trainer_client, live_session, django_assert_num_queries, count):
    last = _late_participants(live_session, count)
    with django_assert_num_queries(7):  # with the line in the access log
        response = trainer_client.get(reverse("trainings:attendance_sheet", args=[live_session.pk]))
    assert last in "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


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


def test_an_unknown_session_is_404_for_a_trainer(trainer_client):
    response = trainer_client.get(reverse("trainings:attendance", args=[999999]))
    assert response.status_code == 404
    assert 'id="rollcall"' not in response.text
