"""The catalogue, a cohort's page (enrol, withdraw, my marks) and a trainer's sessions (trainings.views.public)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from people.models import Membership
from tests.factories import (
    AttendanceRecordFactory,
    CohortFactory,
    CourseFactory,
    EnrollmentFactory,
    ForumEditionFactory,
    SurveyFactory,
    TrainingSessionFactory,
    UserFactory,
)
from trainings.models import Enrollment
from trainings.services import completion, enrolment

pytestmark = pytest.mark.django_db


def test_catalogue_lists_courses_and_open_cohorts(client):
    course = CourseFactory(title_en="Child online protection for technology companies")
    CohortFactory(course=course, code="COP-OPEN")
    CohortFactory(course=course, code="COP-CLOSED", is_open_for_enrolment=False)
    response = client.get(reverse("trainings:catalogue"))
    content = response.content.decode()
    assert "Child online protection for technology companies" in content
    assert "COP-OPEN" in content
    assert "COP-CLOSED" not in content


def test_catalogue_in_khmer_shows_khmer_title(client):
    CourseFactory(title_en="Reporting incidents", title_km="ការរាយការណ៍ឧប្បត្តិហេតុ")
    response = client.get("/km/trainings/")
    assert "ការរាយការណ៍ឧប្បត្តិហេតុ" in response.content.decode()


def test_home_lists_open_cohorts(client):
    CohortFactory(code="COP-HOME")
    response = client.get("/en/")
    assert "COP-HOME" in response.content.decode()


def test_cohort_page_shows_sessions_trainers_and_places(client):
    trainer = UserFactory(given_name="Dara", family_name="Keo")
    cohort = CohortFactory(capacity=5, trainers=[trainer])
    TrainingSessionFactory(cohort=cohort, topic="Guidelines for companies")
    EnrollmentFactory(cohort=cohort)
    response = client.get(reverse("trainings:cohort", args=[cohort.pk]))
    content = response.content.decode()
    assert "Guidelines for companies" in content
    assert "Dara Keo" in content
    assert re.search(r'id="places-left">4 / 5<', content)
    assert "Sign in to enrol" in content


@pytest.mark.parametrize("count", [1, 10])
def test_cohort_page_query_count(client, django_assert_num_queries, count):
    """`count` sessions (each with the viewer's mark) and `count` trainers."""
    cohort = CohortFactory(capacity=40, trainers=UserFactory.create_batch(count))
    enrollment = EnrollmentFactory(cohort=cohort)
    for session in TrainingSessionFactory.create_batch(count, cohort=cohort):
        AttendanceRecordFactory(session=session, enrollment=enrollment, status="present")
    client.force_login(enrollment.user)
    with django_assert_num_queries(12):  # with the course's tests (none here) and the open survey invitations
        response = client.get(reverse("trainings:cohort", args=[cohort.pk]))
    assert response.text.count('class="badge text-bg-success"') == count


def test_cohort_self_enrol_makes_pending_membership(client, cohort, company):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("trainings:cohort_enrol", args=[cohort.pk]), {"organisation": company.pk})
    assert response.status_code == 302
    enrollment = Enrollment.objects.get(user=user)
    assert enrollment.organisation == company
    assert Membership.objects.get(user=user).status == Membership.Status.PENDING
    page = client.get(reverse("trainings:cohort", args=[cohort.pk])).content.decode()
    assert "Enrolled" in page


def test_cohort_self_enrol_in_full_cohort_shows_message(client):
    cohort = CohortFactory(capacity=1)
    EnrollmentFactory(cohort=cohort)
    client.force_login(UserFactory())
    response = client.post(reverse("trainings:cohort_enrol", args=[cohort.pk]), {"organisation": ""})
    assert response.status_code == 200
    assert "This cohort is full" in response.content.decode()
    assert Enrollment.objects.count() == 1


def test_cohort_self_enrol_in_closed_cohort_shows_message(client):
    cohort = CohortFactory(is_open_for_enrolment=False)
    client.force_login(UserFactory())
    response = client.post(reverse("trainings:cohort_enrol", args=[cohort.pk]), {"organisation": ""})
    assert response.status_code == 200
    assert "Enrolment in this cohort is closed" in response.content.decode()


def test_cohort_withdraw_frees_place(client, cohort):
    enrollment = EnrollmentFactory(cohort=cohort)
    client.force_login(enrollment.user)
    client.post(reverse("trainings:cohort_withdraw", args=[cohort.pk]))
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.WITHDRAWN


