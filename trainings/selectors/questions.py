"""Reads of a course's question bank: the bank's list (newest version, share of right answers so far) and a question
with its newest version's choices for the edit form. Each in a fixed number of queries whatever the bank's size."""

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import AttemptQuestion, Course, Question, QuestionVersion
from ..rules import whole_percent


def _newest(field: str) -> Subquery:
    return Subquery(QuestionVersion.objects.filter(question=OuterRef("pk")).order_by("-number").values(field)[:1])


def course_bank(*, course: Course) -> list[Question]:
    """The course's questions, in use first then by number, each with its newest version's `text_en`, `text_km`
    and `version` number, and over submitted attempts `answered` (answers given), `right` and `right_share` (a
    percentage, None before any answer). Two queries."""
    questions = list(
        Question.objects.filter(course=course)
        .annotate(text_en=_newest("text_en"), text_km=_newest("text_km"), version=_newest("number"))
        .order_by("-is_active", "pk")
    )
    counts = {
        row["version__question"]: row
        for row in AttemptQuestion.objects.filter(version__question__course=course, attempt__submitted_at__isnull=False)
        .values("version__question")
        .annotate(answered=Count("pk"), right=Count("pk", filter=Q(is_correct=True)))
    }
    for question in questions:
        row = counts.get(question.pk, {})
        question.answered = row.get("answered", 0)
        question.right = row.get("right", 0)
        question.right_share = whole_percent(question.right, question.answered)
    return questions


def bank_question(*, course: Course, pk: int) -> Question:
    """A question of the course's bank (404 otherwise) with `newest`, its newest version, `newest_choices`,
    `newest_drawn` (an edit will make a new version) and `answered` (any version drawn: its kind is fixed)."""
    question = get_object_or_404(Question, course=course, pk=pk)
    question.newest = question.versions.order_by("-number").first()
    if question.newest is None:  # a question with no wording (only the admin can make one) is not in the bank
        raise Http404
    question.newest_choices = list(question.newest.choices.order_by("position"))
    # Saving an edit makes a new version when the newest has been drawn (services.questions.question_update).
    question.newest_drawn = AttemptQuestion.objects.filter(version=question.newest).exists()
    question.answered = question_is_answered(question)
    return question


def question_is_answered(question: Question) -> bool:
    """Whether any version of the question has been drawn in an attempt."""
    return AttemptQuestion.objects.filter(version__question=question).exists()


def questions_in_use(*, course: Course) -> int:
    """How many of the course's questions a new attempt may draw."""
    return Question.objects.filter(course=course, is_active=True).count()


def bank_courses(*, user) -> QuerySet[Course]:
    """The courses whose bank the person may edit as a trainer: those of the cohorts they teach."""
    return Course.objects.filter(cohorts__trainers=user).distinct().order_by("title_en")
