"""Reads about nominations: a nominator's own role and delegation (coarse states only:
forum.nomination_rules.delegation_state), a nominee's personal link, and the organisers' view per country and
nominator. Each in a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet
from django.http import Http404
from django_countries import countries as country_names

from people.models import User

from ..models import ForumEdition, Nomination, Nominator, Registration
from ..nomination_rules import DelegationState, delegation_state, nomination_can, place_used_q
from ..rules import letter_ready_q
from ..services.seats import Seats
from ..services.stations import secret_digest
from .attendance import counting_day_checkins


def nominator_for(*, edition: ForumEdition, user: User) -> Nominator | None:
    """The person's nominator role for the edition, if any (one query)."""
    if not user.is_authenticated:
        return None
    return (
        Nominator.objects.filter(edition=edition, user=user, user__is_active=True)
        .select_related("organisation", "edition")
        .first()
    )


def nominator_for_or_404(*, edition: ForumEdition, user: User) -> Nominator:
    nominator = nominator_for(edition=edition, user=user)
    if nominator is None:
        raise Http404
    return nominator


def nomination_of_nominator(*, nominator: Nominator, pk) -> Nomination:
    """One of the nominator's own nominations; 404 for any other (another delegation's included)."""
    nomination = Nomination.objects.filter(nominator=nominator, pk=pk).select_related("nominator").first()
    if nomination is None:
        raise Http404
    return nomination


@dataclass(frozen=True)
class DelegationMember:
    """One row of a delegation as its nominator sees it: what they typed and a coarse state."""

    pk: int
    name: str
    email: str
    language: str
    state: DelegationState
    is_head: bool
    times_sent: int
    can_be_resent: bool
    can_be_withdrawn: bool
    can_be_replaced: bool
    can_lead: bool
    replaces_name: str


@dataclass(frozen=True)
class Delegation:
    nominator: Nominator
    places: int
    used: int
    members: list[DelegationMember]
    # Seats still free for the delegation's country (forum.services.seats): only open invitations keep a place, so
    # self-registrants may have taken some of the country's quota meanwhile.
    seats_left: int

    @property
    def left(self) -> int:
        return max(self.places - self.used, 0)

    @property
    def short_of_seats(self) -> bool:
        """Fewer seats are free in the country than the delegation has places left: invitations beyond them are
        refused."""
        return self.seats_left < self.left

    @property
    def standing(self) -> list[DelegationMember]:
        """Invited or registered people (withdrawn, replaced and expired invitations come after, in `past`)."""
        return [member for member in self.members if member.state not in _PAST]

    @property
    def past(self) -> list[DelegationMember]:
        return [member for member in self.members if member.state in _PAST]

    @property
    def head(self) -> DelegationMember | None:
        return next((member for member in self.members if member.is_head), None)

    def count(self, state: DelegationState) -> int:
        return sum(1 for member in self.members if member.state == state)


_PAST = (DelegationState.WITHDRAWN, DelegationState.REPLACED, DelegationState.EXPIRED, DelegationState.NOT_REGISTERED)


def _annotated(nominations: QuerySet[Nomination]) -> QuerySet[Nomination]:
    """The registration's status, whether it is a youth delegate's, whether the visa letter is ready and whether
    they arrived, without loading the registration (nor its passport details)."""
    arrived = Exists(counting_day_checkins().filter(registration=OuterRef("registration")))
    return nominations.annotate(
        registration_status=F("registration__status"),
        registration_is_youth=F("registration__is_youth"),
        letter_is_ready=ExpressionWrapper(letter_ready_q("registration__"), output_field=BooleanField()),
        has_arrived=arrived,
        uses_place=ExpressionWrapper(place_used_q(), output_field=BooleanField()),
        replaces_name=F("replaces__name"),
    )


