"""The completion decision: each enrolment of a cohort against its course's rule, once the last session is over.

The score compared with the pass mark is, when the course has a post-test in use, the best submitted post-test
attempt's (recorded in `decided_attempt`; a later, better attempt re-decides: services.assessments), else the score
typed in (`assessment_score`).

`cohort_decide_completion` returns the enrolments that became completed in that run and issues their completion
certificates in the same transaction (services.certificates), and copies whom the cohort reached onto its
enrolments for the reports (services.reach), all in a fixed number of queries whatever the cohort's size (the
decisions in one UPDATE, the certificates in one batch; the e-mails, one each, after the commit). It runs by an
organiser's hand, or by itself for every cohort that is over (`completions_decide_due`: the `decide_completions`
command, the periodic job in trainings.periodic and the `decide_completions` task below).
"""

from django.db import transaction
from django.db.models import QuerySet
from django.tasks import task
from django.utils import timezone

from ..errors import CompletionTooEarly
from ..models import AttendanceRecord, Cohort, Course, Enrollment
from ..rules import attended_statuses, completion_can_be_decided, leaves_the_count, score_passes
from ..selectors.assessments import best_post_attempt, best_post_attempts, post_test_of
from ..selectors.cohorts import cohorts_due_for_decision
from .certificates import completion_certificates_issue
from .reach import reach_record_cohort


def _outcome(
    *, enrollment: Enrollment, course: Course, session_ids: list[int], statuses: dict[int, str], scored_by
) -> dict:
    """`scored_by`: None when the course has no post-test in use (the score typed in counts), else the
    enrolment's best submitted post-test attempt (False when it has none: no score)."""
    attended = sum(1 for pk in session_ids if statuses.get(pk) in attended_statuses(course))
    counted = len(session_ids) - sum(1 for pk in session_ids if leaves_the_count(statuses.get(pk), course))
    attendance_ok = counted > 0 and attended * 100 >= course.min_attendance_percent * counted
    pass_mark = course.pass_mark if course.has_assessment else None
    attempt = scored_by or None
    score = enrollment.assessment_score if scored_by is None else (attempt.score if attempt else None)
    assessment_ok = score_passes(score, pass_mark)
    return {
        "status": Enrollment.Status.COMPLETED if attendance_ok and assessment_ok else Enrollment.Status.NOT_COMPLETED,
        "sessions_attended": attended,
        "sessions_counted": counted,
        "decided_min_attendance_percent": course.min_attendance_percent,
        "decided_score": score if pass_mark is not None else None,
        "decided_pass_mark": pass_mark,
        "decided_attempt_id": attempt.pk if attempt and pass_mark is not None else None,
    }


def _decide(
    *, enrollment: Enrollment, course: Course, session_ids: list[int], statuses: dict[int, str], now, scored_by
) -> tuple[dict | None, bool]:
    """Apply the rule to `enrollment` (not saved): (the outcome to write, None when nothing changed; whether it became
    completed now)."""
    outcome = _outcome(
        enrollment=enrollment, course=course, session_ids=session_ids, statuses=statuses, scored_by=scored_by
    )
    unchanged = enrollment.decided_at is not None and all(
        getattr(enrollment, field) == value for field, value in outcome.items()
    )
    if unchanged:
        return None, False
    was_completed = enrollment.status == Enrollment.Status.COMPLETED
    for field, value in outcome.items():
        setattr(enrollment, field, value)
    enrollment.decided_at = enrollment.updated_at = now
    return outcome, enrollment.status == Enrollment.Status.COMPLETED and not was_completed


def _write_decisions(decided: list[tuple[Enrollment, dict]], now) -> None:
    """The outcomes decided, one UPDATE for the enrolments of each (a cohort's are mostly alike; with a post-test,
    each attempt that decided is an outcome of its own)."""
    alike: dict[tuple, list[int]] = {}
    for enrollment, outcome in decided:
        alike.setdefault(tuple(outcome.items()), []).append(enrollment.pk)
    for outcome, pks in alike.items():
        Enrollment.objects.filter(pk__in=pks).update(**dict(outcome), decided_at=now, updated_at=now)


def _cohort_sessions_over(cohort: Cohort, now) -> list[int]:
    sessions = list(cohort.sessions.order_by("starts_at").values_list("pk", "ends_at"))
    last_session_ends_at = max((ends_at for _pk, ends_at in sessions), default=None)
    if not completion_can_be_decided(last_session_ends_at=last_session_ends_at, now=now):
        raise CompletionTooEarly
    return [pk for pk, _ends_at in sessions]


