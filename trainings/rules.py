"""The questions of the training programme that more than one place asks, each answered here once.

Services decide with these answers, selectors turn them into SQL (each SQL twin, `*_q` or `with_places`, stands
beside its Python form and a test holds them to the same answers), views and exports ask them, templates read
them through a model property or a selector's annotation. A question about one row alone is a cheap model
property instead (`Enrollment.holds_place`, `Enrollment.is_decided`, `Enrollment.can_be_withdrawn`).
"""

import datetime

from django.db.models import Count, F, Max, Min, Q, QuerySet
from django.utils import timezone

from certificates.models import Certificate

from .models import Assessment, Attempt, AttendanceRecord, Cohort, Course, Enrollment

# --- Attended -------------------------------------------------------------------------------------------------


def attended_statuses(course: Course) -> tuple[str, ...]:
    """The marks that count as attending a session of `course`: present, and late when the course says so.

    The one definition of "attended": the completion decision, the company and organiser pages ("attendance so
    far"), the participant's cohort page, the roll-call and the attendance exports all ask it.
    """
    if course.late_counts_as_attended:
        return (AttendanceRecord.Status.PRESENT, AttendanceRecord.Status.LATE)
    return (AttendanceRecord.Status.PRESENT,)


def counts_as_attended(status: str, course: Course) -> bool:
    return status in attended_statuses(course)


def attended_q(course: str = "session__cohort__course") -> Q:
    """`counts_as_attended` for a query on AttendanceRecord, the course reached through the lookup `course`."""
    return Q(status=AttendanceRecord.Status.PRESENT) | Q(
        status=AttendanceRecord.Status.LATE, **{f"{course}__late_counts_as_attended": True}
    )


def leaves_the_count(status: str, course: Course) -> bool:
    """A mark that takes its session out of the sessions counted: an excused absence, when the course says so.

    The one definition of "sessions counted": completion compares what was attended with the sessions counted,
    and the pages' "attended so far" counts the same way (`counted_q` for queries)."""
    return course.excused_excluded and status == AttendanceRecord.Status.EXCUSED


def counted_q(course: str = "session__cohort__course") -> Q:
    """The marks that `leaves_the_count` takes out, for a query on AttendanceRecord."""
    return Q(status=AttendanceRecord.Status.EXCUSED, **{f"{course}__excused_excluded": True})


# --- Scores ---------------------------------------------------------------------------------------------------


def score_passes(score: int | None, pass_mark: int | None) -> bool:
    """A score reaches the pass mark; without a pass mark there is nothing to pass. The completion decision compares
    the score it counts with it, and a person's own data says so of each post-test attempt."""
    return pass_mark is None or (score is not None and score >= pass_mark)


def whole_percent(part: int, whole: int) -> int | None:
    """`part` of `whole` as a whole percentage, halves rounded up (7 of 8 is 88, 5 of 8 is 63), None of nothing.
    The one rounding of the tests: an attempt's score, and each question's share of right answers."""
    return (200 * part + whole) // (2 * whole) if whole else None


# --- Enrolment ------------------------------------------------------------------------------------------------


def enrolment_is_open(cohort: Cohort, now: datetime.datetime | None = None) -> bool:
    """The cohort takes enrolments: open, not decided, not over, and before its closing time if it has one."""
    now = now or timezone.now()
    if not cohort.is_open_for_enrolment or cohort.completion_decided_at is not None:
        return False
    if cohort.ends_on < timezone.localdate(now):
        return False
    return cohort.enrolment_closes_at is None or now < cohort.enrolment_closes_at


def enrolment_open_q(now: datetime.datetime) -> Q:
    """`enrolment_is_open` for a query on Cohort."""
    return Q(
        Q(enrolment_closes_at__isnull=True) | Q(enrolment_closes_at__gt=now),
        is_open_for_enrolment=True,
        completion_decided_at__isnull=True,
        ends_on__gte=timezone.localdate(now),
    )


def may_enrol(cohort: Cohort, enrollment: Enrollment | None, now: datetime.datetime | None = None) -> bool:
    """A person may enrol (again) while the cohort takes enrolments and they hold no place in it."""
    return enrolment_is_open(cohort, now) and (enrollment is None or not enrollment.holds_place)


