"""Factories for feedback surveys. A survey is about a cohort by default (`SurveyFactory(subject=cohort)` or
`subject_kind`/`subject_id` for another kind); `with_items=True` gives it one required rating, one choice with three
options and one optional free text."""

import factory

from surveys.models import (
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyItem,
    SurveyOption,
    SurveyQuestion,
    SurveyResponse,
)
from tests.factories.people import UserFactory
from tests.factories.trainings import CohortFactory

__all__ = [
    "SurveyAnswerFactory",
    "SurveyFactory",
    "SurveyInvitationFactory",
    "SurveyItemFactory",
    "SurveyOptionFactory",
    "SurveyQuestionFactory",
    "SurveyResponseFactory",
]


class SurveyQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyQuestion
        skip_postgeneration_save = True

    kind = SurveyQuestion.Kind.RATING
    text_en = factory.Sequence(lambda n: f"How useful was this for your work? ({n})")
    text_km = factory.Sequence(lambda n: f"តើវាមានប្រយោជន៍សម្រាប់ការងាររបស់អ្នកប៉ុណ្ណា? ({n})")

    @factory.post_generation
    def options(obj, create, extracted, **kwargs):
        """options=["Yes", "No"] (English texts), or, for a choice question, three options by default."""
        if not create:
            return
        texts = (
            extracted if extracted is not None else (["Too short", "Right", "Too long"] if obj.kind == "choice" else [])
        )
        for position, text in enumerate(texts, start=1):
            SurveyOptionFactory(question=obj, position=position, text_en=text, text_km=f"{text} (ខ្មែរ)")


class SurveyOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyOption

    question = factory.SubFactory(SurveyQuestionFactory, kind=SurveyQuestion.Kind.CHOICE, options=[])
    position = factory.Sequence(lambda n: n + 1)
    text_en = factory.Sequence(lambda n: f"Option {n}")
    text_km = factory.Sequence(lambda n: f"ជម្រើស {n}")


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey
        skip_postgeneration_save = True
        exclude = ["subject"]

    subject = factory.SubFactory(CohortFactory)
    title_en = factory.Sequence(lambda n: f"How was the training? ({n})")
    title_km = factory.Sequence(lambda n: f"តើការបណ្តុះបណ្តាលយ៉ាងដូចម្តេច? ({n})")
    intro_en = "Your answers help us improve the next cohort."
    intro_km = "ចម្លើយរបស់អ្នកជួយយើងកែលម្អវគ្គបន្ទាប់។"
    subject_kind = "trainings.cohort"
    subject_id = factory.LazyAttribute(lambda o: o.subject.pk)
    is_anonymous = True
    open_days = 14
    reminder_after_days = 5

    @factory.post_generation
    def with_items(obj, create, extracted, **kwargs):
        if create and extracted:
            SurveyItemFactory(survey=obj, position=1, required=True, question__kind=SurveyQuestion.Kind.RATING)
            SurveyItemFactory(survey=obj, position=2, question__kind=SurveyQuestion.Kind.CHOICE)
            SurveyItemFactory(survey=obj, position=3, question__kind=SurveyQuestion.Kind.TEXT)


class SurveyItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyItem

    survey = factory.SubFactory(SurveyFactory)
    question = factory.SubFactory(SurveyQuestionFactory)
    position = factory.Sequence(lambda n: n + 1)
    required = False


class SurveyInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyInvitation

    survey = factory.SubFactory(SurveyFactory)
    user = factory.SubFactory(UserFactory)
    part_id = factory.LazyAttribute(lambda o: o.survey.subject_id)
    language = factory.LazyAttribute(lambda o: o.user.language or "en")


class SurveyResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyResponse

    survey = factory.SubFactory(SurveyFactory)
    part_id = factory.LazyAttribute(lambda o: o.survey.subject_id)
    respondent = None


class SurveyAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyAnswer

    response = factory.SubFactory(SurveyResponseFactory)
    item = factory.SubFactory(SurveyItemFactory, survey=factory.SelfAttribute("..response.survey"))
    rating = 4
