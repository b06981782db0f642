"""The forum's rules, each decided here once and asked by services, views, templates and exports.

- The life cycle of a registration: `Registration.TRANSITIONS` on the model (a cheap question templates ask as
  `registration.can_be_cancelled`), enforced by `require`.
- The registration window of an edition: `registration_window`, `window_check`.
- What a delegate may still change: `delegate_may_change`.
- What stops a youth delegate from being approved: `youth_approval_blockers` (one registration) and
  `youth_ready_q` (the same rule as a query); where a youth delegate's consent stands, as a query:
  `youth_consent_state`.
- Whether a visa letter is there for the delegate: `letter_available`, `letter_ready` and `letter_ready_q` (the
  same rule as a query); which letters are outstanding: `letter_outstanding_q`.
- Whether a seat fits lives with the only seat arithmetic: `forum.services.seats.Seats.fits`.
- What a badge shows: `badge_bands` (youth wins) and `badge_face` (a youth delegate's: the given name only).
- Who may register from the forum's own page: `self_registration_check`. Everything else about nominations lives in
  forum.nomination_rules (an invitation's link, what a nominator may do, the coarse states they see).
- At a check-in station's door: `door_day`, `door_capacity`, `door_for_person` and `scan_outcome` (what a scan
  comes to; the sync and the stations' manifest ask it).
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass

from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .errors import InvalidTransition, RegistrationClosed, RegistrationNotOpen
from .models import CheckIn, ForumEdition, Participation, Registration, YouthDetails


def require(registration: Registration, action: str) -> None:
    """Raise InvalidTransition unless the life cycle lets `action` start from the registration's status."""
    if not registration.can(action):
        raise InvalidTransition(
            _("The registration %(reference)s is %(status)s: it cannot be changed this way.")
            % {"reference": registration.reference, "status": registration.get_status_display()}
        )


class Window(enum.StrEnum):
    NOT_OPEN = "not_open"
    OPEN = "open"
    CLOSED = "closed"

    @property
    def is_open(self) -> bool:
        return self == Window.OPEN

    @property
    def is_not_open_yet(self) -> bool:
        return self == Window.NOT_OPEN


def registration_window(edition: ForumEdition, now: datetime.datetime | None = None) -> Window:
    """Where an edition's registration stands: not open yet, open, or closed (an unpublished edition is closed)."""
    now = now or timezone.now()
    if not edition.is_published or now >= edition.registration_closes_at:
        return Window.CLOSED
    if now < edition.registration_opens_at:
        return Window.NOT_OPEN
    return Window.OPEN


def window_check(edition: ForumEdition) -> None:
    """Raise RegistrationNotOpen or RegistrationClosed unless the edition takes registrations now."""
    window = registration_window(edition)
    if window == Window.OPEN:
        return
    if not edition.is_published:
        raise RegistrationClosed(_("This forum is not open for registration."))
    raise RegistrationNotOpen() if window == Window.NOT_OPEN else RegistrationClosed()


def self_registration_check(edition: ForumEdition) -> None:
    """window_check, and the edition takes registrations from anyone (not by nomination only)."""
    window_check(edition)
    if not edition.takes_self_registration:
        raise RegistrationClosed(
            _(
                "This forum takes delegates by nomination only: ask your country's or your organisation's focal point "
                "for a personal invitation."
            )
        )


def within_forum_days(edition: ForumEdition, starts_at: datetime.datetime, ends_at: datetime.datetime) -> bool:
    """A session's times fall on the forum's days, in the forum's time zone."""
    first, last = timezone.localtime(starts_at, edition.zone).date(), timezone.localtime(ends_at, edition.zone).date()
    return edition.starts_on <= first and last <= edition.ends_on


def delegate_may_change(registration: Registration, now: datetime.datetime | None = None) -> bool:
    """A delegate changes their own registration while it is active and registration has not closed (organisers
    may change it at any time)."""
    return registration.is_active and (now or timezone.now()) < registration.edition.registration_closes_at