def with_places(cohorts: QuerySet[Cohort]) -> QuerySet[Cohort]:
    """Cohorts with `places_taken` (their enrolments that hold a place) and `places_left`: the one count of a
    cohort's places. It is final only under the cohort's row lock (services.enrolment.enrollment_enrol)."""
    return cohorts.annotate(
        places_taken=Count("enrollments", filter=Q(enrollments__status__in=Enrollment.HOLDING_PLACE), distinct=True)
    ).annotate(places_left=F("capacity") - F("places_taken"))


# --- Completion and its certificates ---------------------------------------------------------------------


def completion_can_be_decided(*, last_session_ends_at: datetime.datetime | None, now: datetime.datetime) -> bool:
    """Once the cohort's last session is over; a cohort without sessions has nothing to decide.

    Its SQL form is `last_session_ends_at__lte=now` on a cohort annotated with its sessions' latest end (NULL, no
    session, never matches).
    """
    return last_session_ends_at is not None and last_session_ends_at <= now


def certificate_outlived_completion(*, enrollment: Enrollment, certificate: Certificate | None) -> bool:
    """A certificate still valid for someone who has not completed (withdrawn, or decided not completed): it was
    issued before a withdrawal or a new decision, and stands until an organiser revokes it."""
    return bool(certificate and certificate.is_valid) and enrollment.status in (
        Enrollment.Status.WITHDRAWN,
        Enrollment.Status.NOT_COMPLETED,
    )


def certificate_is_due(*, enrollment: Enrollment, certificate: Certificate | None) -> bool:
    """Completed without a certificate (the organiser's certificates page ticks these by default): neither a valid
    one nor one its holder withdrew when erasing their account (Certificate.is_counted: they get no other)."""
    return enrollment.status == Enrollment.Status.COMPLETED and not (certificate and certificate.is_counted)


# --- Tests (pre-test, post-test) ------------------------------------------------------------------------------


def cohort_session_times(cohort: Cohort) -> dict:
    """The cohort's `first_starts_at`, `last_starts_at` (the last session's start) and `last_ends_at`, each None
    without sessions; taken from the cohort when a selector annotated them (selectors.assessments), else one query."""
    names = ("first_starts_at", "last_starts_at", "last_ends_at")
    if all(hasattr(cohort, name) for name in names):
        return {name: getattr(cohort, name) for name in names}
    return cohort.sessions.aggregate(
        first_starts_at=Min("starts_at"), last_starts_at=Max("starts_at"), last_ends_at=Max("ends_at")
    )


def assessment_window(
    assessment: Assessment, cohort: Cohort
) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """When the test can be taken in this cohort, (opens_at, closes_at): the pre-test from any time (None) until the
    cohort's first session starts; the post-test from the start of the last session until `closes_after_days` days
    after the last session ends. A cohort without sessions has no window: (None, None), never open."""
    times = cohort_session_times(cohort)
    if times["first_starts_at"] is None:
        return None, None
    if assessment.kind == Assessment.Kind.PRE:
        return None, times["first_starts_at"]
    return times["last_starts_at"], times["last_ends_at"] + datetime.timedelta(days=assessment.closes_after_days)


def assessment_is_open(assessment: Assessment, cohort: Cohort, now: datetime.datetime | None = None) -> bool:
    """An attempt can be started now: the test is in use and `now` is inside its window for the cohort."""
    now = now or timezone.now()
    opens_at, closes_at = assessment_window(assessment, cohort)
    return assessment.is_open and closes_at is not None and (opens_at is None or opens_at <= now) and now < closes_at


def attempt_deadline(attempt: Attempt) -> datetime.datetime | None:
    """The last moment an answer of the attempt counts by the server's clock: its end (the time limit from the start,
    capped at the window's close, or the window's close without a limit) plus the attempt's grace."""
    if attempt.ends_at is None:
        return None
    return attempt.ends_at + datetime.timedelta(seconds=attempt.grace_seconds)


def attempt_time_over(attempt: Attempt, now: datetime.datetime | None = None) -> bool:
    """The attempt's time and grace are over: answers received now are refused, and the server submits it."""
    deadline = attempt_deadline(attempt)
    return deadline is not None and (now or timezone.now()) > deadline


def attempts_left(assessment: Assessment, attempts_made: int) -> int:
    """How many more attempts the person may start (every attempt started counts, submitted or not)."""
    return max(0, assessment.attempts_allowed - attempts_made)
