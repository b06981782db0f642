"""The one lock helper and the only seat arithmetic of the forum.

Every decision about a seat locks the edition row (`select_for_update()`) first, so parallel requests for one
edition run one after the other; other editions are not held up. Only approved registrations hold a seat: against
the edition's capacity and against the quota of the country the delegate represents (a country without a quota is
limited by the capacity only). Invited guests and organiser staff hold no delegate's seat
(Registration.SEATLESS_CATEGORIES). Pages that show seats read the same `Seats` without the lock.

An edition that takes nominations also keeps places for its delegations: a nomination reserves one, against the
capacity and its country's quota, while it is open (invited, before its nominator's deadline) and while the
registration it led to waits for a decision (submitted or on the waiting list). Approved, that registration holds
the seat itself; anything else releases it. So a rush of self-registrants never takes a delegation's places, and a
nominee's own reservation is theirs when their registration is decided (`fits_registration`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from ..models import CountryQuota, ForumEdition, Nomination, Registration

APPROVED = Registration.Status.APPROVED
# A registration that came from a nomination keeps its reservation while it waits for a decision.
WAITING_FOR_DECISION = (Registration.Status.SUBMITTED, Registration.Status.WAITLISTED)


def edition_lock(*, edition: ForumEdition) -> ForumEdition:
    """Lock the edition row for the rest of the transaction and return it fresh."""
    return ForumEdition.objects.select_for_update().get(pk=edition.pk)


def registration_lock(*, registration: Registration) -> ForumEdition:
    """Lock the registration's edition and bring `registration` up to date (its status may have changed since it
    was read: every status change holds this lock). Returns the locked edition."""
    edition = edition_lock(edition=registration.edition)
    registration.refresh_from_db()
    registration.edition = edition
    return edition


def left_of(capacity: int, approved: int) -> int:
    return max(capacity - approved, 0)


def reserving_q(prefix: str = "", now: datetime.datetime | None = None) -> Q:
    """Nominations that reserve a place now (the rule of the module's docstring, as a query on Nomination)."""
    now = now or timezone.now()
    return Q(**{f"{prefix}status": Nomination.Status.INVITED, f"{prefix}nominator__deadline__gt": now}) | Q(
        **{f"{prefix}status": Nomination.Status.TAKEN, f"{prefix}registration__status__in": WAITING_FOR_DECISION}
    )


def reservations(edition: ForumEdition) -> QuerySet[Nomination]:
    return Nomination.objects.filter(reserving_q(), edition=edition)


def with_seats_left(editions: QuerySet[ForumEdition]) -> QuerySet[ForumEdition]:
    """Editions annotated with `approved_count`, `reserved_count` and `seats_left` (the rule of left_of, in the list's
    query)."""
    approved = Count(
        "registrations",
        filter=Q(registrations__status=APPROVED) & ~Q(registrations__category__in=Registration.SEATLESS_CATEGORIES),
    )
    reserved = Subquery(
        Nomination.objects.filter(reserving_q(), edition=OuterRef("pk"))
        .order_by()
        .values("edition")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    )
    return editions.annotate(
        approved_count=approved,
        reserved_count=Coalesce(reserved, Value(0)),
        seats_left=Greatest(F("capacity") - approved - Coalesce(reserved, Value(0)), Value(0)),
    )


@dataclass
class Seats:
    """Approved counts of one edition (read under the edition lock when deciding), kept up to date while deciding;
    `reserved`: the places nominations keep, per country."""

    capacity: int
    by_country: dict[str, int]
    quotas: dict[str, int] = field(default_factory=dict)
    reserved: dict[str, int] = field(default_factory=dict)

    @classmethod
    def read(cls, edition: ForumEdition, *, with_quotas: bool = True) -> Seats:
        """One query for the approved and the quotas (`with_quotas`), one more for the reservations of an edition
        that takes nominations."""
        rows = (
            Registration.objects.taking_seats()
            .filter(edition=edition)
            .values("country")
            .annotate(n=Count("pk"))
            .order_by()
        )
        by_country, quotas = {}, {}
        if with_quotas:
            # Both in one query (it runs under the edition lock), told apart by `quota`.
            quota_rows = (
                CountryQuota.objects.filter(edition=edition)
                .values("country")
                .annotate(n=F("seats"), quota=Value(True))
                .order_by()
            )
            for row in rows.annotate(quota=Value(False)).union(quota_rows, all=True).order_by():
                (quotas if row["quota"] else by_country)[row["country"]] = row["n"]
        else:
            by_country = {row["country"]: row["n"] for row in rows}
        reserved = {}
        if edition.takes_nominations:
            reserved = {
                row["nominator__country"]: row["n"]
                for row in reservations(edition).values("nominator__country").annotate(n=Count("pk")).order_by()
            }
        return cls(edition.capacity, by_country, quotas, reserved)

    @property
    def approved(self) -> int:
        return sum(self.by_country.values())

    @property
    def reserved_total(self) -> int:
        return sum(self.reserved.values())

    @property
    def left(self) -> int:
        """Seats nobody holds or keeps: neither approved nor reserved for a nomination."""
        return left_of(self.capacity, self.approved + self.reserved_total)

    def country_left(self, country: str, *, own_reservation: bool = False) -> int:
        """Seats left for delegates of `country`: its quota's, never more than the total left. `own_reservation`:
        the registration being decided holds one of the country's reservations, which is free for it."""
        country = str(country)
        own = 1 if own_reservation and self.reserved.get(country, 0) > 0 else 0
        left = left_of(self.capacity, self.approved + self.reserved_total - own)
        quota = self.quotas.get(country)
        if quota is None:
            return left
        held = self.by_country.get(country, 0) + self.reserved.get(country, 0) - own
        return min(max(quota - held, 0), left)

    def fits(self, country: str, *, own_reservation: bool = False) -> bool:
        return self.country_left(country, own_reservation=own_reservation) > 0

    def fits_registration(self, registration: Registration) -> bool:
        """Whether approving `registration` fits, its own reservation counted as free for it."""
        return self.fits(registration.country, own_reservation=self.reserves(registration))

    def reserves(self, registration: Registration) -> bool:
        """The registration keeps a nomination's reservation (asked only of editions that take nominations)."""
        if not self.reserved or registration.pk is None:
            return False
        return reservations(registration.edition).filter(registration=registration).exists()

    def take(self, country: str, *, own_reservation: bool = False) -> None:
        """Count one more approved delegate of `country` (who held a reservation, released by it)."""
        self.by_country[str(country)] = self.by_country.get(str(country), 0) + 1
        if own_reservation:
            self.release(country)

    def give_back(self, country: str) -> None:
        self.by_country[str(country)] = self.by_country.get(str(country), 0) - 1

    def reserve(self, country: str) -> None:
        self.reserved[str(country)] = self.reserved.get(str(country), 0) + 1

    def release(self, country: str) -> None:
        if self.reserved.get(str(country), 0) > 0:
            self.reserved[str(country)] -= 1

    def full_countries(self) -> set[str]:
        return {country for country in self.quotas if self.country_left(country) == 0}

    def refusal(self, country) -> str:
        """Why a delegate of `country` gets no seat (call it when `fits` says no)."""
        if self.left == 0 and self.reserved_total:
            return _(
                "No seat is left: of %(capacity)s seats, %(reserved)s are kept for nominated delegations and the rest "
                "are taken. Put the registration on the waiting list."
            ) % {"capacity": self.capacity, "reserved": self.reserved_total}
        if self.left == 0:
            return _("No seat is left: all %(capacity)s seats are taken. Put the registration on the waiting list.") % {
                "capacity": self.capacity
            }
        if self.reserved.get(str(country)):
            return _(
                "No seat is left for %(country)s: its quota of %(quota)s is taken or kept for its nominated "
                "delegation. Put the registration on the waiting list."
            ) % {"country": countries.name(str(country)), "quota": self.quotas.get(str(country))}
        return _(
            "No seat is left for %(country)s: its quota of %(quota)s is taken. Put the registration on the waiting "
            "list."
        ) % {"country": countries.name(str(country)), "quota": self.quotas.get(str(country))}

    def summary(self) -> dict:
        """For the organiser's pages: capacity, approved, reserved, left, and per country (every country with a
        quota, an approved delegate or a reservation, by name): approved, reserved, quota (None without one) and
        left."""
        codes = sorted(
            set(self.by_country) | set(self.quotas) | set(self.reserved), key=lambda code: countries.name(code)
        )
        per_country = [
            {
                "country": code,
                "name": countries.name(code),
                "approved": self.by_country.get(code, 0),
                "reserved": self.reserved.get(code, 0),
                "quota": self.quotas.get(code),
                "left": self.country_left(code),
            }
            for code in codes
        ]
        return {
            "capacity": self.capacity,
            "approved": self.approved,
            "reserved": self.reserved_total,
            "left": self.left,
            "countries": per_country,
        }
