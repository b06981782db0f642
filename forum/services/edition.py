"""Writes about forum editions for organisers: the edition itself, its quotas, its policy versions, publishing.

Seats are never decided here: raising the capacity or a quota (or removing a quota) hands the freed seats to
`forum.services.lifecycle.waitlist_promote` in the same transaction, under the edition lock that every seat
decision takes (forum.services.seats).

Lowering below what is already approved is refused, with a message that says how many are approved. Why not
allow it and leave the approved delegates in place? An approved seat is a promise (visa letters, flights); a
capacity below the approved count would leave the site showing a negative number of seats and make "who is
over the limit" a question without an answer. The organiser who really needs fewer seats cancels or rejects
specific registrations first (each with a reason and an e-mail), then lowers the number.
"""

from __future__ import annotations

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from people.models import User

from ..errors import EditionError
from ..models import CountryQuota, ForumEdition, PolicyDocument
from .lifecycle import waitlist_promote
from .seats import Seats, edition_lock

EDITION_FIELDS = (
    "slug",
    "reference_prefix",
    "title_en",
    "title_km",
    "description_en",
    "description_km",
    "starts_on",
    "ends_on",
    "venue",
    "city",
    "country",
    "time_zone",
    "registration_opens_at",
    "registration_closes_at",
    "capacity",
    "mode",
    "intake",
    "show_seats_left",
)


def validate_time_zone(value: str) -> None:
    """A ValidationError unless `value` is an IANA time zone name known to this machine (zoneinfo)."""
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(
            _("“%(value)s” is not a time zone name: choose one from the list."),
            code="time_zone",
            params={"value": value},
        ) from error


def _apply(edition: ForumEdition, data: dict) -> None:
    for field in EDITION_FIELDS:
        if field in data:
            setattr(edition, field, data[field])
    validate_time_zone(edition.time_zone)
    edition.full_clean()


@transaction.atomic
def edition_create(*, data: dict, by: User) -> ForumEdition:
    """A new, unpublished edition. Raises ValidationError for a field that breaks a model rule."""
    edition = ForumEdition(is_published=False)
    _apply(edition, data)
    edition.save()
    return edition


@transaction.atomic
def edition_update(*, edition: ForumEdition, data: dict, by: User) -> ForumEdition:
    """Change an edition. The capacity cannot go below the approved count (EditionError); raising it fills the
    new seats from the waiting list at once."""
    edition = edition_lock(edition=edition)
    old_capacity, took_nominations = edition.capacity, edition.takes_nominations
    _apply(edition, data)
    if took_nominations and not edition.takes_nominations and edition.nominators.exists():
        raise EditionError(
            _("This forum has nominators: remove them before it stops taking nominations."), field="intake"
        )
    if edition.capacity < old_capacity:
        seats = Seats.read(edition, with_quotas=False)
        if edition.capacity < seats.approved + seats.reserved_total:
            raise EditionError(
                _(
                    "%(approved)s delegates are approved and %(reserved)s places are kept for nominations: the "
                    "capacity cannot be lower than that. Cancel or reject registrations first."
                )
                % {"approved": seats.approved, "reserved": seats.reserved_total},
                field="capacity",
            )
    edition.save()
    if edition.capacity > old_capacity:
        waitlist_promote(edition=edition)
    return edition


@transaction.atomic
def edition_publish(*, edition: ForumEdition, by: User) -> ForumEdition:
    """Show the edition to delegates. It needs a code of conduct and a privacy notice to agree to."""
    edition = edition_lock(edition=edition)
    kinds = set(PolicyDocument.objects.filter(edition=edition).values_list("kind", flat=True))
    missing = [str(label) for value, label in PolicyDocument.Kind.choices if value not in kinds]
    if missing:
        raise EditionError(
            _("Publish a first version of these before publishing the forum: %(missing)s.")
            % {"missing": ", ".join(missing)}
        )
    edition.is_published = True
    edition.save(update_fields=["is_published", "updated_at"])
    return edition


@transaction.atomic
def edition_unpublish(*, edition: ForumEdition, by: User) -> ForumEdition:
    """Hide the edition from delegates (registrations are kept; organisers still see everything)."""
    edition = edition_lock(edition=edition)
    edition.is_published = False
    edition.save(update_fields=["is_published", "updated_at"])
    return edition


@transaction.atomic
def quota_set(*, edition: ForumEdition, country: str, seats: int, by: User) -> CountryQuota:
    """Create or change a country's quota. It cannot go below that country's approved count (EditionError);
    raising it fills the new seats from the waiting list at once."""
    edition = edition_lock(edition=edition)
    if seats < 0:
        raise EditionError(_("A quota cannot be negative."))
    quota = CountryQuota.objects.filter(edition=edition, country=country).first()
    old_seats = quota.seats if quota else None
    held = Seats.read(edition, with_quotas=False)
    approved = held.by_country.get(str(country), 0) + held.reserved.get(str(country), 0)
    if seats < approved:
        quota = quota or CountryQuota(edition=edition, country=country, seats=seats)
        raise EditionError(
            _(
                "%(approved)s delegates representing %(country)s are approved or have a place kept by a nomination: "
                "the quota cannot be lower than that. Cancel or reject registrations first."
            )
            % {"approved": approved, "country": quota.country.name}
        )
    if quota is None:
        quota = CountryQuota(edition=edition, country=country, seats=seats)
    quota.seats = seats
    quota.full_clean(validate_unique=False, validate_constraints=False)
    quota.save()
    if old_seats is not None and seats > old_seats:
        waitlist_promote(edition=edition)
    return quota


@transaction.atomic
def quota_delete(*, quota: CountryQuota, by: User) -> None:
    """Remove a country's quota: its delegates are then limited by the total only, so waiting ones may be promoted."""
    edition = edition_lock(edition=quota.edition)
    CountryQuota.objects.filter(pk=quota.pk).delete()
    waitlist_promote(edition=edition)


@transaction.atomic
def policy_publish_version(*, edition: ForumEdition, kind: str, text_en: str, text_km: str, by: User) -> PolicyDocument:
    """A new version of the code of conduct or privacy notice: new registrations agree to it, existing ones keep
    the version they agreed to. Versions are numbered 1, 2, 3... per edition and kind, under the edition lock."""
    edition = edition_lock(edition=edition)
    if kind not in PolicyDocument.Kind.values:
        raise EditionError(_("Unknown kind of policy."))
    if not (text_en or "").strip():
        raise EditionError(_("The English text is required."))
    last = PolicyDocument.objects.filter(edition=edition, kind=kind).aggregate(last=Max("version"))["last"] or 0
    return PolicyDocument.objects.create(
        edition=edition, kind=kind, version=last + 1, text_en=text_en.strip(), text_km=(text_km or "").strip()
    )
