import pytest
from django.urls import reverse

from surveys.models import Survey, SurveyQuestion
from tests.factories import CohortFactory, SurveyAnswerFactory, SurveyFactory, SurveyQuestionFactory

pytestmark = pytest.mark.django_db


def test_organiser_writes_a_choice_question_with_khmer_options(organiser_client):
    response = organiser_client.post(
        reverse("surveys_organiser:question_create"),
        {"kind": "choice", "text_en": "Was the length right?", "options": "Too short | ខ្លីពេក\nRight\n\nToo long"},
    )
    assert response.status_code == 302
    question = SurveyQuestion.objects.get()
    assert [(o.text_en, o.text_km) for o in question.options.all()] == [
        ("Too short", "ខ្លីពេក"),
        ("Right", ""),
        ("Too long", ""),
    ]
    page = organiser_client.get(reverse("surveys_organiser:question_update", args=[question.pk])).content.decode()
    assert "Too short | ខ្លីពេក" in page


@pytest.mark.parametrize(
    ("option", "message"),
    [("Long " * 41, "Keep each option to 200 characters."), ("Right\u202e", "invisible or control characters")],
)
def test_an_option_too_long_or_with_control_characters_is_refused_on_the_form(organiser_client, option, message):
    # Options are written by bulk_create (no model validation): PostgreSQL refused the long one with a 500.
    response = organiser_client.post(
        reverse("surveys_organiser:question_create"),
        {"kind": "choice", "text_en": "Was the length right?", "options": f"Too short\n{option}"},
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not SurveyQuestion.objects.exists()


def test_answered_question_edit_refused_next_to_the_kind(organiser_client):
    answer = SurveyAnswerFactory()
    question = answer.item.question
    response = organiser_client.post(
        reverse("surveys_organiser:question_update", args=[question.pk]), {"kind": "text", "text_en": "Other"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "its kind cannot change" in page
    assert "This question has been answered" in page
    question.refresh_from_db()
    assert question.kind == "rating"


def test_organiser_builds_a_survey_ordering_its_questions(organiser_client):
    cohort = CohortFactory()
    first, second, left_out = SurveyQuestionFactory.create_batch(3)
    page = organiser_client.get(reverse("surveys_organiser:survey_create")).content.decode()
    assert f"trainings.cohort:{cohort.pk}" in page
    response = organiser_client.post(
        reverse("surveys_organiser:survey_create"),
        {
            "subject": f"trainings.cohort:{cohort.pk}",
            "title_en": "How was it?",
            "is_anonymous": "on",
            "open_days": 14,
            "reminder_after_days": 5,
            f"pos_{first.pk}": 2,
            f"pos_{second.pk}": 1,
            f"req_{first.pk}": "on",
        },
    )
    survey = Survey.objects.get()
    assert response.url == reverse("surveys_organiser:survey", args=[survey.pk])
    assert list(survey.items.values_list("question_id", "required")) == [(second.pk, False), (first.pk, True)]


def test_survey_without_questions_is_refused_on_the_form(organiser_client):
    cohort = CohortFactory()
    SurveyQuestionFactory()
    response = organiser_client.post(
        reverse("surveys_organiser:survey_create"),
        {"subject": f"trainings.cohort:{cohort.pk}", "title_en": "T", "open_days": 14, "reminder_after_days": 5},
    )
    assert response.status_code == 200 and "Choose at least one question." in response.content.decode()
    assert not Survey.objects.exists()


def test_survey_deleted_before_invitations(organiser_client):
    survey = SurveyFactory(with_items=True)
    response = organiser_client.post(reverse("surveys_organiser:survey_delete", args=[survey.pk]))
    assert response.url == reverse("surveys_organiser:list") and not Survey.objects.exists()
