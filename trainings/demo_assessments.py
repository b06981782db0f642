"""Demo data for what people learned: the reporting course's question bank (trainings.demo_questions), its pre-test
and post-test, and the tests taken by the people of its finished cohort, through the services that the site uses
(drawn at random, answered one by one, submitted and scored; a post-test re-decides completion), so the results
pages show believable figures.

Idempotent: the bank is looked up by the questions' English text, the tests by course and kind, and a cohort's
attempts are made only when it has none.
"""

import datetime

from .demo_questions import QUESTIONS, TRUE_FALSE
from .models import Assessment, Attempt, Cohort, Course, Question
from .services.assessments import answer_save, attempt_start, attempt_submit
from .services.questions import ChoiceData, assessment_save, question_create

COURSE = "Reporting child sexual abuse material and other incidents"
COHORT = "RPT-2026-01"
PRE = {"question_count": 8, "attempts_allowed": 1, "time_limit_minutes": 15}
POST = {"question_count": 10, "attempts_allowed": 2, "time_limit_minutes": 20, "closes_after_days": 7}
# Share of questions each person gets right: the pre-test, then each post-test attempt.
SKILLS = {
    "sophea.mekong@example.org": (0.5, [0.8]),
    "bopha.angkor@example.org": (0.25, [0.5, 0.6]),
    "arif.lioncity@example.org": (0.625, [0.9]),
    "piyawat.siam@example.org": (0.375, [0.7]),
}


def _choices(kind: str, choices) -> list[ChoiceData]:
    if kind == TRUE_FALSE:  # `choices` is the right answer
        return [ChoiceData("True", is_correct=choices), ChoiceData("False", is_correct=not choices)]
    return [ChoiceData(text_en, text_km, right) for text_en, text_km, right in choices]


def _bank(course: Course) -> int:
    written = set(Question.objects.filter(course=course).values_list("versions__text_en", flat=True))
    for kind, (text_en, text_km), (explanation_en, explanation_km), choices in QUESTIONS:
        if text_en not in written:
            question_create(
                course=course,
                kind=kind,
                text_en=text_en,
                text_km=text_km,
                explanation_en=explanation_en,
                explanation_km=explanation_km,
                choices=_choices(kind, choices),
                by=None,
            )
    return Question.objects.filter(course=course).count()


def take_test(enrollment, assessment: Assessment, skill: float, now: datetime.datetime) -> Attempt:
    """An attempt answered right for `skill` of its questions (spread over the attempt), then submitted."""
    attempt = attempt_start(enrollment=enrollment, assessment=assessment, now=now)
    items = list(attempt.items.select_related("version").prefetch_related("version__choices"))
    right_count = round(skill * len(items))
    for index, item in enumerate(items):
        choices = list(item.version.choices.all())
        right = [choice.pk for choice in choices if choice.is_correct]
        wrong = [choice.pk for choice in choices if not choice.is_correct]
        is_right = (index * 7 + enrollment.pk) % len(items) < right_count
        answered = now + datetime.timedelta(minutes=index + 1)
        answer_save(attempt=attempt, position=item.position, choice_ids=right if is_right else wrong[:1], now=answered)
    return attempt_submit(attempt=attempt, now=now + datetime.timedelta(minutes=len(items) + 2))


def _attempts(cohort: Cohort, pre: Assessment, post: Assessment) -> int:
    if Attempt.objects.filter(enrollment__cohort=cohort).exists():
        return 0
    sessions = list(cohort.sessions.order_by("starts_at"))
    before = sessions[0].starts_at - datetime.timedelta(days=1, hours=-10)  # the evening before, at about 7 pm
    after = sessions[-1].ends_at + datetime.timedelta(hours=2)
    made = 0
    for enrollment in cohort.enrollments.filter(user__email__in=SKILLS).order_by("pk"):
        pre_skill, post_skills = SKILLS[enrollment.user.email]
        take_test(enrollment, pre, pre_skill, before)
        for day, skill in enumerate(post_skills):
            take_test(enrollment, post, skill, after + datetime.timedelta(days=day))
        made += 1 + len(post_skills)
    return made


def seed(*, stdout) -> None:
    course = Course.objects.get(title_en=COURSE)
    questions = _bank(course)
    pre = assessment_save(course=course, kind=Assessment.Kind.PRE, **PRE)
    post = assessment_save(course=course, kind=Assessment.Kind.POST, **POST)
    made = _attempts(Cohort.objects.get(code=COHORT), pre, post)
    stdout.write(f"Tests: {questions} questions in the bank of “{course.title_en}”, {made} attempts made.")
