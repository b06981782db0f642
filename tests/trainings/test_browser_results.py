"""A trainer reads the results on a 360 px phone, in Khmer: from "My sessions" to the cohort's test results (each
person's best pre-test and post-test scores and gain, each question's share of right answers, the weakest first),
then to the cohort's closed anonymous survey (each chart beside its table of counts). Nothing scrolls sideways."""

from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.formats import localize
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from tests.browser import BROWSER, assert_fits, log_in
from tests.factories import AssessmentFactory, EnrollmentFactory, OrganisationFactory, QuestionFactory, UserFactory
from tests.factories.results import scored_attempt
from tests.surveys.results_world import closed_survey
from trainings.models import Cohort

pytestmark = BROWSER

EASY_KM = "តើក្រុមហ៊ុនគួរធ្វើអ្វីមុនគេ នៅពេលទទួលបានរបាយការណ៍អំពីការរំលោភបំពានកុមារលើអ៊ីនធឺណិត?"
HARD_KM = "តើការរក្សាទុកភស្តុតាងត្រូវធ្វើក្នុងរយៈពេលប៉ុន្មានថ្ងៃ បន្ទាប់ពីបានទទួលរបាយការណ៍?"


@pytest.fixture
def trainer():
    return UserFactory(language="km", given_name="Dara", family_name="Chan")


@pytest.fixture
def survey(trainer):
    """The cohort's closed anonymous survey with 6 responses: ratings 1, 2, 3, 4, 5, 1 (average 16 / 6 = 2.7) and
    each of the three options chosen twice (tests/surveys/results_world.py)."""
    return closed_survey(6, trainer=trainer)


@pytest.fixture
def cohort(survey):
    """The survey's cohort, with a pre-test and a post-test of two questions and three people:
    Sophea Lim (Mekong Mobile): pre 50 (easy right), post 100; gain +50.
    Bopha Heng (Mekong Mobile): pre 0, post 50 then 100; gain +100 (pre 1 · post 2).
    Vannak Sok (enrolled without a company): pre 50 (easy right), no post-test; no gain.
    The easy question is right 5 times of 6 (83%), the hard one 2 of 6 (33%)."""
    cohort = Cohort.objects.select_related("course").get(pk=survey.subject_id)
    cohort.code = "COP-KM-01"
    cohort.save(update_fields=["code"])
    course = cohort.course
    easy = QuestionFactory(course=course, version__text_km=EASY_KM).versions.get()
    hard = QuestionFactory(course=course, version__text_km=HARD_KM).versions.get()
    pre = AssessmentFactory(course=course, kind="pre", question_count=2)
    post = AssessmentFactory(course=course, kind="post", question_count=2, attempts_allowed=2)
    company = OrganisationFactory(name="Mekong Mobile")
    people = {
        name: EnrollmentFactory(
            cohort=cohort, organisation=organisation, user__given_name=given, user__family_name=family
        )
        for name, organisation in (("Sophea Lim", company), ("Bopha Heng", company), ("Vannak Sok", None))
        for given, family in [name.split()]
    }
    scored_attempt(people["Sophea Lim"], pre, answers=[(easy, True), (hard, False)])
    scored_attempt(people["Sophea Lim"], post, answers=[(easy, True), (hard, True)])
    scored_attempt(people["Bopha Heng"], pre, answers=[(easy, False), (hard, False)])
    scored_attempt(people["Bopha Heng"], post, answers=[(easy, True), (hard, False)])
    scored_attempt(people["Bopha Heng"], post, answers=[(easy, True), (hard, True)], number=2)
    scored_attempt(people["Vannak Sok"], pre, answers=[(easy, True), (hard, False)])
    return cohort


def _attempts(pre: int, post: int) -> str:
    return _("pre %(pre)s · post %(post)s") % {"pre": pre, "post": post}


def _share(right: int, answered: int) -> str:
    return _("%(right)s of %(answered)s") % {"right": right, "answered": answered}


