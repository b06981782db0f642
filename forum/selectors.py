"""Reads about forum editions and registrations, with what each page needs loaded in a fixed number of queries."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django_countries import countries

from people.models import User
from people.permissions import is_organiser

from .models import CountryQuota, ForumEdition, PolicyDocument, Registration, RegistrationEvent


def edition_list_published() -> QuerySet[ForumEdition]:
    """Published editions, the newest first, each with its count of approved delegates (`approved_count`)."""
    return (
        ForumEdition.objects.filter(is_published=True)
        .annotate(approved_count=Count("registrations", filter=Q(registrations__status=Registration.Status.APPROVED)))
        .order_by("-starts_on", "pk")
    )


def edition_get_for_public(*, slug: str, user) -> ForumEdition:
    """The edition with this slug; 404 if there is none, or if it is unpublished and `user` is no organiser."""
    edition = ForumEdition.objects.filter(slug=slug).first()
    if edition is None or (not edition.is_published and not is_organiser(user)):
        raise Http404
    return edition


def edition_current_policies(*, edition: ForumEdition) -> dict[str, PolicyDocument | None]:
    """The newest version of each policy of the edition, by kind (None when an edition has none yet)."""
    current: dict[str, PolicyDocument | None] = dict.fromkeys(PolicyDocument.Kind.values)
    for policy in PolicyDocument.objects.filter(edition=edition).order_by("kind", "-version"):
        if current[policy.kind] is None:
            current[policy.kind] = policy
    return current


def registration_for_user(*, edition: ForumEdition, user: User) -> Registration | None:
    """The person's own registration for the edition (None if they have not registered), with its
    history (`events`, oldest first, actors loaded), policies and visa request."""
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.filter(edition=edition, user=user)
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


def seats_left(*, edition: ForumEdition) -> int:
    approved = Registration.objects.filter(edition=edition, status=Registration.Status.APPROVED).count()
    return max(edition.capacity - approved, 0)


def seats_summary(*, edition: ForumEdition) -> dict:
    """Seats of an edition: capacity, approved, left, and per country (every country with a quota or an
    approved delegate): approved, quota (None without one) and left (limited by the total seats left)."""
    rows = (
        Registration.objects.filter(edition=edition, status=Registration.Status.APPROVED)
        .values("country")
        .annotate(n=Count("pk"))
        .order_by()
    )
    approved_by_country = {row["country"]: row["n"] for row in rows}
    quotas = dict(CountryQuota.objects.filter(edition=edition).values_list("country", "seats"))
    approved = sum(approved_by_country.values())
    left = max(edition.capacity - approved, 0)
    per_country = []
    for code in sorted(set(approved_by_country) | set(quotas), key=lambda c: countries.name(c)):
        country_approved = approved_by_country.get(code, 0)
        quota = quotas.get(code)
        country_left = left if quota is None else min(max(quota - country_approved, 0), left)
        per_country.append(
            {
                "country": code,
                "name": countries.name(code),
                "approved": country_approved,
                "quota": quota,
                "left": country_left,
            }
        )
    return {"capacity": edition.capacity, "approved": approved, "left": left, "countries": per_country}