def youth_approval_blockers(*, registration: Registration) -> list[str]:
    """What still stops a youth delegate from being approved, as translated sentences: empty for adults and for a
    youth delegate whose guardian consented to participation and who has a chaperone (the rule of youth_ready_q)."""
    if not registration.is_youth:
        return []
    details = YouthDetails.objects.filter(registration_id=registration.pk).first() if registration.pk else None
    blockers = []
    if details is None or not details.consent_given:
        state = Participation(details.participation if details else Participation.PENDING)
        blockers.append(
            _("The parent's or guardian's consent to participation is missing (%(state)s).")
            % {"state": state.label.lower()}
        )
    if details is None or not details.has_chaperone:
        blockers.append(_("No chaperone is recorded."))
    return blockers


def youth_ready_q(prefix: str = "") -> Q:
    """Registrations that nothing stops from being approved on the youth side: adults, and youth delegates with the
    guardian's consent to participation and a chaperone (the rule of youth_approval_blockers, as a query)."""
    details = f"{prefix}youth_details__"
    chaperone = Q(**{f"{details}chaperone_registration__isnull": False}) | ~Q(**{f"{details}chaperone_name": ""})
    return Q(**{f"{prefix}is_youth": False}) | (Q(**{f"{details}participation": Participation.GIVEN}) & chaperone)


def youth_consent_state(prefix: str = "") -> Coalesce:
    """Where a youth registration's consent to participation stands, as an SQL expression (a Participation value):
    the details' state, pending while no details are on file (as youth_approval_blockers reads it)."""
    return Coalesce(F(f"{prefix}youth_details__participation"), Value(Participation.PENDING))


def letter_available(registration: Registration) -> bool:
    """A visa letter exists for an approved registration that asked for one and gave passport details (organisers
    can open it while changed details wait for their review; the delegate cannot: letter_ready)."""
    return (
        registration.holds_seat
        and registration.needs_visa_letter
        and getattr(registration, "visa_request", None) is not None
    )


def letter_ready(registration: Registration) -> bool:
    """The delegate can download their visa letter: it exists and no changed details wait for the organisers."""
    return letter_available(registration) and not registration.visa_request.needs_review


def letter_ready_q(prefix: str = "") -> Q:
    """Registrations whose delegate can download their visa letter (the rule of letter_ready, as a query)."""
    return Q(
        **{
            f"{prefix}status": Registration.Status.APPROVED,
            f"{prefix}needs_visa_letter": True,
            f"{prefix}visa_request__isnull": False,
            f"{prefix}visa_request__needs_review": False,
        }
    )


def letter_outstanding_q(prefix: str = "") -> Q:
    """Active registrations that asked for a visa letter the delegate can not download yet: waiting for a decision,
    for passport details or for the organisers' review of changed details. None once the edition's passport details
    are erased after the forum (privacy.retention): no letter is outstanding then."""
    active = Q(
        **{
            f"{prefix}status__in": Registration.ACTIVE_STATUSES,
            f"{prefix}needs_visa_letter": True,
            f"{prefix}edition__passports_erased_at__isnull": True,
        }
    )
    return active & ~letter_ready_q(prefix)


class Band(enum.StrEnum):
    """The band a badge wears, in colour and in words. When two apply, the first of these wins: a youth speaker
    wears the youth band (with "speaker" in words)."""

    YOUTH = "youth"
    ORGANISER = "organiser"
    SPEAKER = "speaker"
    MEDIA = "media"
    DELEGATE = "delegate"


def badge_bands(registration: Registration, *, speaks: bool) -> list[Band]:
    """Every band that applies to a registration, the one the badge wears first. `speaks`: the delegate is a
    speaker or moderator of a session (the caller knows it from its own query)."""
    bands = []
    if registration.is_youth:
        bands.append(Band.YOUTH)
    if registration.category == Registration.Category.STAFF:
        bands.append(Band.ORGANISER)
    if speaks:
        bands.append(Band.SPEAKER)
    if registration.category == Registration.Category.MEDIA:
        bands.append(Band.MEDIA)
    return bands or [Band.DELEGATE]


