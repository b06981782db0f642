"""Forum certificates: participation for the approved delegates an organiser marks as attended, and speaker
certificates for session speakers (registered delegates or invited guests).

`certificates` knows nothing about the forum; this module hands it what a certificate certifies. Source keys:
`registration:<pk>` (participation; the certificate is the record that the delegate attended) and
`speaker:<pk>` (one per SessionSpeaker row). Issuing again returns the valid certificate already issued.
"""

import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate
from certificates.services import CertificateError, certificate_issue, certificate_revoke
from people.models import User

from .models import ForumEdition, Registration
from .models import SessionSpeaker


class ForumCertificateError(Exception):
    """A certificate could not be issued; `message` is translated and shown on the page."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass
class IssueOutcome:
    issued: list[Certificate] = field(default_factory=list)  # new certificates
    existing: list[Certificate] = field(default_factory=list)  # already there, returned unchanged


def registration_source_key(registration: Registration | int) -> str:
    return f"registration:{getattr(registration, 'pk', registration)}"


def speaker_source_key(speaker: SessionSpeaker | int) -> str:
    return f"speaker:{getattr(speaker, 'pk', speaker)}"


def _valid_keys(keys: list[str]) -> set[str]:
    return set(
        Certificate.objects.filter(source_key__in=keys, status=Certificate.Status.VALID).values_list(
            "source_key", flat=True
        )
    )


def _issue(**kwargs) -> Certificate:
    try:
        return certificate_issue(**kwargs)
    except CertificateError as error:
        raise ForumCertificateError(error.message) from error


def _participation_issue(*, registration: Registration, edition: ForumEdition, by: User | None) -> Certificate:
    user = registration.user
    return _issue(
        kind=Certificate.Kind.FORUM_PARTICIPATION,
        recipient=user,
        recipient_name_latin=user.get_full_name() or user.email,
        recipient_name_native=user.native_name,
        recipient_language=user.language,
        organisation=registration.organisation,
        subject_en=edition.title_en,
        subject_km=edition.title_km,
        starts_on=edition.starts_on,
        ends_on=edition.ends_on,
        hours=None,
        source_key=registration_source_key(registration),
        issued_by=by,
    )


@transaction.atomic
def participation_certificates_issue(
    *, edition: ForumEdition, registration_ids: list[int], by: User | None
) -> IssueOutcome:
    """Participation certificates for the chosen registrations, which the organiser marks as attended.

    Only approved registrations of this edition qualify; any other choice refuses the whole batch.
    """
    # Locked in pk order: parallel issues for the same delegates wait, so the "already issued" count is exact.
    registrations = list(
        Registration.objects.select_related("user", "organisation")
        .select_for_update(of=("self",))
        .filter(edition=edition, pk__in=registration_ids)
        .order_by("pk")
    )
    if not edition.has_begun:
        raise ForumCertificateError(
            _("Participation certificates can be issued from the forum's first day, %(day)s.")
            % {"day": date_format(edition.starts_on, "DATE_FORMAT")}
        )
    if len(registrations) != len(set(registration_ids)):
        raise ForumCertificateError(_("Some of the chosen delegates are not registered for this forum."))
    if any(registration.status != Registration.Status.APPROVED for registration in registrations):
        raise ForumCertificateError(_("Only approved delegates get a participation certificate."))
    valid_before = _valid_keys([registration_source_key(r) for r in registrations])
    outcome = IssueOutcome()
    for registration in registrations:
        certificate = _participation_issue(registration=registration, edition=edition, by=by)
        (outcome.existing if registration_source_key(registration) in valid_before else outcome.issued).append(
            certificate
        )
    return outcome


def _speaker_issue(*, speaker: SessionSpeaker, edition: ForumEdition, by: User | None) -> Certificate:
    session = speaker.session
    day = session.starts_at.astimezone(zoneinfo.ZoneInfo(edition.time_zone)).date()
    subject = {
        "subject_en": f"{session.title_en} · {edition.title_en}",
        "subject_km": f"{session.title_km or session.title_en} · {edition.title_km or edition.title_en}",
        "starts_on": day,
        "ends_on": day,
        "hours": None,
        "source_key": speaker_source_key(speaker),
        "issued_by": by,
        "kind": Certificate.Kind.FORUM_SPEAKER,
    }
    if speaker.registration_id is not None:
        registration = speaker.registration
        user = registration.user
        return _issue(
            recipient=user,
            recipient_name_latin=user.get_full_name() or user.email,
            recipient_name_native=user.native_name,
            recipient_language=user.language,
            organisation=registration.organisation,
            **subject,
        )
    language = session.language if session.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    return _issue(
        recipient=None,
        recipient_email=speaker.guest_email,
        recipient_name_latin=speaker.guest_name,
        recipient_language=language,
        organisation=None,
        **subject,
    )


@transaction.atomic
def speaker_certificates_issue(*, edition: ForumEdition, speaker_ids: list[int], by: User | None) -> IssueOutcome:
    """Speaker certificates for the chosen speakers of this edition's sessions (one per speaker row).

    A registered speaker must still be an approved delegate; a guest gets the certificate by e-mail when the
    organiser gave an address (otherwise the organiser prints it).
    """
    speakers = list(
        SessionSpeaker.objects.select_related("session", "registration__user", "registration__organisation")
        .select_for_update(of=("self",))
        .filter(session__edition=edition, pk__in=speaker_ids)
        .order_by("pk")
    )
    if len(speakers) != len(set(speaker_ids)):
        raise ForumCertificateError(_("Some of the chosen speakers do not speak at this forum."))
    if any(s.registration_id and s.registration.status != Registration.Status.APPROVED for s in speakers):
        raise ForumCertificateError(_("A speaker whose registration is not approved gets no certificate."))
    if any(s.session.starts_at > timezone.now() for s in speakers):
        raise ForumCertificateError(_("A speaker certificate can be issued once the session has begun."))
    valid_before = _valid_keys([speaker_source_key(s) for s in speakers])
    outcome = IssueOutcome()
    for speaker in speakers:
        certificate = _speaker_issue(speaker=speaker, edition=edition, by=by)
        (outcome.existing if speaker_source_key(speaker) in valid_before else outcome.issued).append(certificate)
    return outcome


# Kept in the source language (and translated when shown): anyone who verifies the certificate reads it.
NO_LONGER_APPROVED = _("The participation it certifies was cancelled.")


def registration_certificates_revoke(*, registration: Registration, by: User | None) -> list[Certificate]:
    """Revoke the valid participation and speaker certificates of a registration that is no longer approved (in
    the caller's transaction). The public reason says only that the participation was cancelled."""
    keys = [registration_source_key(registration)]
    keys += [speaker_source_key(pk) for pk in registration.speaking.values_list("pk", flat=True)]
    certificates = list(Certificate.objects.filter(source_key__in=keys, status=Certificate.Status.VALID))
    with translation.override(settings.LANGUAGE_CODE):
        reason = str(NO_LONGER_APPROVED)
    for certificate in certificates:
        certificate_revoke(certificate=certificate, reason=reason, by=by)
    return certificates
