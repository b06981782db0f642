"""Whom a cohort reached, kept for the reports: when a cohort's completion is decided (services.completion), each
enrolment gets a copy of its person's sex and age band, their country (else their company's) and their company's
type (people.reach.ReachFields), so that erasure and anonymisation never change a report's totals.
`record_ended_cohorts` is the periodic safety net for cohorts that ended without a decision and for enrolments
added afterwards.
"""

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from people.reach import reach_copy_write, reach_rows_to_copy

from ..models import Cohort, Enrollment


def _record(enrollments, *, now: datetime.datetime) -> int:
    """Copy whom each of `enrollments` not copied yet reached onto it, under a lock; returns how many. One read,
    one write per people.reach.REACH_COPY_BATCH rows."""
    rows = reach_rows_to_copy(
        enrollments, "user__sex", "user__age_band", "user__country", "organisation__country", "organisation__kind"
    )
    copies = [
        {
            "pk": row["pk"],
            "sex": row["user__sex"],
            "age_band": row["user__age_band"],
            "country": row["user__country"] or row["organisation__country"],
            "organisation_kind": row["organisation__kind"],
        }
        for row in rows
    ]
    return reach_copy_write(Enrollment, copies, now=now)


@transaction.atomic
def reach_record_cohort(*, cohort: Cohort, now: datetime.datetime | None = None) -> int:
    """Copy whom each enrolment of `cohort` reached onto it, once; returns how many were copied now.

    The caller decides that the cohort has ended (its completion decided, or its last day past). Enrolments
    already copied are left as they are, so a profile changed later changes no report. A fixed number of
    queries (one read, one write per people.reach.REACH_COPY_BATCH rows)."""
    return _record(Enrollment.objects.filter(cohort=cohort), now=now or timezone.now())


@transaction.atomic
def reach_record_person(*, user, now: datetime.datetime | None = None) -> int:
    """Copy whom each of `user`'s enrolments reached onto those not copied yet, whether or not their cohort has
    ended: the person's profile is about to be erased (privacy.erasure), and a running cohort's figures may not
    change with it. Returns how many were copied now; a fixed number of queries."""
    return _record(Enrollment.objects.filter(user=user), now=now or timezone.now())


def cohorts_to_record(*, now: datetime.datetime) -> list[Cohort]:
    """Cohorts that have ended (decided, or their last day is past) with an enrolment not copied yet."""
    uncopied = Enrollment.objects.filter(cohort=OuterRef("pk"), reach_recorded_at__isnull=True)
    ended = Q(completion_decided_at__isnull=False) | Q(ends_on__lt=timezone.localdate(now))
    return list(Cohort.objects.filter(ended, Exists(uncopied)).order_by("ends_on", "pk"))


def cohorts_record_ended(*, now: datetime.datetime | None = None) -> int:
    """Copy whom every ended cohort reached (idempotent); returns how many enrolments were copied now."""
    now = now or timezone.now()
    return sum(reach_record_cohort(cohort=cohort, now=now) for cohort in cohorts_to_record(now=now))
