"""The organiser console's training pages (trainings.views.organiser)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    AttendanceRecordFactory,
    CertificateFactory,
    CohortFactory,
    CourseFactory,
    EnrollmentFactory,
    TrainingSessionFactory,
    UserFactory,
)
from trainings.models import Cohort, Course, Enrollment, TrainingSession

pytestmark = pytest.mark.django_db


def test_organiser_creates_course_and_cohort(organiser_client):
    response = organiser_client.post(
        reverse("trainings_organiser:course_create"),
        {
            "title_en": "Reporting child sexual abuse material and other incidents",
            "title_km": "ការរាយការណ៍",
            "hours": "6",
            "min_attendance_percent": "100",
            "late_counts_as_attended": "on",
            "has_assessment": "on",
            "pass_mark": "70",
            "attendance_lock_days": "3",
        },
    )
    assert response.status_code == 302
    course = Course.objects.get()
    assert course.pass_mark == 70
    trainer = UserFactory()
    response = organiser_client.post(
        reverse("trainings_organiser:cohort_create"),
        _cohort_data(course, is_open_for_enrolment="on", trainers=[trainer.pk]),
    )
    assert response.status_code == 302
    assert list(Cohort.objects.get().trainers.all()) == [trainer]


def test_organiser_course_assessment_without_pass_mark_shows_error(organiser_client):
    response = organiser_client.post(
        reverse("trainings_organiser:course_create"),
        {
            "title_en": "X",
            "hours": "6",
            "min_attendance_percent": "80",
            "has_assessment": "on",
            "attendance_lock_days": "3",
        },
    )
    assert response.status_code == 200
    assert "Give the pass mark" in response.content.decode()


def test_organiser_session_ending_before_start_shows_error(organiser_client, cohort):
    response = organiser_client.post(
        reverse("trainings_organiser:session_create", args=[cohort.pk]),
        {"topic": "Intro", "starts_at": "2027-03-01T10:00", "ends_at": "2027-03-01T09:00", "room": "A"},
    )
    assert response.status_code == 200
    assert "A session must end after it starts." in response.content.decode()
    assert not TrainingSession.objects.exists()


def test_organiser_session_create(organiser_client, cohort):
    response = organiser_client.post(
        reverse("trainings_organiser:session_create", args=[cohort.pk]),
        {"topic": "Intro", "starts_at": "2027-03-01T09:00", "ends_at": "2027-03-01T12:00", "room": "A"},
    )
    assert response.status_code == 302
    session = TrainingSession.objects.get()
    assert timezone.localtime(session.starts_at).hour == 9


def test_organiser_scores_and_redecide(organiser_client, assessed_cohort):
    enrollment = EnrollmentFactory(cohort=assessed_cohort, assessment_score=50)
    for session in assessed_cohort.sessions.all():
        AttendanceRecordFactory(session=session, enrollment=enrollment)
    organiser_client.post(reverse("trainings_organiser:decide", args=[assessed_cohort.pk]))
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.NOT_COMPLETED
    organiser_client.post(
        reverse("trainings_organiser:scores", args=[assessed_cohort.pk]), {f"score_{enrollment.pk}": 82}
    )
    organiser_client.post(reverse("trainings_organiser:decide", args=[assessed_cohort.pk]))
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.COMPLETED
    content = organiser_client.get(reverse("trainings_organiser:cohort", args=[assessed_cohort.pk])).content.decode()
    assert "assessment 82, pass mark 70" in content


def test_organiser_score_out_of_range_shows_error(organiser_client, assessed_cohort):
    enrollment = EnrollmentFactory(cohort=assessed_cohort)
    response = organiser_client.post(
        reverse("trainings_organiser:scores", args=[assessed_cohort.pk]), {f"score_{enrollment.pk}": 140}
    )
    assert response.status_code == 200
    assert "less than or equal to 100" in response.content.decode()


def test_organiser_decide_too_early_shows_message(organiser_client, cohort):
    TrainingSessionFactory(cohort=cohort)
    response = organiser_client.post(reverse("trainings_organiser:decide", args=[cohort.pk]), follow=True)
    assert "Completion can be decided only once the cohort" in response.content.decode()


@pytest.mark.parametrize("count", [1, 10])
def test_organiser_cohort_page_query_count(organiser_client, assessed_cohort, django_assert_num_queries, count):
    """`count` enrolments, each with its attendance, a score field and a certificate."""
    for enrollment in EnrollmentFactory.create_batch(count, cohort=assessed_cohort):
        for session in assessed_cohort.sessions.all():
            AttendanceRecordFactory(session=session, enrollment=enrollment)
        CertificateFactory(source_key=enrollment.certificate_source_key, recipient=enrollment.user)
    with django_assert_num_queries(12):
        response = organiser_client.get(reverse("trainings_organiser:cohort", args=[assessed_cohort.pk]))
    assert response.text.count("3 of 3") == count
    assert response.text.count('class="form-control score-input"') == count
    assert f"{count} valid certificate" in response.text


@pytest.mark.parametrize("count", [1, 10])
def test_organiser_cohort_page_sessions_query_count(organiser_client, django_assert_num_queries, count):
    """`count` sessions and `count` trainers."""
    cohort = CohortFactory(trainers=UserFactory.create_batch(count))
    sessions = TrainingSessionFactory.create_batch(count, cohort=cohort)
    with django_assert_num_queries(11):
        response = organiser_client.get(reverse("trainings_organiser:cohort", args=[cohort.pk]))
    assert response.text.count(">Roll-call<") == count
    assert f"<td>{sessions[-1].topic}</td>" in response.text


@pytest.mark.parametrize("count", [1, 10])
def test_organiser_index_query_count(organiser_client, django_assert_num_queries, count):
    """`count` courses, each with a cohort of two sessions and two enrolments."""
    for cohort in CohortFactory.create_batch(count):
        TrainingSessionFactory.create_batch(2, cohort=cohort)
        EnrollmentFactory.create_batch(2, cohort=cohort)
    with django_assert_num_queries(8):
        response = organiser_client.get(reverse("trainings_organiser:index"))
    assert response.text.split('id="organiser-cohorts"')[1].count("2 / 20") == count


YEAR_ERROR = "Give a date between the years 1900 and 2100."


@pytest.mark.parametrize(
    ("starts_at", "ends_at"), [("0001-01-01T00:00", "0001-01-01T01:00"), ("9999-12-31T22:00", "9999-12-31T23:00")]
)
def test_organiser_session_in_year_1_or_9999_is_a_form_error(organiser_client, cohort, starts_at, ends_at):
    # Year 1 at midnight in Phnom Penh is year 0 in UTC: the form let it through and saving overflowed.
    for url in (
        reverse("trainings_organiser:session_create", args=[cohort.pk]),
        reverse("trainings_organiser:session_update", args=[TrainingSessionFactory(cohort=cohort).pk]),
    ):
        response = organiser_client.post(
            url, {"topic": "Intro", "starts_at": starts_at, "ends_at": ends_at, "room": "A"}
        )
        assert response.status_code == 200
        form = response.context["session_form"] if "session_form" in response.context else response.context["form"]
        assert form.errors == {"starts_at": [YEAR_ERROR], "ends_at": [YEAR_ERROR]}
        assert f'value="{starts_at}"' in response.content.decode()  # what was typed is kept
    assert TrainingSession.objects.count() == 1


def _cohort_data(course, **changes) -> dict:
    data = {
        "course": course.pk,
        "code": "RPT-2027-01",
        "starts_on": "2027-03-01",
        "ends_on": "2027-03-02",
        "language": "km",
        "capacity": "25",
    }
    return data | changes


def test_organiser_cohort_with_a_20_digit_trainer_id_is_a_form_error(organiser_client):
    # The id overflowed SQLite's integers in the trainers' IN (...) query.
    course = CourseFactory()
    response = organiser_client.post(
        reverse("trainings_organiser:cohort_create"), _cohort_data(course, trainers=["1" * 20])
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"trainers": [f"“{'1' * 20}” is not a valid value."]}
    assert 'value="RPT-2027-01"' in response.content.decode()
    assert not course.cohorts.exists()


def test_organiser_cohort_in_year_1_is_a_form_error(organiser_client):
    course = CourseFactory()
    response = organiser_client.post(
        reverse("trainings_organiser:cohort_create"),
        _cohort_data(course, starts_on="0001-01-01", ends_on="0001-01-02", enrolment_closes_at="0001-01-01T00:00"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "starts_on": [YEAR_ERROR],
        "ends_on": [YEAR_ERROR],
        "enrolment_closes_at": [YEAR_ERROR],
    }
    assert 'value="0001-01-01"' in response.content.decode()
    assert not course.cohorts.exists()


def test_organiser_index_says_open_for_enrolment_by_the_rule_not_the_flag(organiser_client):
    CohortFactory(code="COP-OPEN")
    CohortFactory(code="COP-LATE", enrolment_closes_at=timezone.now() - datetime.timedelta(hours=1))
    content = organiser_client.get(reverse("trainings_organiser:index")).content.decode()
    rows = {
        row.split("</a>")[0].rsplit(">", 1)[-1]: row
        for row in content.split('id="organiser-cohorts"')[1].split("<tr>")[2:]
    }
    assert "Open for enrolment" in rows["COP-OPEN"]
    assert "Open for enrolment" not in rows["COP-LATE"] and "Not decided" in rows["COP-LATE"]


def test_organiser_cohort_ending_before_it_starts_is_an_error_on_the_last_day(organiser_client):
    # The model's own rule (Cohort.clean) speaks on the form: no second copy of it in the form.
    course = CourseFactory()
    response = organiser_client.post(
        reverse("trainings_organiser:cohort_create"), _cohort_data(course, starts_on="2027-03-02", ends_on="2027-03-01")
    )
    assert response.context["form"].errors == {"ends_on": ["The last day cannot be before the first day."]}
    assert not course.cohorts.exists()
