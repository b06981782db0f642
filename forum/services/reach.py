"""Whom a forum edition reached, kept for the reports: when an edition starts, each registration gets a copy of its
delegate's sex and age band, its country and its organisation's type (people.reach.ReachFields), so that the purge
of minors' data, erasure and anonymisation never change a report's totals.

A youth delegate's age band follows from their date of birth on the forum's first day (under 18 by definition when
it is no longer known); everyone else's is the one their profile gives. A registration made after the start (a
walk-in) is copied at the next periodic run.
"""

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from people.reach import AgeBand, age_band_on, reach_copy_write, reach_rows_to_copy

from ..models import ForumEdition, Registration


def edition_has_started(edition: ForumEdition, *, now: datetime.datetime) -> bool:
    """The edition's first day has come at `now`, in the edition's time zone."""
    return now.astimezone(edition.zone).date() >= edition.starts_on


def _record(registrations, *, now: datetime.datetime) -> int:
    """Copy whom each of `registrations` not copied yet reached onto it, under a lock; returns how many. One read,
    one write per people.reach.REACH_COPY_BATCH rows."""
    rows = reach_rows_to_copy(
        registrations,
        "is_youth",
        "country",
        "edition__starts_on",
        "user__sex",
        "user__age_band",
        "organisation__kind",
        "youth_details__date_of_birth",
    )
    copies = [
        {
            "pk": row["pk"],
            "sex": row["user__sex"],
            "age_band": (
                (age_band_on(row["youth_details__date_of_birth"], row["edition__starts_on"]) or AgeBand.UNDER_18)
                if row["is_youth"]
                else row["user__age_band"]
            ),
            "country": row["country"],
            "organisation_kind": row["organisation__kind"],
        }
        for row in rows
    ]
    return reach_copy_write(Registration, copies, now=now)


@transaction.atomic
def reach_record_edition(*, edition: ForumEdition, now: datetime.datetime | None = None) -> int:
    """Copy whom each registration of a started edition reached onto it, once; returns how many were copied now.

    Nothing happens before the edition's first day. Registrations already copied are left as they are, so a
    profile changed later changes no report. A fixed number of queries (one read, one write per
    people.reach.REACH_COPY_BATCH rows)."""
    now = now or timezone.now()
    if not edition_has_started(edition, now=now):
        return 0
    return _record(Registration.objects.filter(edition=edition), now=now)


@transaction.atomic
def reach_record_person(*, user, now: datetime.datetime | None = None) -> int:
    """Copy whom each of `user`'s registrations reached onto those not copied yet, whatever their edition's dates:
    the person's profile is about to be erased (privacy.erasure), and no report may change with it. Returns how
    many were copied now; a fixed number of queries."""
    return _record(Registration.objects.filter(user=user), now=now or timezone.now())


def editions_to_record(*, now: datetime.datetime) -> list[ForumEdition]:
    """Editions that have started at `now` (each in its own time zone) and have a registration not copied yet."""
    # The latest calendar date anywhere on Earth is at most a day past UTC's: the zone decides the rest.
    latest_date = now.astimezone(datetime.UTC).date() + datetime.timedelta(days=1)
    uncopied = Registration.objects.filter(edition=OuterRef("pk"), reach_recorded_at__isnull=True)
    candidates = ForumEdition.objects.filter(Exists(uncopied), starts_on__lte=latest_date).order_by("starts_on")
    return [edition for edition in candidates if edition_has_started(edition, now=now)]


def record_started_editions(*, now: datetime.datetime | None = None) -> str:
    """The periodic job (settings.PERIODIC_JOBS, before the purge of minors' data): copy whom every started
    edition reached; idempotent. Returns a short summary ("" when there was nothing to do)."""
    now = now or timezone.now()
    copied = sum(reach_record_edition(edition=edition, now=now) for edition in editions_to_record(now=now))
    return f"{copied} registration(s) recorded for the reports" if copied else ""
