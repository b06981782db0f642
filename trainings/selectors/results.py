"""Reads of what people learned: a cohort's results (each person's best pre-test and post-test scores, the gain,
their attempts; each question drawn in the cohort with its share of right answers), a course's gain per cohort and
per company, and a company's people's results for its focal point (minors left out, selectors.company).

Scores are aggregated in SQL; each read takes a fixed number of queries whatever the number of people or questions.
Only submitted attempts count. The gain is the best post-test score minus the best pre-test score, for people who
took both.
"""

from dataclasses import dataclass

from django.db.models import Avg, Count, F, IntegerField, Max, OuterRef, Q, QuerySet, Subquery

from people.models import Organisation

from ..models import Assessment, Attempt, AttemptQuestion, Cohort, Course, Enrollment, QuestionVersion
from ..rules import whole_percent
from .company import company_people

PRE, POST = Assessment.Kind.PRE, Assessment.Kind.POST


def _submitted(kind: str) -> Q:
    return Q(attempts__assessment__kind=kind, attempts__submitted_at__isnull=False)


def with_best_scores(enrollments: QuerySet[Enrollment]) -> QuerySet[Enrollment]:
    """Enrolments with `best_pre`, `best_post` (None when not taken), `pre_attempts` and `post_attempts` (submitted),
    in the same query; the model's `gain` reads them (post minus pre)."""
    return enrollments.annotate(
        best_pre=Max("attempts__score", filter=_submitted(PRE)),
        best_post=Max("attempts__score", filter=_submitted(POST)),
        pre_attempts=Count("attempts", filter=_submitted(PRE)),
        post_attempts=Count("attempts", filter=_submitted(POST)),
    )


def gain(pre: int | None, post: int | None) -> int | None:
    return None if pre is None or post is None else post - pre


@dataclass
class Summary:
    """What a list of people's results adds up to: averages over those who took each test, the gain over those
    who took both."""

    people: int = 0
    took_pre: int = 0
    took_post: int = 0
    took_both: int = 0
    average_pre: float | None = None
    average_post: float | None = None
    average_gain: float | None = None


def _average(values: list) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def summarise(rows: list[Enrollment]) -> Summary:
    pre = [row.best_pre for row in rows if row.best_pre is not None]
    post = [row.best_post for row in rows if row.best_post is not None]
    gains = [row.gain for row in rows if row.gain is not None]
    return Summary(
        people=len(rows),
        took_pre=len(pre),
        took_post=len(post),
        took_both=len(gains),
        average_pre=_average(pre),
        average_post=_average(post),
        average_gain=_average(gains),
    )


def _rows(enrollments: QuerySet[Enrollment]) -> list[Enrollment]:
    rows = list(with_best_scores(enrollments).select_related("user", "organisation"))
    for row in rows:
        row.gain = gain(row.best_pre, row.best_post)
    return rows


def cohort_results(*, cohort: Cohort) -> list[Enrollment]:
    """Everyone holding a place in the cohort, by name, with their best scores and attempts (with_best_scores) and
    `gain`. One query."""
    return _rows(
        Enrollment.objects.filter(cohort=cohort, status__in=Enrollment.HOLDING_PLACE).order_by(
            "user__family_name", "user__given_name", "pk"
        )
    )


def cohort_question_results(*, cohort: Cohort) -> list[QuestionVersion]:
    """Every question version drawn in the cohort's submitted attempts, with `answered`, `right` and `right_share`
    (a percentage), the weakest first: a question most people get wrong is taught badly or written badly. Two
    queries."""
    counts = list(
        AttemptQuestion.objects.filter(attempt__enrollment__cohort=cohort, attempt__submitted_at__isnull=False)
        .values("version")
        .annotate(answered=Count("pk"), right=Count("pk", filter=Q(is_correct=True)))
        .order_by()
    )
    versions = QuestionVersion.objects.select_related("question").in_bulk([row["version"] for row in counts])
    result = []
    for row in counts:
        version = versions[row["version"]]
        version.answered, version.right = row["answered"], row["right"]
        version.right_share = whole_percent(version.right, version.answered)
        result.append(version)
    result.sort(key=lambda version: (version.right_share, version.question_id, version.number))
    return result


def _best(kind: str) -> Subquery:
    return Subquery(
        Attempt.objects.filter(enrollment=OuterRef("pk"), assessment__kind=kind, submitted_at__isnull=False)
        .values("enrollment")
        .annotate(best=Max("score"))
        .values("best")
        .order_by(),
        output_field=IntegerField(),
    )


def gain_by(enrollments: QuerySet[Enrollment], *keys: str, extra: dict | None = None) -> list[dict]:
    """The knowledge gained by each group of `keys`: `people`, `took_both`, `average_pre`, `average_post` (over those
    who took each test) and `average_gain` (over those who took both), and any `extra` aggregates. One query."""
    return list(
        enrollments.annotate(pre=_best(PRE), post=_best(POST))
        .values(*keys)
        .annotate(
            people=Count("pk"),
            took_both=Count("pk", filter=Q(pre__isnull=False, post__isnull=False)),
            average_pre=Avg("pre"),
            average_post=Avg("post"),
            average_gain=Avg(F("post") - F("pre")),
            **(extra or {}),
        )
        .order_by(*keys)
    )


def course_results(*, course: Course) -> dict[str, list[dict]]:
    """The course's knowledge gained, over everyone holding a place: {"cohorts": [...], "companies": [...]}, each
    row a dict with the group's key (`cohort__pk`, `cohort__code`, `cohort__starts_on`; `organisation__name`, None
    for people enrolled for themselves), `people`, `took_both`, `average_pre`, `average_post` and `average_gain`.
    Two queries."""
    enrollments = Enrollment.objects.filter(cohort__course=course, status__in=Enrollment.HOLDING_PLACE)
    return {
        "cohorts": gain_by(enrollments, "cohort__starts_on", "cohort__code", "cohort__pk"),
        "companies": gain_by(enrollments, "organisation__name"),
    }


def company_results(*, organisation: Organisation) -> list[Enrollment]:
    """The results of the company's people its focal point sees (selectors.company.company_people: no minor), in
    the cohorts of courses with a test, newest cohort first, with best scores and `gain`. One query."""
    return _rows(
        Enrollment.objects.filter(
            organisation=organisation,
            status__in=Enrollment.HOLDING_PLACE,
            user__in=company_people(organisation=organisation).values("pk"),
            # A subquery, not a join: a join to the tests would count each attempt once per test of the course.
            cohort__course__in=Assessment.objects.values("course"),
        )
        .select_related("cohort__course")
        .order_by("-cohort__starts_on", "cohort__code", "user__family_name", "user__given_name")
    )


def trainer_cohorts(*, user) -> QuerySet[Cohort]:
    """The cohorts a person teaches, newest first, with their course: the way to their results and banks."""
    return Cohort.objects.filter(trainers=user).select_related("course").order_by("-starts_on", "code")
