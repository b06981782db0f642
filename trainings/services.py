"""Writes of the training programme: courses, cohorts, sessions, enrolment, completion.

Completion is the contract with the certificates issue: `cohort_decide_completion` (and through it the
`decide_completions` command and task) returns the enrolments that became completed in that run; the
certificate issuance for them belongs right there, after the decision, in the same transaction.
"""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import Membership, Organisation, User
from people.services import membership_confirm, membership_request

from .certificate_services import completion_certificates_issue
from .errors import (
    AlreadyDecided,
    AlreadyEnrolled,
    CohortFull,
    CompletionTooEarly,
    EnrolmentClosed,
    HasDependants,
    NotAMember,
)
from .models import AttendanceRecord, Cohort, Course, Enrollment, TrainingSession
from .rules import attended_statuses, completion_can_be_decided, enrolment_is_open
from .selectors import company_people


def _apply(instance, data: dict):
    for field, value in data.items():
        setattr(instance, field, value)
    instance.full_clean()
    instance.save()
    return instance


# --- Courses, cohorts, sessions ----------------------------------------------------------------------------


@transaction.atomic
def course_create(*, data: dict) -> Course:
    """A new course; raises ValidationError for an impossible rule (pass mark without assessment...)."""
    return _apply(Course(), data)


@transaction.atomic
def course_update(*, course: Course, data: dict) -> Course:
    """Change a course. Enrolments already decided keep the numbers they were decided with."""
    return _apply(course, data)


@transaction.atomic
def course_delete(*, course: Course) -> None:
    if course.cohorts.exists():
        raise HasDependants(_("This course has cohorts; delete them first."))
    course.delete()


@transaction.atomic
def cohort_create(*, data: dict, trainers) -> Cohort:
    cohort = _apply(Cohort(), data)
    cohort.trainers.set(trainers)
    return cohort


@transaction.atomic
def cohort_update(*, cohort: Cohort, data: dict, trainers) -> Cohort:
    cohort = _apply(cohort, data)
    cohort.trainers.set(trainers)
    return cohort


@transaction.atomic
def cohort_delete(*, cohort: Cohort) -> None:
    if cohort.enrollments.exists():
        raise HasDependants(_("People are enrolled in this cohort; close enrolment instead of deleting it."))
    cohort.delete()


@transaction.atomic
def session_create(*, cohort: Cohort, data: dict) -> TrainingSession:
    """A new session; one ending before it starts is a ValidationError (and a database check)."""
    return _apply(TrainingSession(cohort=cohort), data)


@transaction.atomic
def session_update(*, session: TrainingSession, data: dict) -> TrainingSession:
    return _apply(session, data)


@transaction.atomic
def session_delete(*, session: TrainingSession) -> None:
    if session.attendance.exists():
        raise HasDependants(_("Attendance has been recorded for this session; it cannot be deleted."))
    session.delete()


# --- Enrolment ----------------------------------------------------------------------------------------------


def cohort_has_place(cohort: Cohort) -> bool:
    """Whether a place is left in the cohort. Decided for good only under the cohort's row lock (enrollment_enrol);
    without it, an early answer that may change."""
    return Enrollment.objects.filter(cohort=cohort, status__in=Enrollment.HOLDING_PLACE).count() < cohort.capacity


@transaction.atomic
def enrollment_enrol(
    *, cohort: Cohort, user: User, organisation: Organisation | None, by: User | None, check_open: bool = True
) -> Enrollment:
    """Give `user` a place in `cohort`, for `organisation` (None: for themselves).

    The places are counted while the cohort row is locked, so parallel enrolments never overfill it.
    A person who withdrew and enrols again gets their old row back. Organisers may enrol into a closed
    cohort (`check_open=False`), never beyond its capacity.
    """
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if check_open and not enrolment_is_open(cohort):
        raise EnrolmentClosed
    existing = Enrollment.objects.filter(cohort=cohort, user=user).first()
    if existing is not None and existing.holds_place:
        raise AlreadyEnrolled
    if not cohort_has_place(cohort):
        raise CohortFull
    enrollment = existing or Enrollment(cohort=cohort, user=user)
    enrollment.organisation = organisation
    enrollment.status = Enrollment.Status.ENROLLED
    enrollment.enrolled_by = by
    enrollment.enrolled_at = timezone.now()
    enrollment.withdrawn_at = None
    enrollment.decision_clear()
    enrollment.save()
    return enrollment


@transaction.atomic
def enrollment_self_enrol(*, cohort: Cohort, user: User, organisation: Organisation | None) -> Enrollment:
    """A person enrols themselves, naming their company: an unconfirmed membership becomes a pending
    request that the company's focal point (or an organiser) confirms."""
    if organisation is not None:
        confirmed = Membership.objects.filter(
            user=user, organisation=organisation, status=Membership.Status.CONFIRMED
        ).exists()
        if not confirmed:
            membership_request(user=user, organisation=organisation)
    return enrollment_enrol(cohort=cohort, user=user, organisation=organisation, by=user)


