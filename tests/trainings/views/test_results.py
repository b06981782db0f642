"""What people learned: a cohort's results for its trainers and organisers (per person, per question, the average
gain; query count at 2 and at 200 people), its CSV and XLSX exports (spreadsheet-safe), a course's gain per cohort
and per company for organisers, and the company page's results for its focal point (never a minor's)."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from tests.factories import (
    AssessmentFactory,
    CohortFactory,
    EnrollmentFactory,
    MembershipFactory,
    OrganisationFactory,
    QuestionFactory,
    RegistrationFactory,
    UserFactory,
)
from tests.factories.results import scored_attempt
from trainings.selectors.results import company_results, course_results

pytestmark = pytest.mark.django_db


@pytest.fixture
def results_trainer():
    return UserFactory()


@pytest.fixture
def tested(results_trainer):
    """A cohort with a pre-test and a post-test of two questions each; `easy` is right for everyone, `hard` never."""
    cohort = CohortFactory(code="RPT-T-01", trainers=[results_trainer])
    course = cohort.course
    easy = QuestionFactory(course=course, version__text_en="Easy question").versions.get()
    hard = QuestionFactory(course=course, version__text_en="Hard question").versions.get()
    return {
        "cohort": cohort,
        "pre": AssessmentFactory(course=course, kind="pre"),
        "post": AssessmentFactory(course=course, kind="post"),
        "easy": easy,
        "hard": hard,
    }


def _take(tested, enrollment, pre, post, *, posts=1):
    """A pre-test scored `pre` and `posts` post-tests, the best scored `post`."""
    answers = [(tested["easy"], True), (tested["hard"], False)]
    scored_attempt(enrollment, tested["pre"], answers=answers, score=pre)
    for number in range(1, posts + 1):
        best = number == posts
        scored_attempt(enrollment, tested["post"], answers=answers, number=number, score=post if best else post - 10)


def _client(client, user):
    client.force_login(user)
    return client


def test_cohort_results_per_person_per_question_and_average_gain(client, tested, results_trainer):
    company = OrganisationFactory(name="Mekong Mobile")
    sophea = EnrollmentFactory(cohort=tested["cohort"], organisation=company, user__family_name="Lim")
    bopha = EnrollmentFactory(cohort=tested["cohort"], user__family_name="Heng")
    EnrollmentFactory(cohort=tested["cohort"], user__family_name="Sok")  # took no test
    _take(tested, sophea, 40, 90, posts=2)
    _take(tested, bopha, 50, 70)

    response = _client(client, results_trainer).get(reverse("trainings:cohort_results", args=[tested["cohort"].pk]))
    people = response.text.split('id="results-people"')[1].split("</table>")[0]
    assert "40%" in people and "90%" in people and "+50" in people and "+20" in people
    assert "pre 1 · post 2" in people and "pre 0 · post 0" in people
    assert "+35 points" in response.text  # (50 + 20) / 2
    questions = response.text.split('id="results-questions"')[1]
    # The hard question first: nobody got it right (0 of 5 answers: two pre-tests, three post-tests).
    assert questions.index("Hard question") < questions.index("Easy question")
    assert "0% <small" in questions and "(0 of 5)" in questions and "(5 of 5)" in questions


def _cohort_of(size, trainer):
    cohort = CohortFactory(trainers=[trainer], capacity=500)
    course = cohort.course
    version = QuestionFactory(course=course).versions.get()
    pre, post = AssessmentFactory(course=course, kind="pre"), AssessmentFactory(course=course, kind="post")
    for index, enrollment in enumerate(EnrollmentFactory.create_batch(size, cohort=cohort)):
        scored_attempt(enrollment, pre, answers=[(version, index % 2 == 0)])
        scored_attempt(enrollment, post, answers=[(version, True)])
    return cohort


@pytest.mark.parametrize("size", [2, 200])
def test_cohort_results_query_count(client, results_trainer, django_assert_num_queries, size):
    cohort = _cohort_of(size, results_trainer)
    client = _client(client, results_trainer)
    # Session, user, the cohort with its course, "is a trainer of it", the people with their best scores, the
    # questions' counts and their versions; the menu's two questions (teaches? focal point?).
    with django_assert_num_queries(9):
        response = client.get(reverse("trainings:cohort_results", args=[cohort.pk]))
    assert response.text.split('id="results-people"')[1].count("pre 1 · post 1") == size


@pytest.mark.parametrize("size", [2, 200])
def test_results_export_query_count(client, results_trainer, django_assert_num_queries, size):
    cohort = _cohort_of(size, results_trainer)
    client = _client(client, results_trainer)
    with django_assert_num_queries(6):  # with the line in the access log
        response = client.get(reverse("trainings:results_csv", args=[cohort.pk]))
    assert len(list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))) == size + 1


def test_results_exports_are_spreadsheet_safe(client, tested, results_trainer):
    payload = '=HYPERLINK("http://evil.example","x")'
    enrollment = EnrollmentFactory(
        cohort=tested["cohort"], user__family_name=payload, user__given_name="+855 12 345 678"
    )
    _take(tested, enrollment, 40, 90)
    client = _client(client, results_trainer)

    response = client.get(reverse("trainings:results_csv", args=[tested["cohort"].pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][6:9] == ["Best pre-test score (%)", "Best post-test score (%)", "Gain (points)"]
    assert rows[1][:2] == ["'" + payload, "'+855 12 345 678"]
    assert rows[1][6:] == ["40", "90", "50", "1", "1"]

    response = client.get(reverse("trainings:results_xlsx", args=[tested["cohort"].pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cell = sheet.cell(row=2, column=1)
    assert cell.value == payload and cell.data_type == "s" and cell.quotePrefix
    assert [sheet.cell(row=2, column=column).value for column in (7, 8, 9)] == ["40", "90", "50"]


def test_course_results_gain_per_cohort_and_company(organiser_client, tested):
    course = tested["cohort"].course
    later = CohortFactory(course=course, code="RPT-T-02")
    company = OrganisationFactory(name="Angkor Net")
    _take(tested, EnrollmentFactory(cohort=tested["cohort"], organisation=company), 40, 80)
    _take(tested, EnrollmentFactory(cohort=tested["cohort"], organisation=None), 60, 70)
    _take(tested, EnrollmentFactory(cohort=later, organisation=company), 30, 90)
    EnrollmentFactory(cohort=later, organisation=company)  # no test

    results = course_results(course=course)
    by_cohort = {row["cohort__code"]: row for row in results["cohorts"]}
    assert by_cohort["RPT-T-01"]["average_gain"] == 25 and by_cohort["RPT-T-01"]["took_both"] == 2
    assert by_cohort["RPT-T-02"]["average_gain"] == 60 and by_cohort["RPT-T-02"]["people"] == 2
    by_company = {row["organisation__name"]: row for row in results["companies"]}
    assert by_company["Angkor Net"]["average_gain"] == 50 and by_company["Angkor Net"]["people"] == 3
    assert by_company[None]["average_gain"] == 10

    response = organiser_client.get(reverse("trainings_organiser:course_results", args=[course.pk]))
    assert "RPT-T-02" in response.text and "Angkor Net" in response.text and "Individuals (no company)" in response.text


def test_focal_point_sees_staff_results_never_a_minors(client, tested):
    company = OrganisationFactory(name="Mekong Mobile")
    focal = MembershipFactory(organisation=company, is_focal_point=True).user
    staff = MembershipFactory(organisation=company, user__given_name="Vannak", user__family_name="Sok").user
    minor = MembershipFactory(organisation=company, user__given_name="Chea", user__family_name="Dara").user
    RegistrationFactory(user=minor, is_youth=True, category="youth", status="cancelled")
    _take(tested, EnrollmentFactory(cohort=tested["cohort"], user=staff, organisation=company), 45, 85)
    _take(tested, EnrollmentFactory(cohort=tested["cohort"], user=minor, organisation=company), 10, 95)

    rows = company_results(organisation=company)
    assert [(row.user, row.pre_attempts, row.post_attempts) for row in rows] == [(staff, 1, 1)]
    response = _client(client, focal).get(reverse("trainings:company", args=[company.pk]))
    results = response.text.split('id="company-results"')[1].split("</table>")[0]
    assert "Vannak" in results and "+40" in results
    assert "Dara" not in response.text and "95%" not in results


def test_organiser_reads_a_cohorts_results_from_the_console(organiser_client, tested):
    cohort = tested["cohort"]
    _take(tested, EnrollmentFactory(cohort=cohort), 40, 80)
    response = organiser_client.get(reverse("trainings:cohort_results", args=[cohort.pk]))
    assert reverse("trainings_organiser:cohort", args=[cohort.pk]) in response.text
    assert "+40 points" in response.text
    console = organiser_client.get(reverse("trainings_organiser:cohort", args=[cohort.pk]))
    assert reverse("trainings:cohort_results", args=[cohort.pk]) in console.text


def test_a_trainer_of_another_cohort_sees_no_results(client, tested):
    other_trainer = UserFactory()
    CohortFactory(trainers=[other_trainer], course=tested["cohort"].course)
    client.force_login(other_trainer)
    assert client.get(reverse("trainings:cohort_results", args=[tested["cohort"].pk])).status_code == 404
    assert client.get(reverse("trainings:results_csv", args=[tested["cohort"].pk])).status_code == 404


@pytest.mark.parametrize("size", [1, 10])
def test_course_results_query_count(organiser_client, tested, django_assert_num_queries, size):
    course = tested["cohort"].course
    for number in range(size):
        cohort = CohortFactory(course=course, code=f"RPT-Q-{number:02}")
        company = OrganisationFactory(name=f"Company {number:02}")
        for _ in range(2):
            _take(tested, EnrollmentFactory(cohort=cohort, organisation=company), 40, 80)
    # Session, user, two-factor, the course, the gain per cohort and per company; the menu's three questions.
    with django_assert_num_queries(9):
        response = organiser_client.get(reverse("trainings_organiser:course_results", args=[course.pk]))
    assert response.text.count("RPT-Q-") == size
