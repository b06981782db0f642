"""Reads about youth delegates: consent links, the organiser's view of a minor, the document access log."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ..models import ConsentDocumentAccess, ConsentLink, GuardianConsent, Registration, YouthDetails
from ..rules import youth_approval_blockers

LINK_SALT = "forum.youth.consent-link"


def link_signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=LINK_SALT)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class LinkLookup:
    """What a consent link token leads to. `state` is one of valid, expired, used, unknown; `link` is set for the
    first three (never shown for anything but a valid link)."""

    state: str
    link: ConsentLink | None = None

    @property
    def expired(self) -> bool:
        return self.state == "expired"


def consent_link_lookup(*, token: str) -> LinkLookup:
    """The link a token names, checked: signature, age (settings.FORUM_YOUTH_CONSENT_LINK_MAX_AGE), not used, not
    replaced by a newer link. The youth delegate, registration, edition and delegate are loaded."""
    signer = link_signer()
    expired = False
    try:
        secret = signer.unsign(token, max_age=settings.FORUM_YOUTH_CONSENT_LINK_MAX_AGE)
    except signing.SignatureExpired:
        expired = True
        try:
            secret = signer.unsign(token)
        except signing.BadSignature:
            return LinkLookup("unknown")
    except signing.BadSignature:
        return LinkLookup("unknown")
    link = (
        ConsentLink.objects.select_related(
            "youth__registration__edition", "youth__registration__user", "youth__registration__organisation"
        )
        .filter(secret_hash=secret_hash(secret))
        .first()
    )
    if link is None:
        return LinkLookup("unknown")
    if link.used_at is not None or link.revoked_at is not None:
        return LinkLookup("used", link)
    if expired or link.expires_at <= timezone.now():
        return LinkLookup("expired", link)
    return LinkLookup("valid", link)


def youth_details_for(*, registration: Registration) -> YouthDetails | None:
    """The youth details of a registration with its consent history (recorders loaded) and the chaperone's
    registration, or None (two queries)."""
    if not registration.is_youth:
        return None
    return (
        YouthDetails.objects.select_related("chaperone_registration__user", "chaperone_registration__edition")
        .prefetch_related(
            Prefetch("consents", queryset=GuardianConsent.objects.select_related("recorded_by").order_by("created_at"))
        )
        .filter(registration=registration)
        .first()
    )


def youth_details_on_file(*, registration: Registration) -> bool:
    """Whether a youth registration already has its guardian's details on file (the edit form then keeps what is
    on file for every field left empty)."""
    return registration.is_youth and YouthDetails.objects.filter(registration=registration).exists()


def youth_latest_link(*, youth: YouthDetails) -> ConsentLink | None:
    return ConsentLink.objects.filter(youth=youth).order_by("-created_at", "-pk").first()


def consent_document_get(*, registration: Registration, consent_pk: int) -> GuardianConsent:
    """A consent record of this youth registration that has a document (404 otherwise)."""
    return get_object_or_404(
        GuardianConsent.objects.select_related("youth__registration"),
        pk=consent_pk,
        youth__registration=registration,
        youth__registration__is_youth=True,
    )


def consent_document_accesses(*, registration: Registration) -> QuerySet[ConsentDocumentAccess]:
    """Every opening or download of this registration's consent documents, newest first, with who did it."""
    return (
        ConsentDocumentAccess.objects.filter(consent__youth__registration=registration)
        .select_related("user", "consent")
        .order_by("-created_at", "-pk")
    )


def youth_panel(*, registration: Registration) -> dict:
    """What the organiser's registration page shows about a youth delegate: the details with their consent
    history, what still blocks approval, the latest link and the last 50 openings of the consent documents."""
    youth = youth_details_for(registration=registration)
    return {
        "youth": youth,
        "youth_blockers": youth_approval_blockers(registration=registration),
        "youth_latest_link": youth_latest_link(youth=youth) if youth else None,
        "youth_accesses": list(consent_document_accesses(registration=registration)[:50]),
    }
