"""Reads of the organisers' safeguarding page (safeguarding.views.organiser): the officers and the emergency numbers,
never a case (safeguarding.counts gives the only figures of cases they see)."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from forum.models import ForumEdition

from .models import EmergencyContacts, Officer


def officer_list() -> QuerySet[Officer]:
    """Every officer with their account and who named them, and `has_two_factor` (an authenticator app set up, as
    people.permissions.has_two_factor asks): one query for any number of officers."""
    totp = Authenticator.objects.filter(user=OuterRef("user_id"), type=Authenticator.Type.TOTP)
    return Officer.objects.select_related("user", "appointed_by").annotate(has_two_factor=Exists(totp))


def officer_get(*, pk: int) -> Officer:
    """The officer, with their account, or 404."""
    return get_object_or_404(Officer.objects.select_related("user"), pk=pk)


def contacts_default() -> EmergencyContacts | None:
    """The numbers for everything that is not a forum edition (trainings, online), None until they are set."""
    return EmergencyContacts.objects.filter(edition__isnull=True).first()


def editions_with_contacts() -> list[ForumEdition]:
    """Every forum edition, the newest first, each with `contacts` (its EmergencyContacts, or None): one query."""
    editions = list(ForumEdition.objects.select_related("emergency_contacts").order_by("-starts_on", "pk"))
    for edition in editions:
        edition.contacts = getattr(edition, "emergency_contacts", None)
    return editions


def edition_for_contacts(slug: str | None) -> ForumEdition | None:
    """The edition named by `?edition=` (404 for one that does not exist), None for the default numbers."""
    if not slug:
        return None
    if len(slug) > ForumEdition._meta.get_field("slug").max_length:
        raise Http404
    return get_object_or_404(ForumEdition, slug=slug)
