"""Spreadsheets of the organisers' registrations list (CSV and XLSX through documents.exports, formula-safe):
the list as filtered, and the passport details of those who asked for a visa letter (organisers only)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import ForumEdition

REGISTRATION_HEADER = (
    gettext_lazy("Reference"),
    gettext_lazy("Status"),
    gettext_lazy("Given name"),
    gettext_lazy("Family name"),
    gettext_lazy("Name in own script"),
    gettext_lazy("E-mail"),
    gettext_lazy("Category"),
    gettext_lazy("Organisation"),
    gettext_lazy("Position"),
    gettext_lazy("Country represented"),
    gettext_lazy("Youth delegate"),
    gettext_lazy("Dietary needs"),
    gettext_lazy("Accessibility needs"),
    gettext_lazy("Photo consent"),
    gettext_lazy("Visa letter"),
    gettext_lazy("Nominated by the delegation of"),
    gettext_lazy("Submitted at"),
    gettext_lazy("Status changed at"),
)


VISA_HEADER = (
    gettext_lazy("Reference"),
    gettext_lazy("Status"),
    gettext_lazy("E-mail"),
    gettext_lazy("Name as in passport"),
    gettext_lazy("Nationality"),
    gettext_lazy("Passport number"),
    gettext_lazy("Passport expiry date"),
    gettext_lazy("Country represented"),
    gettext_lazy("Organisation"),
)


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def registration_header(edition: ForumEdition) -> list[str]:
    """The list's column names; the two times say the forum's time zone."""
    header = [str(label) for label in REGISTRATION_HEADER]
    header[-2:] = [f"{label} ({edition.time_zone_label})" for label in header[-2:]]
    return header


def visa_header() -> list[str]:
    return [str(label) for label in VISA_HEADER]


def _delegation(registration) -> str:
    nomination = getattr(registration, "nomination", None)
    return nomination.nominator.delegation_name if nomination is not None else ""


def registration_rows(registrations, *, edition):
    """Rows of the list export; times in the forum's time zone, without seconds."""
    zone = edition.zone

    def at(value):
        return timezone.localtime(value, zone).replace(tzinfo=None).isoformat(sep=" ", timespec="minutes")

    for registration in registrations.iterator(chunk_size=500):
        user = registration.user
        yield (
            registration.reference,
            registration.get_status_display(),
            user.given_name,
            user.family_name,
            user.native_name,
            user.email,
            registration.get_category_display(),
            registration.organisation.name,
            registration.position,
            registration.country.name,
            yes_no(registration.is_youth),
            registration.dietary_needs,
            registration.accessibility_needs,
            yes_no(registration.photo_consent),
            yes_no(registration.needs_visa_letter),
            _delegation(registration),
            at(registration.created_at),
            at(registration.status_changed_at),
        )


def visa_rows(registrations):
    for registration in registrations.iterator(chunk_size=500):
        visa = registration.visa_request
        yield (
            registration.reference,
            registration.get_status_display(),
            registration.user.email,
            visa.passport_name,
            visa.nationality.name,
            visa.passport_number,
            visa.passport_expiry.isoformat(),
            registration.country.name,
            registration.organisation.name,
        )
