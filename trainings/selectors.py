"""Reads of the training programme, each with what its page needs joined or prefetched (no N+1)."""

import datetime

from django.db.models import Count, F, IntegerField, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from people.minors import exclude_minors
from people.models import Membership, Organisation, User

from .models import AttendanceRecord, Cohort, Course, Enrollment, TrainingSession
from .rules import attended_q, enrolment_open_q


def _with_places_taken(cohorts: QuerySet[Cohort]) -> QuerySet[Cohort]:
    return cohorts.annotate(
        places_taken=Count("enrollments", filter=Q(enrollments__status__in=Enrollment.HOLDING_PLACE), distinct=True)
    ).annotate(places_left=F("capacity") - F("places_taken"))


def cohorts_open(*, now: datetime.datetime | None = None) -> QuerySet[Cohort]:
    """Cohorts that take enrolments now, soonest first, with `places_taken` and `places_left`."""
    now = now or timezone.now()
    return (
        _with_places_taken(Cohort.objects.filter(enrolment_open_q(now)))
        .select_related("course")
        .order_by("starts_on", "code")
    )


def course_catalogue(*, now: datetime.datetime | None = None) -> QuerySet[Course]:
    """Every course with its open cohorts in `open_cohorts` (one query for courses, one for cohorts)."""
    return Course.objects.order_by("title_en").prefetch_related(
        Prefetch("cohorts", queryset=cohorts_open(now=now), to_attr="open_cohorts")
    )


def cohort_get(*, pk: int) -> Cohort:
    """A cohort for its public page: course, sessions, trainers and places taken."""
    from django.shortcuts import get_object_or_404

    cohorts = _with_places_taken(Cohort.objects.select_related("course")).prefetch_related(
        Prefetch("sessions", queryset=TrainingSession.objects.order_by("starts_at")),
        Prefetch("trainers", queryset=User.objects.order_by("family_name", "given_name")),
    )
    return get_object_or_404(cohorts, pk=pk)


def enrollment_of(*, cohort: Cohort, user: User) -> Enrollment | None:
    """The person's enrolment in the cohort, with `status_by_session` {session id: attendance record} and
    `membership_pending` (they named a company that has not confirmed them yet)."""
    if not user.is_authenticated:
        return None
    enrollment = (
        Enrollment.objects.filter(cohort=cohort, user=user)
        .select_related("organisation")
        .prefetch_related("attendance")
        .first()
    )
    if enrollment is not None:
        enrollment.status_by_session = {record.session_id: record for record in enrollment.attendance.all()}
        enrollment.membership_pending = bool(
            enrollment.organisation_id
            and Membership.objects.filter(
                user=user, organisation_id=enrollment.organisation_id, status=Membership.Status.PENDING
            ).exists()
        )
    return enrollment


def user_enrollments(*, user: User) -> QuerySet[Enrollment]:
    """The person's own enrolments, newest cohort first."""
    return (
        Enrollment.objects.filter(user=user)
        .select_related("cohort__course", "organisation")
        .order_by("-cohort__starts_on")
    )


def user_confirmed_organisations(*, user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        memberships__user=user, memberships__status=Membership.Status.CONFIRMED
    ).order_by("name")


def trainer_sessions(*, user: User, now: datetime.datetime | None = None) -> dict[str, list[TrainingSession]]:
    """The sessions of the cohorts a person teaches: today's, then upcoming, then the last 60 days' (newest first)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sessions = (
        TrainingSession.objects.filter(cohort__trainers=user, starts_at__gte=now - datetime.timedelta(days=60))
        .select_related("cohort__course")
        .annotate(
            enrolled_count=Subquery(
                Enrollment.objects.filter(cohort=OuterRef("cohort"), status__in=Enrollment.HOLDING_PLACE)
                .values("cohort")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            )
        )
        .order_by("starts_at")
    )
    groups: dict[str, list[TrainingSession]] = {"today": [], "upcoming": [], "past": []}
    for session in sessions:
        if timezone.localdate(session.starts_at) == today:
            groups["today"].append(session)
        elif session.starts_at > now:
            groups["upcoming"].append(session)
        else:
            groups["past"].append(session)
    groups["past"].reverse()
    return groups


def user_is_trainer(*, user: User) -> bool:
    return bool(user.is_authenticated and user.cohorts_taught.exists())


def focal_point_organisations(*, user: User) -> QuerySet[Organisation]:
    """The organisations whose confirmed focal point the person is."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user,
        memberships__is_focal_point=True,
        memberships__status=Membership.Status.CONFIRMED,
    ).order_by("name")