def _member(nomination: Nomination) -> DelegationMember:
    active = nomination.registration_status in Registration.ACTIVE_STATUSES
    state = delegation_state(
        status=nomination.status,
        registration_status=nomination.registration_status,
        is_youth=bool(nomination.registration_is_youth),
        letter_ready=bool(nomination.letter_is_ready),
        arrived=bool(nomination.has_arrived),
    )
    return DelegationMember(
        pk=nomination.pk,
        name=nomination.name,
        email=nomination.email,
        language=nomination.get_language_display(),
        state=state,
        is_head=nomination.is_head,
        times_sent=nomination.times_sent,
        can_be_resent=nomination_can(nomination, "resend", registration_active=active),
        can_be_withdrawn=nomination_can(nomination, "withdraw", registration_active=active),
        can_be_replaced=nomination_can(nomination, "replace", registration_active=active),
        can_lead=not nomination.is_head and nomination_can(nomination, "head", registration_active=active),
        replaces_name=nomination.replaces_name or "",
    )


def delegation_for(*, nominator: Nominator) -> Delegation:
    """The nominator's delegation: every person invited, oldest first, with a coarse state each, and the seats left
    in its country. Four queries (one for the people, three for the seats)."""
    rows = list(_annotated(Nomination.objects.filter(nominator=nominator)).order_by("created_at", "pk"))
    used = sum(1 for row in rows if row.uses_place)
    seats_left = Seats.read(nominator.edition).country_left(nominator.country)
    return Delegation(
        nominator=nominator,
        places=nominator.places,
        used=used,
        members=[_member(row) for row in rows],
        seats_left=seats_left,
    )


def nomination_from_token(*, edition: ForumEdition, token: str) -> Nomination | None:
    """The nomination whose personal link this is (open or not: the page says why it cannot be used), or None for
    a link that was never one, or was replaced by a newer one."""
    if not token or len(token) > 200:
        return None
    return (
        Nomination.objects.filter(edition=edition, token_hash=secret_digest(token))
        .select_related("nominator__organisation", "nominator__user", "edition")
        .first()
    )


# --- The organisers' view ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountryNominations:
    """One country against its quota: approved delegates, places kept by nominations, its nominators."""

    country: str
    name: str
    quota: int | None
    approved: int
    reserved: int
    left: int
    nominators: list[Nominator]

    @property
    def places(self) -> int:
        return sum(nominator.places for nominator in self.nominators)

    @property
    def is_full(self) -> bool:
        """The country's quota is taken or kept: nobody else of it gets a seat."""
        return self.quota is not None and self.left == 0


def nominations_overview(*, edition: ForumEdition) -> tuple[dict, list[CountryNominations]]:
    """The seats (forum.services.seats.Seats.summary) and, per country with a quota, a seat or a nominator, its
    nominators each annotated with `invited`, `registered`, `approved` and `used` (their standing nominations).
    Four queries (three for the seats, one for the nominators)."""
    summary = Seats.read(edition).summary()
    taken = Q(nominations__status=Nomination.Status.TAKEN)
    nominators = (
        Nominator.objects.filter(edition=edition)
        .select_related("user", "organisation")
        .annotate(
            invited=Count("nominations", filter=Q(nominations__status=Nomination.Status.INVITED)),
            registered=Count(
                "nominations",
                filter=taken
                & Q(
                    nominations__registration__status__in=(
                        Registration.Status.SUBMITTED,
                        Registration.Status.WAITLISTED,
                    )
                ),
            ),
            approved=Count(
                "nominations", filter=taken & Q(nominations__registration__status=Registration.Status.APPROVED)
            ),
            using=Count("nominations", filter=place_used_q("nominations__")),
        )
        .order_by("country", "organisation__name", "pk")
    )
    by_country: dict[str, list[Nominator]] = {}
    for nominator in nominators:
        nominator.used = nominator.using
        by_country.setdefault(str(nominator.country), []).append(nominator)
    rows = {row["country"]: row for row in summary["countries"]}
    countries = []
    for code in sorted(set(rows) | set(by_country), key=lambda code: rows.get(code, {}).get("name") or code):
        row = rows.get(code)
        if row is None:
            row = {
                "name": country_names.name(code),
                "quota": None,
                "approved": 0,
                "reserved": 0,
                "left": summary["left"],
            }
        countries.append(
            CountryNominations(
                country=code,
                name=row["name"],
                quota=row["quota"],
                approved=row["approved"],
                reserved=row["reserved"],
                left=row["left"],
                nominators=by_country.get(code, []),
            )
        )
    return summary, countries