# The band's words, printed on it in the badge's language: the colour is never the only sign.
BAND_WORDS = {
    Band.YOUTH: pgettext_lazy("badge band", "Youth"),
    Band.ORGANISER: pgettext_lazy("badge band", "Organiser"),
    Band.SPEAKER: pgettext_lazy("badge band", "Speaker"),
    Band.MEDIA: pgettext_lazy("badge band", "Media"),
    Band.DELEGATE: pgettext_lazy("badge band", "Delegate"),
}


@dataclass(frozen=True)
class BadgeFace:
    """What a badge shows besides its QR code: `name` in the person's own script (else in Latin letters) and
    `name_latin` below it when the first line is in another script; the organisation; the country represented; the
    bands, the first one the badge's colour, every one in words (`words`)."""

    name: str
    name_latin: str
    organisation: str
    country: object  # django_countries' Country: its name follows the language the badge is printed in
    bands: tuple[Band, ...]

    @property
    def band(self) -> Band:
        return self.bands[0]

    @property
    def words(self) -> list[str]:
        return [str(BAND_WORDS[band]) for band in self.bands]


def badge_face(registration: Registration, *, speaks: bool) -> BadgeFace:
    """What the registration's badge shows (`speaks` as for badge_bands). A youth delegate's badge shows the given
    name only (in Latin letters, as typed: their own script holds the whole name), no organisation, and the youth
    band, whatever their guardian agreed to show publicly; no badge carries a photo."""
    user = registration.user
    bands = tuple(badge_bands(registration, speaks=speaks))
    if registration.is_youth:
        name = user.given_name.strip() or str(_("Youth delegate"))
        return BadgeFace(name=name, name_latin="", organisation="", country=registration.country, bands=bands)
    latin, native = user.get_full_name().strip(), user.native_name.strip()
    name, name_latin = (native, latin) if native and native != latin else (latin or native, "")
    return BadgeFace(
        name=name,
        name_latin=name_latin,
        organisation=registration.organisation.name,
        country=registration.country,
        bands=bands,
    )


# --- At the door: what a check-in station decides (forum.services.checkins, forum.selectors.stations) ----------


def door_day(edition: ForumEdition, *, day: datetime.date | None, session) -> datetime.date:
    """The day a station's door admits for: its own day (a day door), or its session's date in the forum's time
    zone (a session door)."""
    return day if session is None else timezone.localtime(session.starts_at, edition.zone).date()


def door_capacity(session) -> tuple[int | None, bool]:
    """(capacity, enforced) of a door: a day door has none; a session with sign-up holds its sign-up places and
    its door admits no more; an open session shows its room's capacity as a guide for the staff, not enforced (a
    plenary hall takes people standing)."""
    if session is None:
        return None, False
    if session.requires_signup:
        return session.signup_capacity, True
    return session.room.capacity, False


def door_for_person(registration: Registration, *, session, signed_up: bool) -> bool:
    """The door is this person's: every day door and every open session's door admits an approved registration;
    a session with sign-up admits those who signed up for it."""
    return session is None or not session.requires_signup or signed_up


def scan_outcome(
    *,
    known: bool,
    replaced: bool = False,
    approved: bool = False,
    for_this_door: bool = False,
    already: bool = False,
    full: bool = False,
) -> str:
    """What one scan (or typed look-up) at a door comes to, a CheckIn.Outcome; the one place the order of the
    refusals is decided. `known`: the badge or reference is one of the edition's; `replaced`: the badge was
    reissued (its old QR code); `approved`: the registration holds its place now; `for_this_door`: the door and the
    day are this person's (door_for_person, and the scan made on the door's day); `already`: a check-in that counts
    exists at this door (the first one to reach the server); `full`: the door's capacity is enforced and reached."""
    Outcome = CheckIn.Outcome
    if not known:
        return Outcome.UNKNOWN
    if replaced:
        return Outcome.REPLACED
    if not approved:
        return Outcome.NOT_APPROVED
    if not for_this_door:
        return Outcome.WRONG_DAY
    if already:
        return Outcome.ALREADY
    if full:
        return Outcome.FULL
    return Outcome.ADMITTED
