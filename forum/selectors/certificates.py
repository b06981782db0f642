"""Reads for the organiser's forum certificates pages (organisers only: youth delegates' names are shown)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from certificates.selectors import certificates_by_source
from certificates.sources import Source

from ..models import ForumEdition, Registration, SessionSpeaker
from ..services.certificates import registration_source_key, speaker_source_key
from .attendance import with_attendance


def approved_delegates_with_certificates(*, edition: ForumEdition) -> list[Registration]:
    """Approved registrations of the edition, each with its attendance (`attended`, `days_checked_in`,
    `has_override`: forum.selectors.attendance.with_attendance) and `.certificate` (or None). Two queries."""
    registrations = list(
        with_attendance(Registration.objects.holding_seat().filter(edition=edition), edition=edition)
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


def registration_source(pk: int) -> Source | None:
    """What a participation certificate ("registration:<pk>") was issued for, with the registration's organiser
    page (certificates.sources; registered in ForumConfig.ready()). One query."""
    registration = Registration.objects.select_related("edition").filter(pk=pk).first()
    if registration is None:
        return None
    edition = registration.edition
    return Source(
        _("Registration %(reference)s, %(edition)s") % {"reference": registration.reference, "edition": edition.title},
        reverse("forum_organiser:registration", args=[edition.slug, pk]),
    )


def speaker_source(pk: int) -> Source | None:
    """What a speaker certificate ("speaker:<pk>") was issued for, with the session's page in the programme editor.
    One query."""
    speaker = SessionSpeaker.objects.select_related("session__edition").filter(pk=pk).first()
    if speaker is None:
        return None
    session = speaker.session
    return Source(
        _("%(role)s of “%(session)s”, %(edition)s")
        % {"role": speaker.get_role_display(), "session": session.title, "edition": session.edition.title},
        reverse("forum_organiser:programme_session", args=[session.edition.slug, session.pk]),
    )
