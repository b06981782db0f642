"""What a check-in station's device downloads before the doors open: its manifest (the shape is the station
contract's, forum.views.stations), so that it keeps admitting people when the network drops.

Minimum data only: a badge is listed by the SHA-256 of its QR code (never the secret), with the badge's name, band
and country, the person's reference, and the flags the door needs. No e-mail, passport, date of birth, photo, nor
a youth delegate's organisation or family name: a youth delegate appears by the given name only (rules.badge_face),
with their chaperone's name so that the staff see they arrive together. Texts are in the station's language.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation

from ..models import CheckInCredential, SessionSpeaker, Station
from ..rules import badge_face, door_capacity, door_for_person, scan_outcome
from .badges import credential_digest
from .stations import checked_in_map, door_counting, door_signed_up

# A person's status in the manifest, from what a scan of their badge would come to (rules.scan_outcome).
STATUS = {"admitted": "ok", "not_approved": "not_approved", "wrong_day": "wrong_door"}


def _chaperone(registration) -> str:
    details = getattr(registration, "youth_details", None)
    if details is None:
        return ""
    chaperone = details.chaperone_registration
    if chaperone is not None:
        return chaperone.user.get_full_name() or chaperone.user.native_name
    return details.chaperone_name.strip()


def _country(registration, names: dict) -> str:
    code = registration.__dict__["country"]  # the code as stored, without building django_countries' Country
    if code not in names:
        names[code] = str(registration.country.name) if code else ""
    return names[code]


def _station_part(station: Station) -> dict:
    session = None
    if station.session_id is not None:
        capacity, enforced = door_capacity(station.session)
        session = {
            "id": station.session_id,
            "title": station.session.title,
            "room": station.session.room.name,
            "starts_at": station.session.starts_at.isoformat(),
            "capacity": capacity,
            "enforced": enforced,
            "count": door_counting(station).count(),
        }
    walk_in_url = None
    if station.admits_walk_ins:
        walk_in_url = reverse("forum_organiser:walk_ins", kwargs={"slug": station.edition.slug})
    return {
        "id": station.pk,
        "name": station.name,
        "door": "session" if station.session_id else "day",
        "day": station.day.isoformat() if station.day else None,
        "session": session,
        "language": station.language,
        "expires_at": station.expires_at.isoformat(),
        "walk_in_url": walk_in_url,
    }


def station_manifest(*, station: Station) -> dict:
    """The manifest of a station (its edition and session's room loaded): the station, everyone of the edition
    with a valid badge (`status` "ok" when they may pass this door, "not_approved", or "wrong_door" when approved
    but not for this session: scan_outcome decides), the hashes of replaced badges, and who is checked in at the
    door. Two queries at a day door, four at a session door, whatever the number of people."""
    with translation.override(station.language):
        part = _station_part(station)
        credentials = (
            CheckInCredential.objects.filter(registration__edition=station.edition)
            .select_related(
                "registration__user",
                "registration__organisation",
                "registration__youth_details__chaperone_registration__user",
            )
            .annotate(speaks=Exists(SessionSpeaker.objects.filter(registration=OuterRef("registration_id"))))
            .order_by("registration__number", "-created_at")
        )
        signed_up = door_signed_up(station)
        countries: dict[str, str] = {}  # a country's name once, not once a person
        people, replaced = [], []
        for credential in credentials:
            if not credential.is_valid:
                replaced.append(credential_digest(credential.secret))
                continue
            people.append(_person(station, credential, signed_up, countries))
    return {
        "station": part,
        "generated_at": timezone.now().isoformat(),
        "people": people,
        "replaced": replaced,
        "checked_in": checked_in_map(station),
    }


def _person(station: Station, credential: CheckInCredential, signed_up: set[int], countries: dict) -> dict:
    registration = credential.registration
    registration.edition = station.edition  # for `reference`, without a query per person
    face = badge_face(registration, speaks=credential.speaks)
    outcome = scan_outcome(
        known=True,
        approved=registration.holds_seat,
        for_this_door=door_for_person(registration, session=station.session, signed_up=registration.pk in signed_up),
    )
    return {
        "h": credential_digest(credential.secret),
        "ref": registration.reference,
        "name": face.name,
        "latin": face.name_latin,
        "band": face.band.value,
        "words": face.words,
        "country": _country(registration, countries),
        "status": STATUS[outcome],
        "youth": registration.is_youth,
        "chaperone": _chaperone(registration) if registration.is_youth else "",
    }
