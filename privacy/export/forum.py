"""forum.json of a person's own data, and the signed consent forms of their youth registrations (consent/...).
Written in the person's language (the caller's translation.override)."""

from __future__ import annotations

from forum.models import GuardianConsent, Nomination, Nominator, Registration, VisaRequest, YouthDetails

from .selectors import OwnRecords
from .values import choice, country, when


def consent_file_name(registration: Registration, consent: GuardianConsent) -> str:
    """Where a signed consent form goes in the archive (named as the organisers' download names it)."""
    extension = consent.document.name.rsplit(".", 1)[-1]
    return f"consent/{registration.reference}-consent-{consent.pk}.{extension}"


def consent_documents(records: OwnRecords) -> list[tuple[str, GuardianConsent]]:
    """(name in the archive, consent) of every signed form still kept for the person's youth registrations."""
    return [
        (consent_file_name(registration, consent), consent)
        for registration in records.registrations
        if _youth(registration) is not None
        for consent in registration.youth_details.consents.all()
        if consent.document
    ]


def _youth(registration: Registration) -> YouthDetails | None:
    try:
        return registration.youth_details
    except YouthDetails.DoesNotExist:
        return None


def _visa(registration: Registration) -> dict | None:
    try:
        visa = registration.visa_request
    except VisaRequest.DoesNotExist:
        return None
    return {
        "passport_name": visa.passport_name,
        "nationality": country(visa.nationality),
        "passport_number": visa.passport_number,
        "passport_expiry": when(visa.passport_expiry),
        "waits_for_review": visa.needs_review,
        "changed_at": when(visa.changed_at),
        "reviewed_at": when(visa.reviewed_at),
    }


def _consent(registration: Registration, consent: GuardianConsent) -> dict:
    return {
        "how": choice(consent, "method"),
        "participation": choice(consent, "participation"),
        "name_may_be_shown": consent.name_consent,
        "may_be_photographed": consent.photo_consent,
        "consent_text_version": consent.text_version,
        "signed_by": consent.signed_name,
        "signed_form": consent_file_name(registration, consent) if consent.document else None,
        "at": when(consent.created_at),
    }


def _youth_details(registration: Registration) -> dict | None:
    youth = _youth(registration)
    if youth is None:
        return None
    chaperone = youth.chaperone_registration
    return {
        "date_of_birth": when(youth.date_of_birth),
        "guardian": {
            "name": youth.guardian_name,
            "relationship": choice(youth, "guardian_relationship"),
            "email": youth.guardian_email,
            "phone": youth.guardian_phone,
            "language": choice(youth, "guardian_language"),
        },
        "chaperone": {
            "name": youth.chaperone_name,
            "phone": youth.chaperone_phone,
            "email": youth.chaperone_email,
            # Another person's registration: its reference only.
            "registration": chaperone.reference if chaperone else None,
        },
        "participation": choice(youth, "participation"),
        "name_may_be_shown": youth.name_consent,
        "may_be_photographed": youth.photo_consent,
        "consent_given_at": when(youth.consent_given_at),
        "details_deleted_at": when(youth.purged_at),
        "guardian_decisions": [_consent(registration, consent) for consent in youth.consents.all()],
    }


def _history(registration: Registration, user) -> list[dict]:
    return [
        {
            "from": choice(event, "from_status"),
            "to": choice(event, "to_status"),
            "at": when(event.created_at),
            "by_you": event.actor_id == user.pk,
            "reason": event.reason,
        }
        for event in registration.events.all()
    ]


def _checkins(registration: Registration) -> list[dict]:
    return [
        {
            "day": when(checkin.day),
            "session": checkin.session.title if checkin.session else None,
            "station": checkin.station.name,
            "scanned_at": when(checkin.scanned_at),
            "outcome": choice(checkin, "outcome"),
            "counts": checkin.counts,
            "recorded_offline": checkin.offline,
        }
        for checkin in registration.checkins.all()
    ]


def _overrides(registration: Registration) -> list[dict]:
    return [
        {
            "reason": override.reason,
            "recorded_at": when(override.created_at),
            "removed_at": when(override.removed_at),
            "reason_for_removing_it": override.removal_reason,
        }
        for override in registration.attendance_overrides.all()
    ]


def _registration(registration: Registration, user) -> dict:
    edition = registration.edition
    return {
        "edition": {"title": edition.title, "starts_on": when(edition.starts_on), "ends_on": when(edition.ends_on)},
        "reference": registration.reference,
        "number": registration.number,
        "status": choice(registration, "status"),
        "category": choice(registration, "category"),
        "organisation": registration.organisation.name,
        "position": registration.position,
        "country_represented": country(registration.country),
        "youth_delegate": registration.is_youth,
        "dietary_needs": registration.dietary_needs,
        "accessibility_needs": registration.accessibility_needs,
        "agrees_to_be_photographed": registration.photo_consent,
        "code_of_conduct_version": registration.code_of_conduct.version,
        "privacy_notice_version": registration.privacy_notice.version,
        "needs_visa_letter": registration.needs_visa_letter,
        "submitted_at": when(registration.created_at),
        "updated_at": when(registration.updated_at),
        "status_changed_at": when(registration.status_changed_at),
        "visa_request": _visa(registration),
        "youth_details": _youth_details(registration),
        "history": _history(registration, user),
        "check_ins": _checkins(registration),
        "attendance_overrides": _overrides(registration),
        "agenda": [
            {
                "session": item.session.title,
                "starts_at": when(item.session.starts_at),
                "ends_at": when(item.session.ends_at),
                "room": item.session.room.name,
                "added_at": when(item.created_at),
            }
            for item in registration.agenda.all()
        ],
        "speaker_roles": [
            {
                "session": speaker.session.title,
                "starts_at": when(speaker.session.starts_at),
                "role": choice(speaker, "role"),
            }
            for speaker in registration.speaking.all()
        ],
    }


def _nomination(nomination: Nomination) -> dict:
    return {
        "edition": nomination.edition.title,
        "delegation": nomination.nominator.delegation_name,
        "name": nomination.name,
        "email": nomination.email,
        "language": choice(nomination, "language"),
        "status": choice(nomination, "status"),
        "head_of_delegation": nomination.is_head,
        "registration": nomination.registration.reference if nomination.registration else None,
        "invited_at": when(nomination.created_at),
        "last_sent_at": when(nomination.sent_at),
        "times_sent": nomination.times_sent,
        "status_changed_at": when(nomination.status_changed_at),
    }


def _nominator(nominator: Nominator) -> dict:
    return {
        "edition": nominator.edition.title,
        "kind": choice(nominator, "kind"),
        "country": country(nominator.country),
        "organisation": nominator.organisation.name if nominator.organisation else None,
        "places": nominator.places,
        "deadline": when(nominator.deadline),
        "named_at": when(nominator.created_at),
    }


def forum_data(records: OwnRecords) -> dict:
    """forum.json: the person's registrations (with what hangs on each), the nominations that named them and their
    roles as a nominator."""
    return {
        "registrations": [_registration(registration, records.user) for registration in records.registrations],
        "nominations_of_you": [_nomination(nomination) for nomination in records.nominations],
        "nominator_roles": [_nominator(nominator) for nominator in records.nominator_roles],
    }
