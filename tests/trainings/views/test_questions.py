"""The question bank's pages: the list (query count at 3 and 300 questions), new and edit with a formset of answers
(errors next to fields and in the summary, input kept), versioning on edit, retire and restore, who may open them."""

import pytest
from django.urls import reverse

from tests.factories import (
    AssessmentFactory,
    CohortFactory,
    EnrollmentFactory,
    QuestionFactory,
    QuestionVersionFactory,
    UserFactory,
)
from tests.factories.results import scored_attempt
from trainings.models import Question

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank_trainer():
    return UserFactory(given_name="Sokha", family_name="Teacher")


@pytest.fixture
def course(bank_trainer):
    return CohortFactory(trainers=[bank_trainer]).course


@pytest.fixture
def trainer_client(client, bank_trainer):
    client.force_login(bank_trainer)
    return client


def _url(name, course, *args):
    return reverse(f"trainings:{name}", args=[course.pk, *args])


def _post_data(kind="single", rows=None, total=4, **fields):
    data = {
        "kind": kind,
        "text_en": "Which sign may show grooming?",
        "text_km": "",
        "explanation_en": "Secrecy and gifts are warning signs.",
        "explanation_km": "",
        "choices-TOTAL_FORMS": str(total),
        "choices-INITIAL_FORMS": "0",
        **fields,
    }
    for index, (text_en, right) in enumerate(rows or []):
        data[f"choices-{index}-text_en"] = text_en
        data[f"choices-{index}-text_km"] = ""
        if right:
            data[f"choices-{index}-is_correct"] = "on"
    return data


@pytest.mark.parametrize("count", [3, 300])
def test_bank_page_query_count(trainer_client, course, django_assert_num_queries, count):
    questions = QuestionFactory.create_batch(count, course=course)
    enrollment = EnrollmentFactory(cohort=course.cohorts.get())
    scored_attempt(enrollment, AssessmentFactory(course=course), answers=[(questions[0].versions.get(), True)])
    # Session, user, course, its cohorts' trainer, the questions, their answers' counts, messages (+ savepoints).
    with django_assert_num_queries(8):
        response = trainer_client.get(_url("question_bank", course))
    table = response.text.split('id="question-bank"')[1]
    assert table.count('<tr id="question-') == count
    assert "100%" in table and "not answered yet" in table


def test_bank_shows_newest_version_and_out_of_use(trainer_client, course):
    question = QuestionFactory(course=course, is_active=False, version__text_en="First wording")
    QuestionVersionFactory(question=question, number=2, text_en="Second wording")
    response = trainer_client.get(_url("question_bank", course))
    assert "Second wording" in response.text and "First wording" not in response.text
    assert "Out of use" in response.text and "Put back in use" in response.text


def test_new_question_is_saved_through_the_service(trainer_client, course, bank_trainer):
    data = _post_data(rows=[("Asking to keep secrets", True), ("Asking about homework", False)])
    response = trainer_client.post(_url("question_create", course), data)
    assert response.status_code == 302
    question = Question.objects.get(course=course)
    version = question.versions.get()
    assert version.text_en == "Which sign may show grooming?" and version.created_by == bank_trainer
    assert list(version.choices.values_list("text_en", "is_correct")) == [
        ("Asking to keep secrets", True),
        ("Asking about homework", False),
    ]


def test_refused_question_shows_errors_in_summary_and_keeps_input(trainer_client, course):
    data = _post_data(rows=[("Asking to keep secrets", False), ("Asking about homework", False)], text_en="")
    response = trainer_client.post(_url("question_create", course), data)
    assert response.status_code == 200
    assert "data-error-summary" in response.text
    assert "This field is required." in response.text  # next to the question's English text
    assert 'value="Asking to keep secrets"' in response.text
    assert not Question.objects.exists()

    data = _post_data(rows=[("Asking to keep secrets", False), ("Asking about homework", False)])
    response = trainer_client.post(_url("question_create", course), data)
    assert "Mark exactly one answer right." in response.text.split("data-error-summary")[1]
    assert not Question.objects.exists()


