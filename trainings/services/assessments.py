"""Taking a test: starting (or resuming) an attempt, saving each answer as it is given, submitting and scoring, and
the server's own submission of attempts whose time is over (`attempts_finish_expired`, a periodic job).

Lock order: the enrolment row, then the attempt row. `attempt_start` locks the enrolment, so two starts at once (two
tabs, a double tap) make one attempt, the second resuming the first; the partial unique constraint
`trainings_attempt_one_in_progress` holds it in the database too. It then locks the question versions it drew (in
the order of their ids), as services.questions.question_update does before it asks whether a version was drawn:
an edit in place never rewrites a version under an attempt that is drawing it. `answer_save` and `attempt_submit`
lock the attempt, so an answer and the submission of the same attempt never interleave. The server's clock decides: an
answer received after the attempt's end plus its grace is refused (`rules.attempt_time_over`), whatever the
phone's clock said when it was given.
"""

import contextlib
import datetime
import logging
import random

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.inputs import parse_ids

from ..errors import (
    AssessmentClosed,
    AttemptSubmitted,
    AttemptTimeOver,
    CompletionTooEarly,
    InvalidAnswer,
    NoAttemptsLeft,
    NoQuestions,
    NotTakingPart,
)
from ..models import Assessment, Attempt, AttemptQuestion, Choice, Enrollment, Question, QuestionVersion
from ..rules import assessment_is_open, assessment_window, attempt_time_over, attempts_left, whole_percent
from ..selectors.assessments import best_post_attempt, drawable_versions
from .completion import enrollment_decide_completion

logger = logging.getLogger(__name__)

__all__ = [
    "answer_save",
    "attempt_start",
    "attempt_submit",
    "attempts_finish_expired",
    "best_post_attempt",
]

_random = random.SystemRandom()
ONE_CHOICE_KINDS = (Question.Kind.SINGLE, Question.Kind.TRUE_FALSE)


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


@transaction.atomic
def attempt_start(*, enrollment: Enrollment, assessment: Assessment, now: datetime.datetime | None = None) -> Attempt:
    """The person's attempt in progress at the test (resumed), or a new one: `question_count` questions drawn at
    random from the newest versions of the course's questions in use (all of them when the bank has fewer), in a
    random order, each with its choices in a random order; it ends after the time limit, or when the test closes if
    that is sooner (when it closes, without a limit).

    Refuses (`AssessmentRefused`): the enrolment holds no place; the test is not this course's, not in use or
    outside its window; no attempt is left; the bank has no question. An attempt in progress whose time is over
    is submitted with its answers first."""
    now = _now(now)
    enrollment = Enrollment.objects.select_for_update().select_related("cohort__course").get(pk=enrollment.pk)
    if not enrollment.holds_place or assessment.course_id != enrollment.cohort.course_id:
        raise NotTakingPart
    in_progress = Attempt.objects.filter(enrollment=enrollment, assessment=assessment, submitted_at__isnull=True)
    for attempt in in_progress:
        if not attempt_time_over(attempt, now):
            return attempt
        attempt_submit(attempt=attempt, now=now)
    if not assessment_is_open(assessment, enrollment.cohort, now):
        raise AssessmentClosed
    made = Attempt.objects.filter(enrollment=enrollment, assessment=assessment).count()
    if attempts_left(assessment, made) == 0:
        raise NoAttemptsLeft
    version_ids = list(drawable_versions(course=assessment.course_id).values_list("pk", flat=True))
    if not version_ids:
        raise NoQuestions
    drawn = _random.sample(version_ids, min(assessment.question_count, len(version_ids)))
    # The drawn versions' rows, before their choices are read: an edit of a version (question_update, which locks
    # it before asking whether it was drawn) runs wholly before this attempt draws it or sees it drawn after.
    list(QuestionVersion.objects.select_for_update(no_key=True).filter(pk__in=drawn).order_by("pk").values("pk"))
    choice_ids: dict[int, list[int]] = {pk: [] for pk in drawn}
    for version_id, choice_id in Choice.objects.filter(version__in=drawn).values_list("version_id", "pk"):
        choice_ids[version_id].append(choice_id)
    _opens_at, closes_at = assessment_window(assessment, enrollment.cohort)
    ends_at = closes_at
    if assessment.time_limit_minutes:
        ends_at = min(closes_at, now + datetime.timedelta(minutes=assessment.time_limit_minutes))
    attempt = Attempt.objects.create(
        assessment=assessment,
        enrollment=enrollment,
        number=made + 1,
        started_at=now,
        ends_at=ends_at,
        grace_seconds=assessment.grace_seconds,
    )
    items = []
    for position, version_id in enumerate(drawn, start=1):
        order = choice_ids[version_id]
        _random.shuffle(order)
        items.append(AttemptQuestion(attempt=attempt, position=position, version_id=version_id, choice_order=order))
    AttemptQuestion.objects.bulk_create(items)
    return attempt