def _with_attendance_so_far(enrollments: QuerySet[Enrollment], now: datetime.datetime) -> QuerySet[Enrollment]:
    """`attended_so_far` (marks that count as attended by the course's rule: rules.attended_q) and `sessions_held`
    (sessions of the cohort already over)."""
    sessions_held = (
        TrainingSession.objects.filter(cohort=OuterRef("cohort"), ends_at__lte=now)
        .values("cohort")
        .annotate(n=Count("pk"))
        .values("n")
    )
    attended = (
        AttendanceRecord.objects.filter(attended_q(), enrollment=OuterRef("pk"))
        .values("enrollment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return enrollments.annotate(
        sessions_held=Coalesce(Subquery(sessions_held, output_field=IntegerField()), Value(0)),
        attended_so_far=Coalesce(Subquery(attended, output_field=IntegerField()), Value(0)),
    )


def company_people(*, organisation: Organisation) -> QuerySet[User]:
    """The people a company's focal point sees and manages: its confirmed members, minors left out (people.minors).

    The one home of that rule: the company page's lists, its enrol form's choices, withdrawals and the enrol
    services all ask here.
    """
    members = User.objects.filter(
        memberships__organisation=organisation, memberships__status=Membership.Status.CONFIRMED
    )
    return exclude_minors(members, field="pk")


def company_members(*, organisation: Organisation) -> QuerySet[Membership]:
    """Confirmed members of the organisation (the only people a focal point sees), minors left out."""
    return (
        exclude_minors(
            Membership.objects.filter(organisation=organisation, status=Membership.Status.CONFIRMED), field="user"
        )
        .select_related("user")
        .order_by("user__family_name", "user__given_name", "user__email")
    )


def company_pending_memberships(*, organisation: Organisation) -> QuerySet[Membership]:
    """People waiting for the focal point's confirmation, minors left out (organisers confirm those)."""
    return (
        exclude_minors(
            Membership.objects.filter(organisation=organisation, status=Membership.Status.PENDING), field="user"
        )
        .select_related("user")
        .order_by("created_at")
    )


def company_enrollments(*, organisation: Organisation, now: datetime.datetime | None = None) -> QuerySet[Enrollment]:
    """The company's enrolments of the people its focal point sees (`company_people`), by cohort."""
    enrollments = (
        Enrollment.objects.filter(
            organisation=organisation, user__in=company_people(organisation=organisation).values("pk")
        )
        .select_related("user", "cohort__course")
        .order_by("-cohort__starts_on", "cohort__code", "user__family_name", "user__given_name")
    )
    return _with_attendance_so_far(enrollments, now or timezone.now())


def cohort_enrollments(*, cohort: Cohort, now: datetime.datetime | None = None) -> QuerySet[Enrollment]:
    """Everyone enrolled in (or withdrawn from) a cohort, for organisers."""
    enrollments = (
        Enrollment.objects.filter(cohort=cohort)
        .select_related("user", "organisation")
        .order_by("status", "user__family_name", "user__given_name")
    )
    return _with_attendance_so_far(enrollments, now or timezone.now())


def organiser_cohort_list() -> QuerySet[Cohort]:
    return (
        _with_places_taken(Cohort.objects.select_related("course"))
        .annotate(
            session_count=Count("sessions", distinct=True),
            last_session_ends_at=Max("sessions__ends_at"),
        )
        .order_by("-starts_on", "code")
    )


def organiser_course_list() -> QuerySet[Course]:
    return Course.objects.annotate(cohort_count=Count("cohorts")).order_by("title_en")


def cohorts_due_for_decision(*, now: datetime.datetime) -> QuerySet[Cohort]:
    """Undecided cohorts whose last session has ended."""
    return (
        Cohort.objects.filter(completion_decided_at__isnull=True)
        .annotate(last_session_ends_at=Max("sessions__ends_at"))
        .filter(last_session_ends_at__lte=now)
        .order_by("last_session_ends_at")
    )


def organiser_summary(*, now: datetime.datetime | None = None) -> dict:
    """Counts for the organiser console's overview card."""
    now = now or timezone.now()
    return {
        "courses": Course.objects.count(),
        "open_cohorts": cohorts_open(now=now).count(),
        "due": cohorts_due_for_decision(now=now).count(),
    }
