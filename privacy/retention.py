"""The retention of past forum editions: what a registration says of its person is forgotten some time after the
forum, by a periodic job (settings.PERIODIC_JOBS), and the organisers see what will go when (/organiser/privacy/).

- Passport details (the name as in the passport, its number and expiry) go the day after the edition's last day, in
  the edition's time zone: a visa letter is of no use once the forum is over.
- The rest of the registrations' personal data (position, dietary and accessibility needs, the youth delegates'
  guardians, chaperones and dates of birth, the reasons typed in their histories) and the names and addresses typed
  for nominations go `personal_data_days` after the last day (ForumEdition.personal_data_days, 30 to 3650).

Forgetting is forum.services.anonymise's (the one home of what a registration forgets); whom each registration
reached is copied for the reports first (forum.services.reach), so the reports keep their totals. Each registration
is forgotten in a transaction of its own, under its row's lock, a chunk of ids read at a time; an edition is marked
done (passports_erased_at, personal_data_erased_at) once all of its registrations are, so a run cut short is taken
up again by the next one, and a second run does nothing.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.models import ForumEdition, Nomination, Registration
from forum.services.anonymise import nominations_anonymise, passports_erase, registration_anonymise
from forum.services.reach import reach_record_edition
from people.errors import DomainError
from people.permissions import is_organiser

logger = logging.getLogger(__name__)

_DAYS_FIELD = ForumEdition._meta.get_field("personal_data_days")
MIN_DAYS = next(v.limit_value for v in _DAYS_FIELD.validators if v.code == "min_value")
MAX_DAYS = next(v.limit_value for v in _DAYS_FIELD.validators if v.code == "max_value")
# Registration ids read at a time; each registration is then forgotten in its own transaction.
CHUNK_SIZE = 200


class RetentionError(DomainError):
    pass


# --- When -------------------------------------------------------------------------------------------------------


def passports_due_on(edition: ForumEdition) -> datetime.date:
    """The day the edition's passport details go: the day after its last day."""
    return edition.ends_on + datetime.timedelta(days=1)


def personal_data_due_on(edition: ForumEdition) -> datetime.date:
    """The day the rest of the edition's personal data is anonymised: `personal_data_days` after its last day."""
    return edition.ends_on + datetime.timedelta(days=edition.personal_data_days)


def _today(edition: ForumEdition, now: datetime.datetime) -> datetime.date:
    return now.astimezone(edition.zone).date()


def personal_data_is_due(edition: ForumEdition, *, now: datetime.datetime | None = None) -> bool:
    """The day the edition's personal data is anonymised has come at `now` (in the edition's time zone)."""
    return _today(edition, now or timezone.now()) >= personal_data_due_on(edition)


def _ended_by(now: datetime.datetime) -> QuerySet[ForumEdition]:
    # The latest calendar date anywhere on Earth is at most a day past UTC's: the edition's zone decides the rest.
    latest_date = now.astimezone(datetime.UTC).date() + datetime.timedelta(days=1)
    return ForumEdition.objects.filter(ends_on__lt=latest_date).order_by("ends_on", "pk")


def editions_due_for_passports(*, now: datetime.datetime) -> list[ForumEdition]:
    """Editions whose passport details are due to go at `now` and are not all gone: not marked done yet, or holding
    details given since (each in its own time zone)."""
    holding = Registration.objects.filter(edition=OuterRef("pk"), visa_request__isnull=False)
    candidates = _ended_by(now).filter(Q(passports_erased_at__isnull=True) | Exists(holding))
    return [edition for edition in candidates if _today(edition, now) >= passports_due_on(edition)]


def editions_due_for_personal_data(*, now: datetime.datetime) -> list[ForumEdition]:
    """Editions whose personal data is due to be anonymised at `now` and is not yet."""
    candidates = _ended_by(now).filter(personal_data_erased_at__isnull=True)
    return [edition for edition in candidates if personal_data_is_due(edition, now=now)]


# --- The periodic job ---------------------------------------------------------------------------------------------


def _registration_ids(registrations: QuerySet[Registration]) -> Iterator[int]:
    """The ids of `registrations`, in order, read CHUNK_SIZE at a time."""
    last = 0
    while True:
        chunk = list(registrations.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:CHUNK_SIZE])
        yield from chunk
        if len(chunk) < CHUNK_SIZE:
            return
        last = chunk[-1]


def _locked(pk: int) -> Registration | None:
    # Under the row's lock: a delegate's edit or an organiser's decision waits, and sees what is left.
    return Registration.objects.select_for_update(of=("self",)).filter(pk=pk).first()


def edition_passports_erase(edition: ForumEdition, *, now: datetime.datetime) -> int:
    """Delete the passport details of every registration of `edition`, one registration a transaction, and mark the
    edition done; returns how many registrations lost theirs."""
    erased = 0
    holding = Registration.objects.filter(edition=edition, visa_request__isnull=False)
    for pk in _registration_ids(holding):
        with transaction.atomic():
            if _locked(pk) is not None:
                erased += bool(passports_erase(Registration.objects.filter(pk=pk)))
    ForumEdition.objects.filter(pk=edition.pk, passports_erased_at__isnull=True).update(passports_erased_at=now)
    return erased