def test_cohort_page_shows_my_attendance_and_reason_in_khmer(client, past_cohort):
    enrollment = EnrollmentFactory(cohort=past_cohort)
    session = past_cohort.sessions.first()
    AttendanceRecordFactory(session=session, enrollment=enrollment, status="present")
    completion.cohort_decide_completion(cohort=past_cohort)
    client.force_login(enrollment.user)
    content = client.get(f"/en/trainings/cohorts/{past_cohort.pk}/").content.decode()
    assert "Not completed" in content
    assert "attended 1 of 3 sessions (80% required)" in content
    assert "Present" in content


def test_my_sessions_lists_todays_first(client):
    trainer = UserFactory()
    cohort = CohortFactory(trainers=[trainer])
    now = timezone.now()
    TrainingSessionFactory(cohort=cohort, topic="Next week", starts_at=now + datetime.timedelta(days=7))
    today_start = timezone.localtime(now).replace(hour=23, minute=0, second=0, microsecond=0)
    TrainingSessionFactory(cohort=cohort, topic="Tonight", starts_at=today_start)
    TrainingSessionFactory(topic="Not mine")
    client.force_login(trainer)
    content = client.get(reverse("trainings:my_sessions")).content.decode()
    assert content.index("Tonight") < content.index("Next week")
    assert "Not mine" not in content


@pytest.mark.parametrize("count", [1, 10])
def test_catalogue_query_count(client, django_assert_num_queries, count):
    """`count` courses, each with an open cohort."""
    CohortFactory.create_batch(count)
    with django_assert_num_queries(2):
        response = client.get(reverse("trainings:catalogue"))
    assert response.text.count("trainings-cohort-card") == count


@pytest.mark.parametrize("count", [1, 10])
def test_catalogue_signed_in_query_count(client, django_assert_num_queries, count):
    """A participant enrolled in `count` open cohorts, each of its own course (their enrolments listed first)."""
    user = UserFactory()
    cohorts = CohortFactory.create_batch(count)
    for cohort in cohorts:
        EnrollmentFactory(cohort=cohort, user=user)
    client.force_login(user)
    with django_assert_num_queries(7):
        response = client.get(reverse("trainings:catalogue"))
    mine = response.text.split('id="my-enrolments-heading"')[1].split("</section>")[0]
    assert mine.count('class="list-group-item') == count
    assert f"({cohorts[-1].code})" in mine


@pytest.mark.parametrize("count", [1, 10])
def test_home_query_count(client, django_assert_num_queries, count):
    """`count` forum editions to come and `count` open cohorts; the home page shows the first few of each."""
    editions = [ForumEditionFactory(starts_on=timezone.localdate() + datetime.timedelta(days=n)) for n in range(count)]
    cohorts = CohortFactory.create_batch(count)
    with django_assert_num_queries(2):
        response = client.get("/en/")
    assert editions[0].title_en in response.text
    assert response.text.count("trainings-cohort-card") == min(count, 6)
    assert cohorts[0].code in response.text


def test_cohort_page_tells_about_pending_membership(client, cohort, company):
    user = UserFactory()
    enrolment.enrollment_self_enrol(cohort=cohort, user=user, organisation=company)
    client.force_login(user)
    content = client.get(reverse("trainings:cohort", args=[cohort.pk])).content.decode()
    assert "focal point has not confirmed yet" in content


def test_cohort_withdraw_after_decision_shows_message(client, past_cohort):
    enrollment = EnrollmentFactory(cohort=past_cohort)
    completion.cohort_decide_completion(cohort=past_cohort)
    client.force_login(enrollment.user)
    response = client.post(reverse("trainings:cohort_withdraw", args=[past_cohort.pk]), follow=True)
    assert "only organisers can withdraw it now" in response.content.decode()
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.NOT_COMPLETED


@pytest.mark.parametrize("count", [1, 10])
def test_my_sessions_query_count(client, django_assert_num_queries, count):
    """`count` sessions, each of its own cohort with two participants."""
    trainer = UserFactory()
    client.force_login(trainer)
    for cohort in CohortFactory.create_batch(count, trainers=[trainer]):
        TrainingSessionFactory(cohort=cohort)
        EnrollmentFactory.create_batch(2, cohort=cohort)
        SurveyFactory(subject=cohort)
    # the sessions, the cohorts taught (their results and banks), and their surveys' results in one query
    with django_assert_num_queries(8):
        response = client.get(reverse("trainings:my_sessions"))
    assert response.text.count("2 participants") == count
    assert response.text.count("Test results") == count
    assert response.text.count("/surveys/results/") == count
