"""Forum certificates: participation for the approved delegates who attended the forum (from its first day; the
rule is forum.selectors.attendance.with_attendance: days checked in at the doors, or an organiser's override), and
speaker certificates for session speakers, registered delegates or invited guests (once the session has begun).
Both are revoked when the registration stops being approved.

`certificates` knows nothing about the forum; this module hands it what a certificate certifies. Source keys:
`registration:<pk>` (participation) and `speaker:<pk>`
(one per SessionSpeaker row). Issuing again returns the valid certificate already issued.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from certificates.models import Certificate
from certificates.services import (
    IssueOutcome,
    certificate_revoke,
    certificates_issue,
    recipient_fields,
    sources_lock,
)
from people.models import User

from ..errors import ForumCertificateError
from ..models import ForumEdition, Registration, SessionSpeaker
from ..selectors.attendance import not_attended_ids

# Kept in the source language (and translated when shown): anyone who verifies the certificate reads it.
NO_LONGER_APPROVED = _("The participation it certifies was cancelled.")


def registration_source_key(registration: Registration | int) -> str:
    return f"registration:{getattr(registration, 'pk', registration)}"


def speaker_source_key(speaker: SessionSpeaker | int) -> str:
    return f"speaker:{getattr(speaker, 'pk', speaker)}"


def _participation(registration: Registration, edition: ForumEdition) -> dict:
    return {
        **recipient_fields(registration.user),
        "kind": Certificate.Kind.FORUM_PARTICIPATION,
        "organisation": registration.organisation,
        "subject_en": edition.title_en,
        "subject_km": edition.title_km,
        "starts_on": edition.starts_on,
        "ends_on": edition.ends_on,
        "hours": None,
        "source_key": registration_source_key(registration),
    }


def _speaker(speaker: SessionSpeaker, edition: ForumEdition) -> dict:
    session = speaker.session
    day = timezone.localtime(session.starts_at, edition.zone).date()
    request = {
        "kind": Certificate.Kind.FORUM_SPEAKER,
        "subject_en": f"{session.title_en} · {edition.title_en}",
        "subject_km": f"{session.title_km or session.title_en} · {edition.title_km or edition.title_en}",
        "starts_on": day,
        "ends_on": day,
        "hours": None,
        "source_key": speaker_source_key(speaker),
    }
    if speaker.registration_id is not None:
        registration = speaker.registration
        return {**request, **recipient_fields(registration.user), "organisation": registration.organisation}
    language = session.language if session.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    return {
        **request,
        "recipient": None,
        "recipient_email": speaker.guest_email,
        "recipient_name_latin": speaker.guest_name,
        "recipient_language": language,
        "organisation": None,
    }


@transaction.atomic
def participation_certificates_issue(
    *, edition: ForumEdition, registration_ids: list[int], by: User | None
) -> IssueOutcome:
    """Participation certificates for the chosen registrations.

    Only from the forum's first day, and only approved registrations of this edition that attended (checked in on
    enough days, or an organiser's override): any other choice refuses the whole batch. The registrations' rows are
    locked first, as the override services lock them, so attendance cannot change under the decision.
    """
    if not edition.has_begun:
        raise ForumCertificateError(
            _("Participation certificates can be issued from the forum's first day, %(day)s.")
            % {"day": date_format(edition.starts_on, "DATE_FORMAT")}
        )
    chosen = Registration.objects.select_related("user", "organisation").filter(edition=edition)
    registrations = sources_lock(chosen, registration_ids)
    if registrations is None:
        raise ForumCertificateError(_("Some of the chosen delegates are not registered for this forum."))
    if not all(registration.holds_seat for registration in registrations):
        raise ForumCertificateError(_("Only approved delegates get a participation certificate."))
    if not_attended_ids(edition=edition, ids=[registration.pk for registration in registrations]):
        raise ForumCertificateError(
            ngettext_lazy(
                "A delegate who was checked in on fewer than %(days)s day, without an organiser's override, gets "
                "no participation certificate.",
                "A delegate who was checked in on fewer than %(days)s days, without an organiser's override, gets "
                "no participation certificate.",
                "days",
            )
            % {"days": edition.days_for_certificate}
        )
    return certificates_issue(requests=[_participation(r, edition) for r in registrations], issued_by=by)


@transaction.atomic
def speaker_certificates_issue(*, edition: ForumEdition, speaker_ids: list[int], by: User | None) -> IssueOutcome:
    """Speaker certificates for the chosen speakers of this edition's sessions (one per speaker row), once their
    session has begun.

    A registered speaker must still be an approved delegate; a guest gets the certificate by e-mail when the
    organiser gave an address (otherwise the organiser prints it).
    """
    chosen = SessionSpeaker.objects.select_related("session", "registration__user", "registration__organisation")
    speakers = sources_lock(chosen.filter(session__edition=edition), speaker_ids)
    if speakers is None:
        raise ForumCertificateError(_("Some of the chosen speakers do not speak at this forum."))
    if not all(speaker.may_receive_certificate for speaker in speakers):
        raise ForumCertificateError(_("A speaker whose registration is not approved gets no certificate."))
    if any(speaker.session.starts_at > timezone.now() for speaker in speakers):
        raise ForumCertificateError(_("A speaker certificate can be issued once the session has begun."))
    return certificates_issue(requests=[_speaker(speaker, edition) for speaker in speakers], issued_by=by)


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
