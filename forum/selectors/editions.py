"""Reads about forum editions: public lists and pages, the organisers' lists, policy versions, seats (the numbers
come from forum.services.seats, the only seat arithmetic)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from people.permissions import is_organiser

from ..models import CountryQuota, ForumEdition, PolicyDocument, Registration
from ..services.seats import Seats, with_seats_left

Status = Registration.Status


def edition_list_published() -> QuerySet[ForumEdition]:
    """Published editions, the newest first, each with `approved_count` and `seats_left`."""
    return with_seats_left(ForumEdition.objects.filter(is_published=True)).order_by("-starts_on", "pk")


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


def edition_current_policy(*, edition: ForumEdition, kind: str) -> PolicyDocument | None:
    return PolicyDocument.objects.filter(edition=edition, kind=kind).order_by("-version").first()


def seats_left(*, edition: ForumEdition) -> int:
    return Seats.read(edition, with_quotas=False).left


def seats_summary(*, edition: ForumEdition) -> dict:
    """Seats of an edition for the organisers' pages: forum.services.seats.Seats.summary."""
    return Seats.read(edition).summary()


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


def editions_upcoming(*, limit: int = 3) -> list[ForumEdition]:
    """Published editions that have not ended yet, soonest first (one query, for the home page)."""
    today = timezone.localdate()
    return list(ForumEdition.objects.filter(is_published=True, ends_on__gte=today).order_by("starts_on", "pk")[:limit])


def editions_for_programme_menu(*, limit: int = 3) -> list[ForumEdition]:
    """Editions that have not ended a month ago, soonest first (one query), for the organisers' side menu."""
    since = timezone.localdate() - datetime.timedelta(days=30)
    return list(
        ForumEdition.objects.filter(ends_on__gte=since)
        .order_by("starts_on", "pk")
        .only("slug", "title_en", "title_km")[:limit]
    )
