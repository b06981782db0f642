"""The one lock helper and the only seat arithmetic of the forum.

Every decision about a seat locks the edition row (`select_for_update()`) first, so parallel requests for one
edition run one after the other; other editions are not held up. Only approved registrations hold a seat: against
the edition's capacity and against the quota of the country the delegate represents (a country without a quota is
limited by the capacity only). Invited guests and organiser staff hold no delegate's seat
(Registration.SEATLESS_CATEGORIES). Pages that show seats read the same `Seats` without the lock.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import Greatest
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from ..models import CountryQuota, ForumEdition, Registration

APPROVED = Registration.Status.APPROVED


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


def with_seats_left(editions: QuerySet[ForumEdition]) -> QuerySet[ForumEdition]:
    """Editions annotated with `approved_count` and `seats_left` (the rule of left_of, in the list's query)."""
    approved = Count(
        "registrations",
        filter=Q(registrations__status=APPROVED) & ~Q(registrations__category__in=Registration.SEATLESS_CATEGORIES),
    )
    return editions.annotate(approved_count=approved, seats_left=Greatest(F("capacity") - approved, Value(0)))


@dataclass
class Seats:
    """Approved counts of one edition (read under the edition lock when deciding), kept up to date while deciding."""

    capacity: int
    by_country: dict[str, int]
    quotas: dict[str, int] = field(default_factory=dict)

    @classmethod
    def read(cls, edition: ForumEdition, *, with_quotas: bool = True) -> Seats:
        rows = (
            Registration.objects.taking_seats()
            .filter(edition=edition)
            .values("country")
            .annotate(n=Count("pk"))
            .order_by()
        )
        quotas = {}
        if with_quotas:
            quotas = dict(CountryQuota.objects.filter(edition=edition).values_list("country", "seats"))
        return cls(edition.capacity, {row["country"]: row["n"] for row in rows}, quotas)

    @property
    def approved(self) -> int:
        return sum(self.by_country.values())

    @property
    def left(self) -> int:
        return left_of(self.capacity, self.approved)

    def country_left(self, country: str) -> int:
        """Seats left for delegates of `country`: its quota's, never more than the total left."""
        quota = self.quotas.get(str(country))
        if quota is None:
            return self.left
        return min(max(quota - self.by_country.get(str(country), 0), 0), self.left)

    def fits(self, country: str) -> bool:
        return self.country_left(country) > 0

    def take(self, country: str) -> None:
        self.by_country[str(country)] = self.by_country.get(str(country), 0) + 1

    def give_back(self, country: str) -> None:
        self.by_country[str(country)] = self.by_country.get(str(country), 0) - 1

    def full_countries(self) -> set[str]:
        return {country for country in self.quotas if self.country_left(country) == 0}

    def refusal(self, country) -> str:
        """Why a delegate of `country` gets no seat (call it when `fits` says no)."""
        if self.left == 0:
            return _("No seat is left: all %(capacity)s seats are taken. Put the registration on the waiting list.") % {
                "capacity": self.capacity
            }
        return _(
            "No seat is left for %(country)s: its quota of %(quota)s is taken. Put the registration on the waiting "
            "list."
        ) % {"country": countries.name(str(country)), "quota": self.quotas.get(str(country))}

    def summary(self) -> dict:
        """For the organiser's pages: capacity, approved, left, and per country (every country with a quota or an
        approved delegate, by name): approved, quota (None without one) and left."""
        codes = sorted(set(self.by_country) | set(self.quotas), key=lambda code: countries.name(code))
        per_country = [
            {
                "country": code,
                "name": countries.name(code),
                "approved": self.by_country.get(code, 0),
                "quota": self.quotas.get(code),
                "left": self.country_left(code),
            }
            for code in codes
        ]
        return {"capacity": self.capacity, "approved": self.approved, "left": self.left, "countries": per_country}