@transaction.atomic
def enrollment_enrol_member(*, cohort: Cohort, organisation: Organisation, user: User, by: User) -> Enrollment:
    """A focal point enrols one of their company's people (confirmed, not a minor: selectors.company_people)."""
    if not company_people(organisation=organisation).filter(pk=user.pk).exists():
        raise NotAMember
    return enrollment_enrol(cohort=cohort, user=user, organisation=organisation, by=by)


@transaction.atomic
def enrollment_withdraw(*, enrollment: Enrollment, by: User | None, allow_decided: bool = False) -> Enrollment:
    """Withdraw a person; their place is free at once. Withdrawing twice changes nothing.

    Once completion is decided only organisers withdraw (`allow_decided`): it undoes a completion.
    """
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if not enrollment.holds_place:
        return enrollment
    if not enrollment.may_be_withdrawn(by_organiser=allow_decided):
        raise AlreadyDecided
    enrollment.status = Enrollment.Status.WITHDRAWN
    enrollment.withdrawn_at = timezone.now()
    enrollment.decision_clear()
    enrollment.save()
    return enrollment


@transaction.atomic
def company_membership_confirm(*, membership: Membership, by: User) -> Membership:
    """A focal point confirms a person who named their company; they now show on the company's pages."""
    return membership_confirm(membership=membership, by=by)


# --- Completion ---------------------------------------------------------------------------------------------


def _outcome(*, enrollment: Enrollment, course: Course, session_ids: list[int], statuses: dict[int, str]) -> dict:
    attended = sum(1 for pk in session_ids if statuses.get(pk) in attended_statuses(course))
    excused = sum(1 for pk in session_ids if statuses.get(pk) == AttendanceRecord.Status.EXCUSED)
    counted = len(session_ids) - (excused if course.excused_excluded else 0)
    attendance_ok = counted > 0 and attended * 100 >= course.min_attendance_percent * counted
    pass_mark = course.pass_mark if course.has_assessment else None
    score = enrollment.assessment_score
    assessment_ok = pass_mark is None or (score is not None and score >= pass_mark)
    return {
        "status": Enrollment.Status.COMPLETED if attendance_ok and assessment_ok else Enrollment.Status.NOT_COMPLETED,
        "sessions_attended": attended,
        "sessions_counted": counted,
        "decided_min_attendance_percent": course.min_attendance_percent,
        "decided_score": score if pass_mark is not None else None,
        "decided_pass_mark": pass_mark,
    }


def _decide(*, enrollment: Enrollment, course: Course, session_ids: list[int], statuses: dict[int, str], now):
    """Apply the rule; write only what changed. True when the enrolment became completed now."""
    outcome = _outcome(enrollment=enrollment, course=course, session_ids=session_ids, statuses=statuses)
    unchanged = enrollment.decided_at is not None and all(
        getattr(enrollment, field) == value for field, value in outcome.items()
    )
    if unchanged:
        return False
    was_completed = enrollment.status == Enrollment.Status.COMPLETED
    for field, value in outcome.items():
        setattr(enrollment, field, value)
    enrollment.decided_at = now
    enrollment.save()
    return enrollment.status == Enrollment.Status.COMPLETED and not was_completed


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
    if _decide(
        enrollment=enrollment, course=enrollment.cohort.course, session_ids=session_ids, statuses=statuses, now=now
    ):
        completion_certificates_issue(enrollments=[enrollment])
    return enrollment


@transaction.atomic
def cohort_decide_completion(*, cohort: Cohort, force: bool = False) -> list[Enrollment]:
    """Decide every enrolment of a cohort whose last session is over; return those newly completed.

    A cohort already decided is skipped unless `force` (an organiser's re-decision after correcting a
    score or attendance). Running it twice changes nothing: unchanged outcomes are not written.
    The returned enrolments get their completion certificates here, in the same transaction
    (trainings/certificate_services.py; no template: logged and skipped, completion stands).
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
    newly_completed = [
        enrollment
        for enrollment in enrollments
        if _decide(
            enrollment=enrollment,
            course=cohort.course,
            session_ids=session_ids,
            statuses=statuses.get(enrollment.pk, {}),
            now=now,
        )
    ]
    if cohort.completion_decided_at is None:
        cohort.completion_decided_at = now
        cohort.save(update_fields=["completion_decided_at", "updated_at"])
    completion_certificates_issue(enrollments=newly_completed)
    return newly_completed


def completions_decide_due(*, now=None) -> list[Enrollment]:
    """Decide every cohort whose last session has ended and that is not decided yet (the automatic trigger).

    Each cohort is decided in its own transaction, so one bad cohort does not hold back the others.
    """
    from .selectors import cohorts_due_for_decision

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