def _locked_open_attempt(attempt: Attempt) -> Attempt:
    # The attempt's row only (`of`): the enrolment comes along to be read, not locked.
    attempt = (
        Attempt.objects.select_for_update(of=("self",)).select_related("assessment", "enrollment").get(pk=attempt.pk)
    )
    if attempt.submitted_at is not None:
        raise AttemptSubmitted
    return attempt


@transaction.atomic
def answer_save(
    *, attempt: Attempt, position: int, choice_ids, now: datetime.datetime | None = None
) -> AttemptQuestion:
    """Record the answer to the attempt's question at `position`: the choices picked (exactly one for a single
    choice or true/false question, at least one for several right answers). The last answer received wins; the
    same answer twice writes nothing the second time (a queued answer sent again is one answer).

    Refuses: the attempt is submitted (`AttemptSubmitted`); the person withdrew (`NotTakingPart`); by the server's
    clock, its end plus grace has passed (`AttemptTimeOver`); no question at that position, or choices that are not
    that question's (`InvalidAnswer`)."""
    now = _now(now)
    attempt = _locked_open_attempt(attempt)
    if not attempt.enrollment.holds_place:
        raise NotTakingPart
    if attempt_time_over(attempt, now):
        raise AttemptTimeOver
    item = (
        AttemptQuestion.objects.select_related("version__question").filter(attempt=attempt, position=position).first()
    )
    if item is None:
        raise InvalidAnswer(_("This attempt has no question at this place."))
    ids = parse_ids(choice_ids) if isinstance(choice_ids, list | tuple | set) else None
    picked = set(ids or ())
    if not picked or not picked <= set(item.choice_order):
        raise InvalidAnswer
    if item.version.question.kind in ONE_CHOICE_KINDS and len(picked) != 1:
        raise InvalidAnswer(_("Choose one answer."))
    if item.answered_at is not None and set(item.selected.values_list("pk", flat=True)) == picked:
        return item
    item.selected.set(picked)
    item.answered_at = now
    item.save(update_fields=["answered_at"])
    return item


@transaction.atomic
def attempt_submit(*, attempt: Attempt, now: datetime.datetime | None = None) -> Attempt:
    """Submit and score the attempt with the answers received: a question is right when the set of choices picked
    is the set of its right choices (unanswered is wrong); the score is the share of the questions drawn that are
    right, in percent. A post-test attempt of an enrolment already decided re-decides its completion, since the
    best score may have changed.

    Refuses `AttemptSubmitted` the second time (a double tap, or the server finished it first)."""
    now = _now(now)
    # The enrolment first (the lock order): a post-test's submission may re-decide it.
    enrollment = Enrollment.objects.select_for_update().get(pk=attempt.enrollment_id)
    attempt = _locked_open_attempt(attempt)
    items = list(attempt.items.all())
    version_ids = [item.version_id for item in items]
    right: dict[int, set[int]] = {pk: set() for pk in version_ids}
    for version_id, choice_id in Choice.objects.filter(version__in=version_ids, is_correct=True).values_list(
        "version_id", "pk"
    ):
        right[version_id].add(choice_id)
    picked: dict[int, set[int]] = {item.pk: set() for item in items}
    for item_id, choice_id in AttemptQuestion.selected.through.objects.filter(
        attemptquestion__attempt=attempt
    ).values_list("attemptquestion_id", "choice_id"):
        picked[item_id].add(choice_id)
    for item in items:
        item.is_correct = bool(picked[item.pk]) and picked[item.pk] == right[item.version_id]
    AttemptQuestion.objects.bulk_update(items, ["is_correct"])
    attempt.correct_count = sum(1 for item in items if item.is_correct)
    attempt.score = whole_percent(attempt.correct_count, len(items)) or 0
    attempt.submitted_at = now
    attempt.save(update_fields=["correct_count", "score", "submitted_at"])
    _redecide(attempt, enrollment)
    return attempt


def _redecide(attempt: Attempt, enrollment: Enrollment) -> None:
    if attempt.assessment.kind != Assessment.Kind.POST:
        return
    if enrollment.decided_at is not None and enrollment.holds_place:
        # A session added since the decision (CompletionTooEarly): the submission stands, and the decision with it
        # until the organiser decides the cohort again once that session is over.
        with contextlib.suppress(CompletionTooEarly):
            enrollment_decide_completion(enrollment=enrollment)


def attempts_finish_expired(*, now: datetime.datetime | None = None) -> int:
    """Submit every attempt whose end plus grace is over, with the answers received (each in its own transaction,
    so one failure holds back no other); returns how many were submitted. Idempotent."""
    now = _now(now)
    finished = 0
    candidates = Attempt.objects.filter(submitted_at__isnull=True, ends_at__lt=now).order_by("pk")
    for attempt in candidates:
        if not attempt_time_over(attempt, now):
            continue
        try:
            attempt_submit(attempt=attempt, now=now)
        except AttemptSubmitted:  # the person submitted it meanwhile
            continue
        except Exception:  # logged; the attempts after it are still submitted, and the next run tries it again
            logger.exception("Submitting the expired attempt %s failed", attempt.pk)
            continue
        finished += 1
    return finished
