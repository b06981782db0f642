"""Reads for the organisers' forum pages, each in a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from people.inputs import parse_id

from .models import CountryQuota, ForumEdition, PolicyDocument, Registration, RegistrationEvent

Status = Registration.Status


def edition_list_for_organisers() -> QuerySet[ForumEdition]:
    """Every edition, published or not, newest first, with counts per status (`<status>_count`) and `total_count`."""
    counts = {
        f"{status}_count": Count("registrations", filter=Q(registrations__status=status)) for status in Status.values
    }
    return ForumEdition.objects.annotate(total_count=Count("registrations"), **counts).order_by("-starts_on", "pk")


def edition_get_for_organiser(*, slug: str) -> ForumEdition:
    """The edition with this slug, published or not (404 if there is none)."""
    return get_object_or_404(ForumEdition, slug=slug)


def edition_quotas(*, edition: ForumEdition) -> QuerySet[CountryQuota]:
    return CountryQuota.objects.filter(edition=edition).order_by("country")


def edition_policies(*, edition: ForumEdition) -> list[PolicyDocument]:
    """Every version of both policies, newest first per kind, each with `agreed_count`: how many registrations
    agreed to that version (three queries)."""
    agreed: dict[int, int] = {}
    for field in ("code_of_conduct", "privacy_notice"):
        rows = Registration.objects.filter(edition=edition).values(field).annotate(n=Count("pk")).order_by()
        for row in rows:
            agreed[row[field]] = agreed.get(row[field], 0) + row["n"]
    policies = list(PolicyDocument.objects.filter(edition=edition).order_by("kind", "-version"))
    for policy in policies:
        policy.agreed_count = agreed.get(policy.pk, 0)
    return policies


@dataclass(frozen=True)
class RegistrationFilters:
    """What the organiser filters the registrations list by (empty strings mean "any")."""

    status: str = ""
    country: str = ""
    category: str = ""
    youth: str = ""  # "yes" / "no"
    visa: str = ""  # "yes" / "no"
    search: str = ""

    def querystring_items(self) -> list[tuple[str, str]]:
        fields = (("status", self.status), ("country", self.country), ("category", self.category))
        fields += (("youth", self.youth), ("visa", self.visa), ("q", self.search))
        return [(name, value) for name, value in fields if value]


def registration_list(*, edition: ForumEdition, filters: RegistrationFilters) -> QuerySet[Registration]:
    """The edition's registrations, filtered and searched (name, e-mail, reference, organisation), in number order,
    with the delegate and organisation loaded."""
    registrations = Registration.objects.filter(edition=edition).select_related("edition", "user", "organisation")
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
    request and the full history (actors loaded), in a fixed number of queries. 404 outside the edition."""
    queryset = Registration.objects.select_related(
        "edition", "user", "organisation", "code_of_conduct", "privacy_notice", "visa_request"
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
