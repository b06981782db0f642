import pytest
from django.core.exceptions import ValidationError

from tests.factories import AssessmentFactory, CourseFactory, EnrollmentFactory, UserFactory
from tests.factories.results import scored_attempt
from trainings.models import Assessment, Question, QuestionVersion
from trainings.services import questions as services
from trainings.services.questions import ChoiceData

pytestmark = pytest.mark.django_db

FOUR = [
    ChoiceData("Report it to the national hotline", "រាយការណ៍ទៅខ្សែទូរស័ព្ទជាតិ", True),
    ChoiceData("Download a copy as evidence", "ទាញយកច្បាប់ចម្លងទុកជាភស្តុតាង"),
    ChoiceData("Share it with colleagues to warn them"),
    ChoiceData("Ignore it"),
]


def _create(course, kind=Question.Kind.SINGLE, choices=FOUR, **texts):
    texts = {"text_en": "What do you do when you find CSAM?", "explanation_en": "Report, never share.", **texts}
    return services.question_create(course=course, kind=kind, choices=choices, by=None, **texts)


def _update(question, text_en="What do you do first?", choices=FOUR, kind=None):
    return services.question_update(
        question=question, kind=kind or question.kind, text_en=text_en, choices=choices, by=None
    )


def test_question_create_writes_version_one_with_its_choices():
    author = UserFactory()
    question = services.question_create(
        course=CourseFactory(),
        kind=Question.Kind.SINGLE,
        text_en="  What do you do when you find CSAM?  ",
        text_km="",
        explanation_en="",
        explanation_km="",
        choices=FOUR,
        by=author,
    )
    version = question.versions.get()
    assert (version.number, version.text_en, version.created_by) == (1, "What do you do when you find CSAM?", author)
    assert list(version.choices.values_list("position", "text_en", "is_correct")) == [
        (1, "Report it to the national hotline", True),
        (2, "Download a copy as evidence", False),
        (3, "Share it with colleagues to warn them", False),
        (4, "Ignore it", False),
    ]
    assert question.is_active


def test_update_of_a_version_never_drawn_edits_it_in_place():
    question = _create(CourseFactory())
    version = _update(question, choices=[ChoiceData("Report", is_correct=True), ChoiceData("Keep quiet")])
    assert question.versions.count() == 1
    assert (version.number, version.text_en) == (1, "What do you do first?")
    assert list(version.choices.values_list("text_en", flat=True)) == ["Report", "Keep quiet"]


def test_update_of_a_drawn_version_makes_a_new_one_and_keeps_the_answered_one():
    course = CourseFactory()
    question = _create(course)
    drawn = question.versions.get()
    enrollment = EnrollmentFactory(cohort__course=course)
    attempt = scored_attempt(enrollment, AssessmentFactory(course=course), answers=[(drawn, True)])
    before = list(drawn.choices.values_list("pk", "text_en", "is_correct"))

    new = _update(question, choices=[ChoiceData("Report", is_correct=True), ChoiceData("Keep quiet")])

    assert new.number == 2 and new.pk != drawn.pk
    drawn.refresh_from_db()
    assert drawn.text_en == "What do you do when you find CSAM?"
    assert list(drawn.choices.values_list("pk", "text_en", "is_correct")) == before
    assert attempt.items.get().version_id == drawn.pk
    assert list(new.choices.values_list("text_en", flat=True)) == ["Report", "Keep quiet"]
    # Version 2 is not drawn yet: the next edit changes it in place.
    assert _update(question, text_en="Third wording").number == 2
    assert QuestionVersion.objects.filter(question=question).count() == 2


def test_kind_of_an_answered_question_cannot_change():
    course = CourseFactory()
    question = _create(course)
    scored_attempt(
        EnrollmentFactory(cohort__course=course),
        AssessmentFactory(course=course),
        answers=[(question.versions.get(), False)],
    )
    with pytest.raises(ValidationError) as error:
        _update(question, kind=Question.Kind.MULTIPLE, choices=[ChoiceData("a", is_correct=True), ChoiceData("b")])
    assert "kind" in error.value.message_dict


