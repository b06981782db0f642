"""Spreadsheets of the check-ins (CSV and XLSX through documents.exports, formula-safe): every scan of a day at the
day doors, or of one session at its room door, with the station, the outcome, whether it is the one that counts and
whether it was recorded offline; and the approved delegates' attendance (the days they were checked in, an
override's reason, whether they attended: forum.selectors.attendance.with_attendance). Organisers only."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import ForumEdition
from .sheets import yes_no

PERSON_HEADER = (
    gettext_lazy("Reference"),
    gettext_lazy("Given name"),
    gettext_lazy("Family name"),
    gettext_lazy("Name in own script"),
    gettext_lazy("Category"),
    gettext_lazy("Country represented"),
    gettext_lazy("Organisation"),
    gettext_lazy("Youth delegate"),
)

HEADER = (
    gettext_lazy("Scanned at"),
    gettext_lazy("Received at"),
    gettext_lazy("Day"),
    gettext_lazy("Session"),
    gettext_lazy("Station"),
    gettext_lazy("Outcome"),
    gettext_lazy("Counts as the check-in"),
    gettext_lazy("Recorded offline"),
    gettext_lazy("Found by"),
    *PERSON_HEADER,
)


def _person(registration, edition: ForumEdition) -> tuple:
    """The PERSON_HEADER columns of a registration."""
    user = registration.user
    return (
        f"{edition.reference_prefix}-{registration.number:04d}",
        user.given_name,
        user.family_name,
        user.native_name,
        registration.get_category_display(),
        registration.country.name,
        registration.organisation.name,
        yes_no(registration.is_youth),
    )


def checkin_header(edition: ForumEdition) -> list[str]:
    """The column names; the two times say the forum's time zone."""
    header = [str(label) for label in HEADER]
    header[:2] = [f"{label} ({edition.time_zone_label})" for label in header[:2]]
    return header


def checkin_rows(checkins, *, edition: ForumEdition):
    """One row per scan (forum.selectors.attendance.checkins_for_export), times in the forum's time zone to the
    second; a scan of an unknown badge has no person."""
    zone = edition.zone

    def at(value):
        return timezone.localtime(value, zone).replace(tzinfo=None).isoformat(sep=" ", timespec="seconds")

    for checkin in checkins.iterator(chunk_size=500):
        registration = checkin.registration
        person = ("",) * len(PERSON_HEADER) if registration is None else _person(registration, edition)
        yield (
            at(checkin.scanned_at),
            at(checkin.received_at),
            checkin.day.isoformat(),
            checkin.session.title if checkin.session_id else "",
            checkin.station.name,
            checkin.get_outcome_display(),
            yes_no(checkin.counts),
            yes_no(checkin.offline),
            # A scan that matched no registration was of a badge all the same (an unknown one).
            _("Badge") if checkin.credential_id or registration is None else _("Name or reference"),
            *person,
        )


def delegates_header(edition: ForumEdition) -> list[str]:
    """The people's columns, one column per forum day, then the days counted, the override and the answer."""
    return [
        *(str(label) for label in PERSON_HEADER),
        *(_("Checked in on %(day)s") % {"day": day.isoformat()} for day in edition.days),
        _("Days checked in"),
        _("Organiser's override (reason)"),
        _("Attended"),
    ]


def delegates_rows(registrations, days: dict, *, edition: ForumEdition):
    """One row per approved delegate (forum.selectors.attendance.delegates_attendance)."""
    for registration in registrations.iterator(chunk_size=500):
        came = days.get(registration.pk, set())
        yield (
            *_person(registration, edition),
            *(yes_no(day in came) for day in edition.days),
            registration.days_checked_in,
            registration.override_reason or "",
            yes_no(registration.attended),
        )