def test_a_trainer_reads_the_test_and_survey_results_in_khmer_on_a_phone(
    phone_page, live_server, artifact_path, trainer, cohort, survey
):
    page = phone_page
    log_in(page, live_server, trainer)
    with translation.override("km"):
        rating, choice, _text = survey.items.select_related("question").order_by("position")
        options = [option.text for option in choice.question.options.order_by("position")]
        words = {
            key: _(key)
            for key in (
                "My sessions",
                "Test results",
                "Survey results",
                "People",
                "Questions",
                "Pre-test",
                "Post-test",
                "Gain",
                "Right answers",
                "Rating",
                "Option",
                "Answers",
                "Average",
                "In all",
                "points",
            )
        }
        assert all(word != key for key, word in words.items())  # the Khmer catalogue has them all
        rating_name, choice_name, title = rating.question.text, choice.question.text, survey.title
        # (50 + 0 + 50) / 3, (100 + 100) / 2 (a float, as the summary gives it), 16 / 6
        average_pre, average_post, average_rating = localize(33.3), "100", localize(Decimal("2.7"))
        counts_sentence = _("%(responses)s responses from %(invited)s people invited.") % {
            "responses": 6,
            "invited": 6,
        }
        expected_people = {
            "Bopha Heng": ["Mekong Mobile", "0%", "100%", "+100", _attempts(1, 2)],
            "Sophea Lim": ["Mekong Mobile", "50%", "100%", "+50", _attempts(1, 1)],
            "Vannak Sok": ["–", "50%", "–", "–", _attempts(1, 0)],
        }
        expected_questions = [
            [HARD_KM, "1", f"33% ({_share(2, 6)})"],
            [EASY_KM, "1", f"83% ({_share(5, 6)})"],
        ]

    page.goto("/km/trainings/my-sessions/")
    expect(page.locator("html")).to_have_attribute("lang", "km")
    expect(page.locator("h1")).to_have_text(words["My sessions"])
    assert_fits(page, 360)
    page.get_by_role("link", name=f"{words['Test results']} {cohort.code}").click()

    page.wait_for_url(f"**/km/trainings/cohorts/{cohort.pk}/results/")
    expect(page.locator("h1")).to_have_text(words["Test results"])
    expect(page.locator("#people-heading")).to_have_text(words["People"])
    expect(page.locator("#questions-heading")).to_have_text(words["Questions"])
    expect(page.locator("#results-summary")).to_contain_text(f"{average_pre}%")
    expect(page.locator("#results-summary")).to_contain_text(f"{average_post}%")
    expect(page.locator("#average-gain")).to_have_text(f"+75 {words['points']}")  # (50 + 100) / 2
    headers = page.locator("#results-people thead th").all_text_contents()
    assert headers[2:5] == [words["Pre-test"], words["Post-test"], words["Gain"]]
    # Each row a card: the person's name, then each cell after its column's name (data-label, drawn by CSS).
    assert {cells[0]: cells[1:] for cells in _cells(page.locator("#results-people tbody tr"))} == expected_people
    labels = page.locator("#results-people tbody tr").first.locator("td[data-label]")
    assert [labels.nth(n).get_attribute("data-label") for n in range(1, 4)] == headers[2:5]
    assert page.locator("#results-questions thead th").nth(2).text_content() == words["Right answers"]
    assert _cells(page.locator("#results-questions tbody tr")) == expected_questions
    assert_fits(page, 360)
    page.screenshot(path=artifact_path("trainings-results-km-360.png"), full_page=True)

    page.go_back()
    page.get_by_role("link", name=f"{words['Survey results']} {title}").click()
    page.wait_for_url(f"**/km/surveys/results/{survey.pk}/")
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator("#survey-counts")).to_have_text(counts_sentence)
    charts = page.locator("svg[role=img]")
    expect(charts).to_have_count(2)
    expect(page.get_by_role("img", name=rating_name)).to_be_visible()
    expect(page.get_by_role("img", name=choice_name)).to_be_visible()
    for chart in charts.all():
        assert chart.bounding_box()["width"] >= 300  # readable on the phone: near the page's width, not a thumbnail

    rating_table = page.get_by_role("table", name=rating_name)
    assert rating_table.locator("thead th").all_text_contents() == [words["Rating"], words["Answers"]]
    assert _cells(rating_table.locator("tbody tr")) == [["1", "2"], ["2", "1"], ["3", "1"], ["4", "1"], ["5", "1"]]
    footer = " ".join(rating_table.locator("tfoot tr").inner_text().split())
    assert footer.startswith(f"{words['Average']} {average_rating} (")
    choice_table = page.get_by_role("table", name=choice_name)
    assert choice_table.locator("thead th").all_text_contents() == [words["Option"], words["Answers"]]
    assert _cells(choice_table.locator("tbody tr")) == [[option, "2"] for option in options]
    assert " ".join(choice_table.locator("tfoot tr").inner_text().split()) == f"{words['In all']} 6"
    assert_fits(page, 360)
    page.screenshot(path=artifact_path("surveys-results-km-360.png"), full_page=True)


def _cells(rows) -> list[list[str]]:
    return [[" ".join(cell.split()) for cell in row.locator("td").all_inner_texts()] for row in rows.all()]
