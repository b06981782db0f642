"""Factories for tests and their question banks.

`QuestionFactory(course=course)` makes a question with its first version and choices (the first choice right; two
right for several right answers; True and False for true/false). `version__right=[1, 2]` picks other right
choices, `version__choices=["a", "b"]` other texts, `version=False` no version. Attempts are best made through
the services (trainings.services.assessments: attempt_start, answer_save, attempt_submit, each with `now=`), which
draw and score as the site does; `AttemptFactory` makes a bare attempt row.
"""

import datetime

import factory
from django.utils import timezone

from tests.factories.trainings import CourseFactory, EnrollmentFactory
from trainings.models import Assessment, Attempt, AttemptQuestion, Choice, Question, QuestionVersion

__all__ = [
    "AssessmentFactory",
    "AttemptFactory",
    "AttemptQuestionFactory",
    "ChoiceFactory",
    "QuestionFactory",
    "QuestionVersionFactory",
]

TRUE_FALSE = [("True", "ពិត"), ("False", "មិនពិត")]


class QuestionVersionFactory(factory.django.DjangoModelFactory):
    """A version with choices: `choices` (English texts; Khmer made from them) and `right` (indexes of the right
    ones). Defaults follow the question's kind."""

    class Meta:
        model = QuestionVersion
        skip_postgeneration_save = True

    question = factory.SubFactory("tests.factories.assessments.QuestionFactory", version=False)
    number = 1
    text_en = factory.Sequence(lambda n: f"Question {n}: what should a company do first?")
    text_km = factory.Sequence(lambda n: f"សំណួរ {n}៖ តើក្រុមហ៊ុនគួរធ្វើអ្វីមុនគេ?")
    explanation_en = "Because the guidelines say so."
    explanation_km = "ព្រោះគោលការណ៍ណែនាំចែងដូច្នេះ។"

    @factory.post_generation
    def choices(obj, create, extracted, **kwargs):
        if not create:
            return
        kind = obj.question.kind
        if extracted is not None:
            texts = [(text, f"{text} (km)") for text in extracted]
        elif kind == Question.Kind.TRUE_FALSE:
            texts = TRUE_FALSE
        else:
            texts = [(f"Answer {letter}", f"ចម្លើយ {letter}") for letter in "ABCD"]
        right = kwargs.get("right")
        if right is None:
            right = [0, 1] if kind == Question.Kind.MULTIPLE else [0]
        for position, (text_en, text_km) in enumerate(texts, start=1):
            Choice.objects.create(
                version=obj, position=position, text_en=text_en, text_km=text_km, is_correct=position - 1 in right
            )


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question
        skip_postgeneration_save = True

    course = factory.SubFactory(CourseFactory)
    kind = Question.Kind.SINGLE
    is_active = True

    @factory.post_generation
    def version(obj, create, extracted, **kwargs):
        """Its first version (kwargs go to QuestionVersionFactory: version__right=[1], version__choices=[...]);
        version=False: none."""
        if create and extracted is not False:
            right = kwargs.pop("right", None)
            QuestionVersionFactory(question=obj, choices__right=right, **kwargs)


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    version = factory.SubFactory(QuestionVersionFactory)
    position = factory.Sequence(lambda n: n + 10)
    text_en = factory.Sequence(lambda n: f"Choice {n}")
    is_correct = False


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A course's pre-test by default (kind=Assessment.Kind.POST for its post-test)."""

    class Meta:
        model = Assessment
        django_get_or_create = ("course", "kind")

    course = factory.SubFactory(CourseFactory)
    kind = Assessment.Kind.PRE
    question_count = 5
    time_limit_minutes = None
    attempts_allowed = 1


class AttemptFactory(factory.django.DjangoModelFactory):
    """A bare attempt in progress (no questions drawn): for results, prefer the services."""

    class Meta:
        model = Attempt

    assessment = factory.SubFactory(AssessmentFactory)
    enrollment = factory.SubFactory(EnrollmentFactory, cohort__course=factory.SelfAttribute("...assessment.course"))
    number = 1
    started_at = factory.LazyFunction(timezone.now)
    ends_at = factory.LazyAttribute(lambda o: o.started_at + datetime.timedelta(hours=1))


class AttemptQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AttemptQuestion

    attempt = factory.SubFactory(AttemptFactory)
    position = factory.Sequence(lambda n: n + 1)
    version = factory.SubFactory(QuestionVersionFactory)
    choice_order = factory.LazyAttribute(lambda o: list(o.version.choices.values_list("pk", flat=True)))