def test_answer_row_without_english_is_flagged_next_to_it(trainer_client, course):
    data = _post_data(rows=[("Asking to keep secrets", True), ("", True)])
    response = trainer_client.post(_url("question_create", course), data)
    assert "Write this answer in English, or clear the row." in response.text
    assert "Some answers need correcting: see below." in response.text
    assert not Question.objects.exists()


def test_edit_of_an_answered_question_makes_a_new_version(trainer_client, course):
    question = QuestionFactory(course=course, version__text_en="Old wording")
    drawn = question.versions.get()
    scored_attempt(
        EnrollmentFactory(cohort=course.cohorts.get()), AssessmentFactory(course=course), answers=[(drawn, True)]
    )
    page = trainer_client.get(_url("question_update", course, question.pk))
    assert "Saving makes version 2" in page.text and 'value="Answer A"' in page.text
    assert "disabled" in page.text.split('name="kind"')[1][:200]

    data = _post_data(kind="single", rows=[("Secrets", True), ("Homework", False)], text_en="New wording")
    response = trainer_client.post(_url("question_update", course, question.pk), data, follow=True)
    assert "Saved as version 2" in response.text
    drawn.refresh_from_db()
    assert drawn.text_en == "Old wording"
    assert question.versions.get(number=2).text_en == "New wording"


def test_retire_and_restore(trainer_client, course):
    question = QuestionFactory(course=course)
    trainer_client.post(_url("question_retire", course, question.pk))
    question.refresh_from_db()
    assert not question.is_active
    trainer_client.post(_url("question_restore", course, question.pk))
    question.refresh_from_db()
    assert question.is_active


def test_bank_of_another_course_is_404_for_a_trainer(trainer_client):
    other = QuestionFactory()
    assert trainer_client.get(_url("question_bank", other.course)).status_code == 404
    assert trainer_client.get(_url("question_update", other.course, other.pk)).status_code == 404
    assert trainer_client.post(_url("question_retire", other.course, other.pk)).status_code == 404
    assert Question.objects.get(pk=other.pk).is_active


def test_question_of_another_course_is_404_under_this_course(trainer_client, course):
    other = QuestionFactory()
    assert trainer_client.get(_url("question_update", course, other.pk)).status_code == 404


def test_organiser_edits_any_bank_and_sets_the_tests(organiser_client):
    question = QuestionFactory()
    course = question.course
    assert organiser_client.get(_url("question_bank", course)).status_code == 200
    url = reverse("trainings_organiser:assessment_settings", args=[course.pk, "post"])
    page = organiser_client.get(url)
    assert 'name="closes_after_days"' in page.text
    data = {"question_count": "8", "attempts_allowed": "3", "grace_seconds": "90", "closes_after_days": "5"}
    response = organiser_client.post(url, {**data, "time_limit_minutes": "15", "is_open": "on"}, follow=True)
    assert "The bank has 1 question in use" in response.text
    post = course.assessments.get(kind="post")
    assert (post.question_count, post.attempts_allowed, post.time_limit_minutes, post.closes_after_days) == (
        8,
        3,
        15,
        5,
    )
    pre_page = organiser_client.get(reverse("trainings_organiser:assessment_settings", args=[course.pk, "pre"]))
    assert 'name="closes_after_days"' not in pre_page.text
    refused = organiser_client.post(url, {**data, "question_count": "0"})
    assert refused.status_code == 200 and "data-error-summary" in refused.text


def test_question_without_a_version_is_404_not_a_server_error(trainer_client, course):
    """Only the admin can leave a question with no wording; the bank's pages treat it as absent."""
    bare = Question.objects.create(course=course, kind=Question.Kind.SINGLE)
    assert trainer_client.get(_url("question_update", course, bare.pk)).status_code == 404
    assert trainer_client.post(_url("question_update", course, bare.pk), _post_data()).status_code == 404
