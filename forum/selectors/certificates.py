"""Reads for the organiser's forum certificates pages (organisers only: youth delegates' names are shown)."""

from __future__ import annotations

from certificates.selectors import certificates_by_source

from ..models import ForumEdition, Registration, SessionSpeaker
from ..services.certificates import registration_source_key, speaker_source_key


def approved_delegates_with_certificates(*, edition: ForumEdition) -> list[Registration]:
    """Approved registrations of the edition, each with `.certificate` (or None). Two queries."""
    registrations = list(
        Registration.objects.holding_seat()
        .filter(edition=edition)
        .select_related("user", "organisation")
        .order_by("user__family_name", "user__given_name", "pk")
    )
    certificates = certificates_by_source([registration_source_key(r) for r in registrations])
    for registration in registrations:
        registration.edition = edition  # for `reference`, without a query per row
        registration.certificate = certificates.get(registration_source_key(registration))
    return registrations


def speakers_with_certificates(*, edition: ForumEdition) -> list[SessionSpeaker]:
    """Every speaker row of the edition's sessions, by session time, each with `.certificate`. Two queries."""
    speakers = list(
        SessionSpeaker.objects.filter(session__edition=edition)
        .select_related("session", "registration__user", "registration__organisation")
        .order_by("session__starts_at", "session__pk", "role", "position", "pk")
    )
    certificates = certificates_by_source([speaker_source_key(s) for s in speakers])
    for speaker in speakers:
        speaker.certificate = certificates.get(speaker_source_key(speaker))
    return speakers