def edition_personal_data_anonymise(edition: ForumEdition, *, now: datetime.datetime) -> tuple[int, int]:
    """Copy whom the edition reached for the reports, then anonymise its nominations and each of its registrations
    (one a transaction), and mark the edition done; returns (registrations, nominations) anonymised."""
    reach_record_edition(edition=edition, now=now)
    # The nominations first, all of them (those taken up too, which their registration would forget): the count says
    # how many lost their names.
    nominations = nominations_anonymise(Nomination.objects.filter(edition=edition))
    anonymised = 0
    for pk in _registration_ids(Registration.objects.filter(edition=edition)):
        with transaction.atomic():
            registration = _locked(pk)
            if registration is not None:
                registration_anonymise(registration)
                anonymised += 1
    with transaction.atomic():
        ForumEdition.objects.filter(pk=edition.pk).update(
            personal_data_erased_at=now, passports_erased_at=Coalesce("passports_erased_at", Value(now))
        )
    return anonymised, nominations


def anonymise_past_editions(now: datetime.datetime | None = None) -> str:
    """The periodic job (settings.PERIODIC_JOBS): the passport details of every edition past its last day are
    deleted, and the personal data of every edition `personal_data_days` past it anonymised (module docstring).
    Idempotent. Returns a short summary ("" when there was nothing to do)."""
    now = now or timezone.now()
    parts = []
    editions = editions_due_for_passports(now=now)
    if editions:
        erased = sum(edition_passports_erase(edition, now=now) for edition in editions)
        parts.append(f"passport details of {erased} registration(s) erased ({len(editions)} edition(s))")
    editions = editions_due_for_personal_data(now=now)
    if editions:
        done = [edition_personal_data_anonymise(edition, now=now) for edition in editions]
        registrations, nominations = sum(d[0] for d in done), sum(d[1] for d in done)
        parts.append(
            f"personal data of {registrations} registration(s) and {nominations} nomination(s) anonymised "
            f"({len(editions)} edition(s))"
        )
    summary = "; ".join(parts)
    if summary:
        logger.info("Past editions: %s", summary)
    return summary


# --- What the organisers see ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EditionRetention:
    """What an edition keeps and until when (retention_schedule)."""

    edition: ForumEdition
    passports_on: datetime.date
    passports_left: int  # registrations holding passport details now
    personal_data_on: datetime.date
    registrations: int
    nominations_left: int  # nominations whose typed name and address are still kept
    today: datetime.date  # in the edition's time zone

    @property
    def last_day(self) -> datetime.date:
        return self.edition.ends_on

    @property
    def passports_erased_at(self) -> datetime.datetime | None:
        return self.edition.passports_erased_at

    @property
    def personal_data_erased_at(self) -> datetime.datetime | None:
        return self.edition.personal_data_erased_at

    @property
    def passports_done(self) -> bool:
        return self.passports_erased_at is not None and not self.passports_left

    @property
    def personal_data_done(self) -> bool:
        return self.personal_data_erased_at is not None

    @property
    def personal_data_waits_for_the_job(self) -> bool:
        """Its day has come (or its days were shortened past it): the next run of the job anonymises it."""
        return not self.personal_data_done and self.personal_data_on <= self.today

    @property
    def days_can_change(self) -> bool:
        return not self.personal_data_done


def _count(queryset: QuerySet) -> Coalesce:
    """How many rows of `queryset` (filtered on edition=OuterRef("pk")) each edition has, as a subquery."""
    counted = queryset.order_by().values("edition").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def retention_schedule(*, now: datetime.datetime | None = None) -> list[EditionRetention]:
    """Every edition, latest first, with the day its passport details go and how many registrations hold some, the
    day its personal data is anonymised and of how many registrations and nominations, and when each was done. One
    query."""
    now = now or timezone.now()
    editions = ForumEdition.objects.annotate(
        passports_left=_count(Registration.objects.filter(edition=OuterRef("pk"), visa_request__isnull=False)),
        registration_count=_count(Registration.objects.filter(edition=OuterRef("pk"))),
        nominations_left=_count(
            Nomination.objects.filter(edition=OuterRef("pk")).exclude(name="", email__endswith="@erased.invalid")
        ),
    ).order_by("-ends_on", "-pk")
    return [
        EditionRetention(
            edition=edition,
            passports_on=passports_due_on(edition),
            passports_left=edition.passports_left,
            personal_data_on=personal_data_due_on(edition),
            registrations=edition.registration_count,
            nominations_left=edition.nominations_left,
            today=_today(edition, now),
        )
        for edition in editions
    ]


@transaction.atomic
def retention_days_set(*, edition: ForumEdition, days: int, by) -> ForumEdition:
    """Keep `edition`'s personal data `days` after its last day (MIN_DAYS to MAX_DAYS). A day that falls in the past
    is allowed: the next run of the job anonymises it. Refused once the edition's data is anonymised."""
    if not is_organiser(by):
        raise RetentionError(_("Only organisers can change how long personal data is kept."))
    if not MIN_DAYS <= days <= MAX_DAYS:
        raise RetentionError(
            _("Keep personal data between %(min)s and %(max)s days after the forum.")
            % {"min": MIN_DAYS, "max": MAX_DAYS},
            field="days",
        )
    locked = ForumEdition.objects.select_for_update().get(pk=edition.pk)
    if locked.personal_data_erased_at is not None:
        raise RetentionError(_("This edition's personal data is anonymised already."), field="days")
    before, locked.personal_data_days = locked.personal_data_days, days
    locked.save(update_fields=["personal_data_days", "updated_at"])
    logger.info(
        "Edition %s: personal data kept %s days after the forum (was %s), by %s", locked.pk, days, before, by.pk
    )
    return locked
