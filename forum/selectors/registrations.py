"""Reads about registrations: a delegate's own, and the organisers' filtered lists, each in a fixed number of
queries whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from people.inputs import parse_id
from people.models import User

from ..models import ForumEdition, Registration, RegistrationEvent
from ..rules import letter_outstanding_q, youth_consent_state
from .badges import with_checkin_secret

Status = Registration.Status


def registration_for_user(*, edition: ForumEdition, user: User) -> Registration | None:
    """The person's own registration for the edition (None if they have not registered), with its
    history (`events`, oldest first, actors loaded), policies, visa request and `checkin_secret` (their badge's
    check-in credential: forum.selectors.badges.with_checkin_secret)."""
    if not user.is_authenticated:
        return None
    return (
        with_checkin_secret(Registration.objects.filter(edition=edition, user=user))
        .select_related("edition", "organisation", "code_of_conduct", "privacy_notice", "visa_request", "user")
        .prefetch_related(
            Prefetch(
                "events",
                queryset=RegistrationEvent.objects.select_related("actor").order_by("created_at", "pk"),
            )
        )
        .first()
    )


def registration_brief_for_user(*, edition: ForumEdition, user: User) -> Registration | None:
    """The person's registration with just what its reference needs (for "you have already registered")."""
    if not user.is_authenticated:
        return None
    registration = Registration.objects.filter(edition=edition, user=user).only("pk", "number", "status").first()
    if registration is not None:
        registration.edition = edition
    return registration


@dataclass(frozen=True)
class RegistrationFilters:
    """What the organiser filters the registrations list by (empty strings mean "any")."""

    status: str = ""
    country: str = ""
    category: str = ""
    youth: str = ""  # "yes" / "no"
    visa: str = ""  # "yes" / "no" / "waiting" (forum.rules.letter_outstanding_q)
    consent: str = ""  # a youth delegate's consent: a Participation value (forum.rules.youth_consent_state)
    search: str = ""

    def querystring_items(self) -> list[tuple[str, str]]:
        fields = (("status", self.status), ("country", self.country), ("category", self.category))
        fields += (("youth", self.youth), ("visa", self.visa), ("consent", self.consent), ("q", self.search))
        return [(name, value) for name, value in fields if value]


def registration_list(*, edition: ForumEdition, filters: RegistrationFilters) -> QuerySet[Registration]:
    """The edition's registrations, filtered and searched (name, e-mail, reference, organisation), in number order,
    with the delegate, organisation and the nomination it came from (with its nominator) loaded."""
    registrations = Registration.objects.filter(edition=edition).select_related(
        "edition", "user", "organisation", "nomination__nominator__organisation"
    )
    if filters.status:
        registrations = registrations.filter(status=filters.status)
    if filters.country:
        registrations = registrations.filter(country=filters.country)
    if filters.category:
        registrations = registrations.filter(category=filters.category)
    if filters.youth in ("yes", "no"):
        registrations = registrations.filter(is_youth=filters.youth == "yes")
    if filters.visa in ("yes", "no"):
        registrations = registrations.filter(needs_visa_letter=filters.visa == "yes")
    elif filters.visa == "waiting":
        registrations = registrations.filter(letter_outstanding_q())
    if filters.consent:
        registrations = (
            registrations.filter(is_youth=True).alias(consent=youth_consent_state()).filter(consent=filters.consent)
        )
    search = filters.search.strip()
    if search:
        condition = (
            Q(user__email__icontains=search)
            | Q(user__given_name__icontains=search)
            | Q(user__family_name__icontains=search)
            | Q(user__native_name__icontains=search)
            | Q(organisation__name__icontains=search)
        )
        # A reference such as ATF27-0042 (or just 42).
        prefix, _, number = search.rpartition("-")
        number = parse_id(number)
        if number is not None and (not prefix or prefix.upper() == edition.reference_prefix.upper()):
            condition |= Q(number=number)
        registrations = registrations.filter(condition)
    return registrations.order_by("number")


def registration_get_for_organiser(*, edition: ForumEdition, pk: int) -> Registration:
    """One registration of the edition with everything its page shows: the delegate, organisation, policies, visa
    request, the nomination it came from (with its nominator) and the full history (actors loaded), in a fixed number
    of queries. 404 outside the edition."""
    queryset = Registration.objects.select_related(
        "edition",
        "user",
        "organisation",
        "code_of_conduct",
        "privacy_notice",
        "visa_request",
        "nomination__nominator__organisation",
        "nomination__nominator__user",
    ).prefetch_related(
        Prefetch("events", queryset=RegistrationEvent.objects.select_related("actor").order_by("created_at", "pk"))
    )
    return get_object_or_404(queryset, edition=edition, pk=pk)


def registrations_by_ids(*, edition: ForumEdition, ids: list[int]) -> list[Registration]:
    """The registrations of the edition among `ids` (others ignored), in number order, delegates loaded."""
    return list(
        Registration.objects.filter(edition=edition, pk__in=ids).select_related("edition", "user").order_by("number")
    )


def visa_request_list(*, edition: ForumEdition, filters: RegistrationFilters) -> QuerySet[Registration]:
    """Registrations (filtered as on the list) that asked for a visa letter, with their passport details."""
    return (
        registration_list(edition=edition, filters=filters)
        .filter(needs_visa_letter=True, visa_request__isnull=False)
        .select_related("visa_request")
    )


def _letters() -> QuerySet[Registration]:
    # The rule of forum.rules.letter_available, as a query.
    return Registration.objects.select_related("edition", "user", "organisation", "visa_request").filter(
        status=Status.APPROVED, needs_visa_letter=True, visa_request__isnull=False
    )


def letter_registration_for_delegate(*, slug: str, user: User) -> Registration:
    """The person's own registration with a visa letter ready (forum.rules.letter_ready) in a published edition;
    404 otherwise."""
    registration = (
        _letters()
        .filter(edition__slug=slug, edition__is_published=True, user=user, visa_request__needs_review=False)
        .first()
    )
    if registration is None:
        raise Http404
    return registration


def letter_registration_for_organiser(*, slug: str, pk: int) -> Registration:
    """A registration of the edition with a visa letter (forum.rules.letter_available); 404 otherwise."""
    registration = _letters().filter(edition__slug=slug, pk=pk).first()
    if registration is None:
        raise Http404
    return registration
