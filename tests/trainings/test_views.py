import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from people.models import Membership, User
from tests.factories import (
    AttendanceRecordFactory,
    CohortFactory,
    CourseFactory,
    EnrollmentFactory,
    MembershipFactory,
    OrganisationFactory,
    TrainingSessionFactory,
    UserFactory,
)
from trainings.models import Enrollment, TrainingSession
from trainings.services import completion, enrolment

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    client.get(url)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


# --- Public pages -------------------------------------------------------------------------------------------


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


def test_cohort_page_query_count_is_constant(client):
    cohort = CohortFactory(capacity=40)
    TrainingSessionFactory.create_batch(3, cohort=cohort)
    EnrollmentFactory.create_batch(2, cohort=cohort)
    viewer = UserFactory()
    client.force_login(viewer)
    url = reverse("trainings:cohort", args=[cohort.pk])
    small = _queries(client, url)
    EnrollmentFactory.create_batch(28, cohort=cohort)
    assert _queries(client, url) == small


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


# --- Trainers -----------------------------------------------------------------------------------------------


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


# --- Focal points -------------------------------------------------------------------------------------------


def _company_url(company):
    return reverse("trainings:company", args=[company.pk])


def test_company_page_shows_people_and_enrolments_not_pending_or_others(focal_client, company, staff_member):
    cohort = CohortFactory(code="COP-CO")
    EnrollmentFactory(cohort=cohort, user=staff_member, organisation=company)
    pending = UserFactory(given_name="Pending", family_name="Person")
    enrolment.enrollment_self_enrol(cohort=cohort, user=pending, organisation=company)
    outsider = MembershipFactory(user=UserFactory(given_name="Other", family_name="Outsider")).user
    EnrollmentFactory(cohort=cohort, user=outsider)
    content = focal_client.get(_company_url(company)).content.decode()
    enrolments_table = content.split('id="company-enrolments"')[1].split("</table>")[0]
    assert "Vannak Sok" in enrolments_table
    assert "Pending Person" not in enrolments_table
    assert "Waiting for your confirmation" in content and "Pending Person" in content
    assert "Outsider" not in content


def test_company_confirm_membership_shows_person(focal_client, company):
    cohort = CohortFactory()
    pending = UserFactory(given_name="Pending", family_name="Person")
    enrolment.enrollment_self_enrol(cohort=cohort, user=pending, organisation=company)
    membership = Membership.objects.get(user=pending)
    focal_client.post(reverse("trainings:company_membership_confirm", args=[company.pk, membership.pk]))
    membership.refresh_from_db()
    assert membership.status == Membership.Status.CONFIRMED
    content = focal_client.get(_company_url(company)).content.decode()
    assert "Pending Person" in content.split('id="company-enrolments"')[1]


def test_company_enrol_member(focal_client, company, staff_member, cohort):
    response = focal_client.post(
        reverse("trainings:company_enrol_member", args=[company.pk]),
        {"member-user": staff_member.pk, "member-cohort": cohort.pk},
    )
    assert response.status_code == 302
    assert Enrollment.objects.get(user=staff_member).cohort == cohort


def test_company_enrol_member_twice_shows_message(focal_client, company, staff_member, cohort):
    EnrollmentFactory(cohort=cohort, user=staff_member, organisation=company)
    response = focal_client.post(
        reverse("trainings:company_enrol_member", args=[company.pk]),
        {"member-user": staff_member.pk, "member-cohort": cohort.pk},
    )
    assert response.status_code == 200
    assert "already enrolled" in response.content.decode()


