"""Reads of taking a test: the questions an attempt may draw, a person's attempts, the best post-test attempt (what
completion compares with the pass mark), an attempt's questions with their choices in the attempt's order."""

import datetime
from dataclasses import dataclass

from django.db.models import Max, Min, OuterRef, QuerySet, Subquery
from django.utils import timezone

from .. import rules
from ..models import Assessment, Attempt, AttemptQuestion, Choice, Cohort, Enrollment, QuestionVersion


def drawable_versions(*, course) -> QuerySet[QuestionVersion]:
    """The newest version of each question in use of the course (`course`: a Course or its pk): what an attempt
    draws from."""
    newest = QuestionVersion.objects.filter(question=OuterRef("question")).order_by("-number").values("pk")[:1]
    return QuestionVersion.objects.filter(
        question__course=course, question__is_active=True, pk=Subquery(newest)
    ).order_by("question_id")


def post_test_of(*, course) -> Assessment | None:
    """The course's post-test when it is in use: then its best attempt's score is what completion compares."""
    return Assessment.objects.filter(course=course, kind=Assessment.Kind.POST, is_open=True).first()


def best_post_attempts(*, enrollments) -> dict[int, Attempt]:
    """{enrolment id: its best submitted attempt at its course's post-test in use}: the highest score, the earliest
    of equals; one query for any number of enrolments (enrolments or their ids)."""
    attempts = Attempt.objects.filter(
        enrollment__in=enrollments,
        assessment__kind=Assessment.Kind.POST,
        assessment__is_open=True,
        submitted_at__isnull=False,
    ).order_by("enrollment_id", "-score", "number")
    best: dict[int, Attempt] = {}
    for attempt in attempts:
        best.setdefault(attempt.enrollment_id, attempt)
    return best


def best_post_attempt(enrollment: Enrollment) -> Attempt | None:
    """The enrolment's best submitted post-test attempt (highest score, earliest of equals), or None. Called with
    the enrolment positionally or as `enrollment=`."""
    return best_post_attempts(enrollments=[enrollment.pk]).get(enrollment.pk)


def attempts_of(*, enrollment: Enrollment, assessment: Assessment) -> list[Attempt]:
    """The person's attempts at the test, the first first."""
    return list(Attempt.objects.filter(enrollment=enrollment, assessment=assessment).order_by("number"))


def with_session_times(cohorts: QuerySet[Cohort]) -> QuerySet[Cohort]:
    """Cohorts annotated with what `rules.assessment_window` needs, so that it asks nothing more."""
    return cohorts.annotate(
        first_starts_at=Min("sessions__starts_at"),
        last_starts_at=Max("sessions__starts_at"),
        last_ends_at=Max("sessions__ends_at"),
    )


def attempt_items(*, attempt: Attempt) -> list[AttemptQuestion]:
    """The attempt's questions in order, each with `version`, `choices_in_order` (its choices in the attempt's
    order), `selected_ids` (the set picked) and `right_ids` (the set of right choices): three queries in all."""
    items = list(attempt.items.select_related("version__question").prefetch_related("selected").order_by("position"))
    choices = {choice.pk: choice for choice in Choice.objects.filter(version__in=[item.version_id for item in items])}
    for item in items:
        item.choices_in_order = [choices[pk] for pk in item.choice_order if pk in choices]
        item.selected_ids = {choice.pk for choice in item.selected.all()}
        item.right_ids = {choice.pk for choice in item.choices_in_order if choice.is_correct}
    return items


@dataclass
class TestCard:
    """One test of a cohort as its participant sees it: its window, their attempts, and what they may do now."""

    assessment: Assessment
    opens_at: datetime.datetime | None
    closes_at: datetime.datetime | None
    is_open: bool
    attempts: list[Attempt]
    attempts_left: int
    in_progress: Attempt | None
    may_take_part: bool

    @property
    def submitted(self) -> list[Attempt]:
        return [attempt for attempt in self.attempts if attempt.submitted_at is not None]

    @property
    def best_score(self) -> int | None:
        return max((attempt.score for attempt in self.submitted), default=None)

    @property
    def can_resume(self) -> bool:
        return self.may_take_part and self.in_progress is not None

    @property
    def can_start(self) -> bool:
        """A new attempt can be started now (the service decides for good)."""
        return self.may_take_part and self.in_progress is None and self.is_open and self.attempts_left > 0


def participant_tests(
    *, cohort: Cohort, enrollment: Enrollment | None, kind: str | None = None, now: datetime.datetime | None = None
) -> list[TestCard]:
    """The cohort's tests in use (pre-test first; one `kind` only when given) for the person's enrolment, with their
    attempts: three queries (the cohort's session times, the tests, the attempts), none for an empty list."""
    if enrollment is None:
        return []
    tests = Assessment.objects.filter(course=cohort.course_id, is_open=True).order_by("-kind")
    if kind is not None:
        tests = tests.filter(kind=kind)
    tests = list(tests)
    if not tests:
        return []
    now = now or timezone.now()
    attempts: dict[int, list[Attempt]] = {test.pk: [] for test in tests}
    for attempt in Attempt.objects.filter(enrollment=enrollment, assessment__in=tests).order_by("number"):
        attempts[attempt.assessment_id].append(attempt)
    cohort_times = with_session_times(Cohort.objects.filter(pk=cohort.pk)).get()
    cards = []
    for test in tests:
        opens_at, closes_at = rules.assessment_window(test, cohort_times)
        mine = attempts[test.pk]
        cards.append(
            TestCard(
                assessment=test,
                opens_at=opens_at,
                closes_at=closes_at,
                is_open=rules.assessment_is_open(test, cohort_times, now),
                attempts=mine,
                attempts_left=rules.attempts_left(test, len(mine)),
                in_progress=next(
                    (a for a in mine if a.submitted_at is None and not rules.attempt_time_over(a, now)), None
                ),
                may_take_part=enrollment.holds_place,
            )
        )
    return cards
