"""Reads of courses and cohorts: the catalogue, a cohort's page, the organiser's lists and what is due."""

import datetime

from django.db.models import BooleanField, Count, ExpressionWrapper, Max, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from people.models import User

from ..models import Cohort, Course, TrainingSession
from ..rules import enrolment_open_q, with_places


def cohorts_open(*, now: datetime.datetime | None = None) -> QuerySet[Cohort]:
    """Cohorts that take enrolments now, soonest first, with `places_taken` and `places_left`."""
    now = now or timezone.now()
    return (
        with_places(Cohort.objects.filter(enrolment_open_q(now))).select_related("course").order_by("starts_on", "code")
    )


def course_catalogue(*, now: datetime.datetime | None = None) -> QuerySet[Course]:
    """Every course with its open cohorts in `open_cohorts` (one query for courses, one for cohorts)."""
    return Course.objects.order_by("title_en").prefetch_related(
        Prefetch("cohorts", queryset=cohorts_open(now=now), to_attr="open_cohorts")
    )


def cohort_get(*, pk: int) -> Cohort:
    """A cohort for its public page: course, sessions, trainers and places taken."""
    cohorts = with_places(Cohort.objects.select_related("course")).prefetch_related(
        Prefetch("sessions", queryset=TrainingSession.objects.order_by("starts_at")),
        Prefetch("trainers", queryset=User.objects.order_by("family_name", "given_name")),
    )
    return get_object_or_404(cohorts, pk=pk)


def organiser_cohort_list(*, now: datetime.datetime | None = None) -> QuerySet[Cohort]:
    """Every cohort for the organiser console, with places taken, `session_count` and `enrolment_open`
    (rules.enrolment_open_q)."""
    return (
        with_places(Cohort.objects.select_related("course"))
        .annotate(
            session_count=Count("sessions", distinct=True),
            enrolment_open=ExpressionWrapper(enrolment_open_q(now or timezone.now()), output_field=BooleanField()),
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