@pytest.mark.parametrize(
    ("kind", "choices", "problem"),
    [
        (Question.Kind.SINGLE, [ChoiceData("a", is_correct=True)], "between 2 and 8"),
        (Question.Kind.SINGLE, [ChoiceData(str(n), is_correct=n == 0) for n in range(9)], "between 2 and 8"),
        (Question.Kind.SINGLE, [ChoiceData("a", is_correct=True), ChoiceData("b", is_correct=True)], "exactly one"),
        (Question.Kind.SINGLE, [ChoiceData("a"), ChoiceData("b")], "exactly one"),
        (Question.Kind.MULTIPLE, [ChoiceData("a", is_correct=True), ChoiceData("b", is_correct=True)], "one wrong"),
        (Question.Kind.MULTIPLE, [ChoiceData("a"), ChoiceData("b")], "at least one answer right"),
        (Question.Kind.SINGLE, [ChoiceData("", "ក", is_correct=True), ChoiceData("b")], "English text"),
        (Question.Kind.TRUE_FALSE, [ChoiceData("Yes", is_correct=True), ChoiceData("No")], "“True” and “False”"),
        (Question.Kind.TRUE_FALSE, [ChoiceData("True", is_correct=True)], "“True” and “False”"),
        (Question.Kind.TRUE_FALSE, [ChoiceData("True", "បាទ", True), ChoiceData("False")], "ពិត"),
        (
            Question.Kind.TRUE_FALSE,
            [ChoiceData("True", is_correct=True), ChoiceData("False", is_correct=True)],
            "exactly one",
        ),
    ],
)
def test_choices_that_break_a_rule_are_refused(kind, choices, problem):
    course = CourseFactory()
    with pytest.raises(ValidationError) as error:
        _create(course, kind=kind, choices=choices)
    assert problem in " ".join(error.value.message_dict["choices"])
    assert not Question.objects.filter(course=course).exists()


def test_english_question_text_is_required_khmer_is_not():
    with pytest.raises(ValidationError) as error:
        _create(CourseFactory(), text_en="  ")
    assert "text_en" in error.value.message_dict
    assert _create(CourseFactory(), text_km="").versions.get().text == "What do you do when you find CSAM?"


def test_true_false_gets_its_khmer_answers_filled_in():
    question = _create(
        CourseFactory(),
        kind=Question.Kind.TRUE_FALSE,
        choices=[ChoiceData("false"), ChoiceData("TRUE", is_correct=True)],
    )
    assert list(question.versions.get().choices.values_list("text_en", "text_km", "is_correct")) == [
        ("False", "មិនពិត", False),
        ("True", "ពិត", True),
    ]


def test_retire_and_restore():
    question = _create(CourseFactory())
    services.question_retire(question=question)
    assert not Question.objects.get(pk=question.pk).is_active
    services.question_restore(question=question)
    assert Question.objects.get(pk=question.pk).is_active


def test_assessment_save_creates_then_updates_the_settings():
    course = CourseFactory()
    created = services.assessment_save(course=course, kind="post", question_count=12, attempts_allowed=3)
    updated = services.assessment_save(course=course, kind="post", time_limit_minutes=20)
    assert created.pk == updated.pk
    stored = Assessment.objects.get(course=course, kind="post")
    assert (stored.question_count, stored.attempts_allowed, stored.time_limit_minutes) == (12, 3, 20)


def test_assessment_save_refuses_values_out_of_range():
    with pytest.raises(ValidationError) as error:
        services.assessment_save(course=CourseFactory(), kind="pre", question_count=0, attempts_allowed=50)
    assert {"question_count", "attempts_allowed"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError):
        services.assessment_save(course=CourseFactory(), kind="mid")