@transaction.atomic
def enrollment_decide_completion(*, enrollment: Enrollment) -> Enrollment:
    """Decide one enrolment by its course's rule (after the cohort's last session).

    Idempotent: with the same attendance and score nothing is written. A withdrawn enrolment is left alone.
    """
    enrollment = Enrollment.objects.select_for_update().select_related("cohort__course").get(pk=enrollment.pk)
    if enrollment.status == Enrollment.Status.WITHDRAWN:
        return enrollment
    now = timezone.now()
    session_ids = _cohort_sessions_over(enrollment.cohort, now)
    statuses = dict(
        AttendanceRecord.objects.filter(enrollment=enrollment, session_id__in=session_ids).values_list(
            "session_id", "status"
        )
    )
    course = enrollment.cohort.course
    scored_by = None
    if post_test_of(course=course) is not None:
        scored_by = best_post_attempt(enrollment) or False
    outcome, completed = _decide(
        enrollment=enrollment, course=course, session_ids=session_ids, statuses=statuses, now=now, scored_by=scored_by
    )
    if outcome is not None:
        _write_decisions([(enrollment, outcome)], now)
    if completed:
        completion_certificates_issue(enrollments=[enrollment])
    return enrollment


@transaction.atomic
def cohort_decide_completion(*, cohort: Cohort, force: bool = False) -> list[Enrollment]:
    """Decide every enrolment of a cohort whose last session is over; return those newly completed.

    A cohort already decided is skipped unless `force` (an organiser's re-decision after correcting a
    score or attendance). Running it twice changes nothing: unchanged outcomes are not written.
    The returned enrolments get their completion certificates here, in the same transaction
    (services.certificates; no template: logged and skipped, completion stands).
    """
    cohort = Cohort.objects.select_for_update().select_related("course").get(pk=cohort.pk)
    if cohort.completion_decided_at is not None and not force:
        return []
    now = timezone.now()
    session_ids = _cohort_sessions_over(cohort, now)
    enrollments = list(
        Enrollment.objects.select_for_update()
        .filter(cohort=cohort)
        .exclude(status=Enrollment.Status.WITHDRAWN)
        .order_by("pk")
    )
    statuses: dict[int, dict[int, str]] = {}
    for enrollment_id, session_id, status in AttendanceRecord.objects.filter(session__cohort=cohort).values_list(
        "enrollment_id", "session_id", "status"
    ):
        statuses.setdefault(enrollment_id, {})[session_id] = status
    best = best_post_attempts(enrollments=enrollments) if post_test_of(course=cohort.course) else None
    decided, newly_completed = [], []
    for enrollment in enrollments:
        outcome, completed = _decide(
            enrollment=enrollment,
            course=cohort.course,
            session_ids=session_ids,
            statuses=statuses.get(enrollment.pk, {}),
            now=now,
            scored_by=None if best is None else best.get(enrollment.pk, False),
        )
        decided += [(enrollment, outcome)] if outcome is not None else []
        newly_completed += [enrollment] if completed else []
    _write_decisions(decided, now)
    if cohort.completion_decided_at is None:
        cohort.completion_decided_at = now
        cohort.save(update_fields=["completion_decided_at", "updated_at"])
    # The cohort has ended: whom it reached is kept for the reports (enrolments copied before stay as they were).
    reach_record_cohort(cohort=cohort, now=now)
    completion_certificates_issue(enrollments=newly_completed)
    return newly_completed


def completions_decide_due(*, now=None) -> list[Enrollment]:
    """Decide every cohort whose last session has ended and that is not decided yet (the automatic trigger).

    Each cohort is decided in its own transaction, so one bad cohort does not hold back the others.
    """
    newly_completed: list[Enrollment] = []
    for cohort in cohorts_due_for_decision(now=now or timezone.now()):
        newly_completed += cohort_decide_completion(cohort=cohort)
    return newly_completed


@transaction.atomic
def enrollment_scores_record(*, cohort: Cohort, scores: dict[int, int | None]) -> int:
    """Record assessment scores (enrolment id -> score or None); returns how many changed.

    Scores do not change a decision by themselves: the organiser re-decides the cohort afterwards.
    """
    changed = 0
    enrollments: QuerySet[Enrollment] = Enrollment.objects.select_for_update().filter(
        cohort=cohort, pk__in=list(scores)
    )
    for enrollment in enrollments:
        score = scores[enrollment.pk]
        if enrollment.assessment_score != score:
            enrollment.assessment_score = score
            enrollment.full_clean(exclude=["cohort", "user"], validate_unique=False, validate_constraints=False)
            enrollment.save(update_fields=["assessment_score", "updated_at"])
            changed += 1
    return changed


@task()
def decide_completions() -> int:
    """`completions_decide_due` as a background task; returns how many enrolments became completed. Safe to
    enqueue repeatedly (idempotent)."""
    return len(completions_decide_due())
