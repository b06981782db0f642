"""Reads about badges: the organisers' list of an edition's badges, the registrations a badge job prints or
e-mails, and what a scanned QR code stands for (for the check-in stations).

Everyone who wears a badge has an approved registration: delegates, and the invited guests and organiser staff that
organisers add (forum.services.guests). What a badge shows is forum.rules.badge_face.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery

from ..models import CheckIn, CheckInCredential, ForumEdition, Registration, SessionSpeaker
from ..rules import badge_face

Outcome = CheckIn.Outcome


def speaks_q() -> Exists:
    """The registration speaks at or moderates a session (forum.rules.badge_bands' `speaks`), as an annotation."""
    return Exists(SessionSpeaker.objects.filter(registration=OuterRef("pk")))


def _valid_credentials() -> CheckInCredential:
    return CheckInCredential.objects.filter(registration=OuterRef("pk"), revoked_at__isnull=True)


def with_checkin_secret(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    """Registrations annotated with `checkin_secret`: their valid credential's secret (None without one), in the
    same query. Only for the delegate's own registration and the organisers."""
    return registrations.annotate(checkin_secret=Subquery(_valid_credentials().values("secret")[:1]))


def badge_rows(*, edition: ForumEdition) -> list[Registration]:
    """The edition's approved registrations (everyone with a badge), by name, each with `face` (what the badge
    shows) and `badge_issued_at` (when its valid credential was issued; None without one). One query."""
    registrations = list(
        Registration.objects.holding_seat()
        .filter(edition=edition)
        .select_related("user", "organisation")
        .annotate(speaks=speaks_q(), badge_issued_at=Subquery(_valid_credentials().values("created_at")[:1]))
        .order_by("user__family_name", "user__given_name", "pk")
    )
    for registration in registrations:
        registration.edition = edition  # for `reference`, without a query per row
        registration.face = badge_face(registration, speaks=registration.speaks)
    return registrations


def badge_ids(*, edition: ForumEdition) -> list[int]:
    """The ids of everyone with a badge in the edition now (its approved registrations), for a job over everyone:
    chosen on the server, so that a forum of thousands is not a form of thousands of fields. One query."""
    return list(Registration.objects.holding_seat().filter(edition=edition).values_list("pk", flat=True))


def badge_registration_for_organiser(*, edition: ForumEdition, pk: int) -> Registration | None:
    """One approved registration of the edition with its face (for the reissue page); None outside it."""
    registration = (
        Registration.objects.holding_seat()
        .filter(edition=edition, pk=pk)
        .select_related("user", "organisation")
        .annotate(speaks=speaks_q())
        .first()
    )
    if registration is not None:
        registration.edition = edition
        registration.face = badge_face(registration, speaks=registration.speaks)
    return registration


def badge_items(ids: Iterable[int], *, approved_only: bool) -> QuerySet[Registration]:
    """The registrations among `ids` as a badge job needs them (documents.kinds: print and e-mail jobs): with the
    person, organisation, edition, `speaks` and `valid_credentials` (a list, empty or one), by family name as a desk
    hands badges out. Two queries."""
    registrations = Registration.objects.filter(pk__in=list(ids))
    if approved_only:
        registrations = registrations.holding_seat()
    return (
        registrations.select_related("user", "organisation", "edition")
        .annotate(speaks=speaks_q())
        .prefetch_related(
            Prefetch(
                "credentials",
                queryset=CheckInCredential.objects.filter(revoked_at__isnull=True),
                to_attr="valid_credentials",
            )
        )
        .order_by("user__family_name", "user__given_name", "pk")
    )


def credential_digest(secret: str) -> str:
    """What a station's manifest lists instead of a secret (forum.models.venue): its SHA-256, in hex."""
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class CredentialCheck:
    """What a scanned secret stands for at an edition's door: `refusal` is None when the badge is good (the station
    still decides the day or session), else UNKNOWN, REPLACED (a reissued badge's old QR) or NOT_APPROVED."""

    refusal: str | None
    credential: CheckInCredential | None = None
    registration: Registration | None = None


def credential_check(*, edition: ForumEdition, secret: str) -> CredentialCheck:
    """Whether a scanned QR code's text is a valid badge of `edition`. One query. Another edition's badge is as
    unknown as a made-up one; the person behind a revoked credential is named (the desk can tell them their badge
    was replaced) but not admitted."""
    credential = (
        CheckInCredential.objects.filter(secret=secret.strip(), registration__edition=edition)
        .select_related("registration__user")
        .first()
        if secret and len(secret) <= CheckInCredential._meta.get_field("secret").max_length
        else None
    )
    if credential is None:
        return CredentialCheck(Outcome.UNKNOWN)
    registration = credential.registration
    if not credential.is_valid:
        return CredentialCheck(Outcome.REPLACED, credential, registration)
    if not registration.holds_seat:
        return CredentialCheck(Outcome.NOT_APPROVED, credential, registration)
    return CredentialCheck(None, credential, registration)