def test_company_enrol_member_of_other_company_is_not_a_choice(focal_client, company, cohort):
    outsider = MembershipFactory().user
    response = focal_client.post(
        reverse("trainings:company_enrol_member", args=[company.pk]),
        {"member-user": outsider.pk, "member-cohort": cohort.pk},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Enrollment.objects.exists()


def test_company_enrol_new_person_into_full_cohort_shows_message(focal_client, company):
    cohort = CohortFactory(capacity=1)
    EnrollmentFactory(cohort=cohort)
    response = focal_client.post(
        reverse("trainings:company_enrol_new", args=[company.pk]),
        {
            "new-given_name": "New",
            "new-family_name": "P",
            "new-email": "new@example.org",
            "new-language": "km",
            "new-cohort": cohort.pk,
        },
    )
    assert response.status_code == 200
    assert "This cohort is full" in response.content.decode()
    assert not User.objects.filter(email="new@example.org").exists()


def test_company_withdraw(focal_client, company, staff_member, cohort):
    enrollment = EnrollmentFactory(cohort=cohort, user=staff_member, organisation=company)
    focal_client.post(reverse("trainings:company_withdraw", args=[company.pk, enrollment.pk]))
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.WITHDRAWN


def test_my_company_redirects_to_the_company(focal_client, company):
    response = focal_client.get(reverse("trainings:my_company"))
    assert response.status_code == 302
    assert response.url == _company_url(company)


def _company_with_enrolments(company, count, cohorts):
    for index in range(count):
        member = MembershipFactory(organisation=company).user
        enrollment = EnrollmentFactory(cohort=cohorts[index % len(cohorts)], user=member, organisation=company)
        for session in cohorts[index % len(cohorts)].sessions.all():
            AttendanceRecordFactory(session=session, enrollment=enrollment)


def test_company_page_query_count_is_constant(focal_client, company, past_cohort):
    cohorts = [past_cohort, CohortFactory()]
    completion.cohort_decide_completion(cohort=past_cohort)
    _company_with_enrolments(company, 2, cohorts)
    url = _company_url(company)
    small = _queries(focal_client, url)
    _company_with_enrolments(company, 28, cohorts)
    assert _queries(focal_client, url) == small


def test_invitation_end_to_end(client, focal_client, company, cohort, outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        focal_client.post(
            reverse("trainings:company_enrol_new", args=[company.pk]),
            {
                "new-given_name": "Sophea",
                "new-family_name": "Lim",
                "new-email": "sophea@example.org",
                "new-language": "en",
                "new-cohort": cohort.pk,
            },
        )
    link = re.search(r"https://forum\.example\.org(/en/trainings/invitation/[^/\s]+/)", outbox[0].body).group(1)
    client.logout()
    page = client.get(link)
    assert "Choose a password" in page.content.decode()
    response = client.post(link, {"new_password1": "Mekong-river-2027", "new_password2": "Mekong-river-2027"})
    assert response.status_code == 302
    user = User.objects.get(email="sophea@example.org")
    assert user.check_password("Mekong-river-2027")
    assert user.emailaddress_set.get().verified
    assert client.get(reverse("trainings:catalogue")).context["user"] == user
    assert client.get(link).status_code == 404  # used once


# --- Organiser ----------------------------------------------------------------------------------------------


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
    from trainings.models import Cohort, Course

    course = Course.objects.get()
    assert course.pass_mark == 70
    trainer = UserFactory()
    response = organiser_client.post(
        reverse("trainings_organiser:cohort_create"),
        {
            "course": course.pk,
            "code": "RPT-2027-01",
            "starts_on": "2027-03-01",
            "ends_on": "2027-03-02",
            "language": "km",
            "capacity": "25",
            "is_open_for_enrolment": "on",
            "trainers": [trainer.pk],
        },
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


def test_organiser_scores_and_redecide(organiser_client, past_cohort):
    course = past_cohort.course
    course.has_assessment, course.pass_mark = True, 70
    course.save()
    enrollment = EnrollmentFactory(cohort=past_cohort, assessment_score=50)
    for session in past_cohort.sessions.all():
        AttendanceRecordFactory(session=session, enrollment=enrollment)
    organiser_client.post(reverse("trainings_organiser:decide", args=[past_cohort.pk]))
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.NOT_COMPLETED
    organiser_client.post(reverse("trainings_organiser:scores", args=[past_cohort.pk]), {f"score_{enrollment.pk}": 82})
    organiser_client.post(reverse("trainings_organiser:decide", args=[past_cohort.pk]))
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.COMPLETED
    content = organiser_client.get(reverse("trainings_organiser:cohort", args=[past_cohort.pk])).content.decode()
    assert "assessment 82, pass mark 70" in content


def test_organiser_score_out_of_range_shows_error(organiser_client, past_cohort):
    past_cohort.course.has_assessment, past_cohort.course.pass_mark = True, 70
    past_cohort.course.save()
    enrollment = EnrollmentFactory(cohort=past_cohort)
    response = organiser_client.post(
        reverse("trainings_organiser:scores", args=[past_cohort.pk]), {f"score_{enrollment.pk}": 140}
    )
    assert response.status_code == 200
    assert "less than or equal to 100" in response.content.decode()


def test_organiser_decide_too_early_shows_message(organiser_client, cohort):
    TrainingSessionFactory(cohort=cohort)
    response = organiser_client.post(reverse("trainings_organiser:decide", args=[cohort.pk]), follow=True)
    assert "Completion can be decided only once the cohort" in response.content.decode()


def _cohort_with_enrolments(cohort, count):
    for enrollment in EnrollmentFactory.create_batch(count, cohort=cohort):
        for session in cohort.sessions.all():
            AttendanceRecordFactory(session=session, enrollment=enrollment)


def test_organiser_cohort_page_query_count_is_constant(organiser_client, past_cohort):
    past_cohort.course.has_assessment, past_cohort.course.pass_mark = True, 70
    past_cohort.course.save()
    _cohort_with_enrolments(past_cohort, 2)
    url = reverse("trainings_organiser:cohort", args=[past_cohort.pk])
    small = _queries(organiser_client, url)
    _cohort_with_enrolments(past_cohort, 28)
    assert _queries(organiser_client, url) == small


def test_organiser_index_query_count_is_constant(organiser_client, past_cohort):
    _cohort_with_enrolments(past_cohort, 2)
    CohortFactory.create_batch(2)
    url = reverse("trainings_organiser:index")
    small = _queries(organiser_client, url)
    _cohort_with_enrolments(past_cohort, 28)
    CohortFactory.create_batch(28)
    assert _queries(organiser_client, url) == small


def test_catalogue_query_count_is_constant(client):
    CohortFactory.create_batch(2)
    url = reverse("trainings:catalogue")
    small = _queries(client, url)
    CohortFactory.create_batch(28)
    assert _queries(client, url) == small


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


def test_my_sessions_query_count_is_constant(client):
    trainer = UserFactory()
    client.force_login(trainer)
    cohorts = CohortFactory.create_batch(2, trainers=[trainer])
    for cohort in cohorts:
        TrainingSessionFactory(cohort=cohort)
        EnrollmentFactory.create_batch(2, cohort=cohort)
    url = reverse("trainings:my_sessions")
    small = _queries(client, url)
    for cohort in CohortFactory.create_batch(3, trainers=[trainer]):
        TrainingSessionFactory.create_batch(10, cohort=cohort)
        EnrollmentFactory.create_batch(5, cohort=cohort)
    assert _queries(client, url) == small


def test_company_urls_never_reach_another_companys_rows(focal_client, company, cohort):
    other = OrganisationFactory(name="Angkor Net")
    their_enrollment = EnrollmentFactory(
        cohort=cohort, organisation=other, user=MembershipFactory(organisation=other).user
    )
    their_pending = MembershipFactory(organisation=other, status=Membership.Status.PENDING)
    withdraw = reverse("trainings:company_withdraw", args=[company.pk, their_enrollment.pk])
    confirm = reverse("trainings:company_membership_confirm", args=[company.pk, their_pending.pk])
    assert focal_client.post(withdraw).status_code == 404
    assert focal_client.post(confirm).status_code == 404
    assert focal_client.get(reverse("trainings:company", args=[other.pk])).status_code == 404
    their_enrollment.refresh_from_db()
    their_pending.refresh_from_db()
    assert their_enrollment.status == Enrollment.Status.ENROLLED
    assert their_pending.status == Membership.Status.PENDING


def test_company_withdraw_of_unconfirmed_person_is_404(focal_client, company, cohort):
    pending_person = UserFactory()
    enrollment = enrolment.enrollment_self_enrol(cohort=cohort, user=pending_person, organisation=company)
    response = focal_client.post(reverse("trainings:company_withdraw", args=[company.pk, enrollment.pk]))
    assert response.status_code == 404


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
