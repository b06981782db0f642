"""Reads of taking a test: the questions an attempt may draw, a person's attempts, the best post-test attempt (what
completion compares with the pass mark), an attempt's questions with their choices in the attempt's order."""

from django.db.models import Max, Min, OuterRef, QuerySet, Subquery

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
    items = list(attempt.items.select_related("version").prefetch_related("selected").order_by("position"))
    choices = {choice.pk: choice for choice in Choice.objects.filter(version__in=[item.version_id for item in items])}
    for item in items:
        item.choices_in_order = [choices[pk] for pk in item.choice_order if pk in choices]
        item.selected_ids = {choice.pk for choice in item.selected.all()}
        item.right_ids = {choice.pk for choice in item.choices_in_order if choice.is_correct}
    return items
