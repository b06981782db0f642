"""A delegate registers and changes their registration: what they tell, the policies they agree to, their
organisation, passport details and, for a youth delegate, their guardian and chaperone.

Everything that does not depend on the seats is checked before the edition lock is taken, to hold it briefly; the
reference number and the first status are decided under it (forum.services.seats).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils.translation import gettext_lazy as _

from people.models import Organisation, User
from people.permissions import is_organiser
from people.services import organisation_get_or_create

from ..errors import AlreadyRegistered, ForumError, NominationError, NoSeatLeft, RegistrationClosed, RegistrationNotOpen
from ..models import ForumEdition, Nomination, PolicyDocument, Registration
from ..rules import delegate_may_change, require, self_registration_check
from ..selectors.editions import edition_current_policy
from .lifecycle import record, status_set, waitlist_promote
from .nominations import nomination_take, nomination_take_check
from .seats import Seats, edition_lock, registration_lock
from .visa import visa_request_prepare, visa_save
from .youth import youth_details_prepare, youth_details_save

Status = Registration.Status

# The fields a delegate fills in; everything else is decided here.
DELEGATE_FIELDS = (
    "category",
    "position",
    "country",
    "is_youth",
    "dietary_needs",
    "accessibility_needs",
    "photo_consent",
    "needs_visa_letter",
)
# Set by the service itself (relations it resolved, the number under the lock): not re-validated by a query each.
_DECIDED_HERE = ["edition", "user", "organisation", "code_of_conduct", "privacy_notice", "number", "status"]

# A new organisation named by a delegate goes into the directory with the kind of its delegate category.
CATEGORY_TO_ORGANISATION_KIND = {
    Registration.Category.GOVERNMENT: Organisation.Kind.GOVERNMENT,
    Registration.Category.LAW_ENFORCEMENT: Organisation.Kind.LAW_ENFORCEMENT,
    Registration.Category.TECH_COMPANY: Organisation.Kind.TECH_COMPANY,
    Registration.Category.CIVIL_SOCIETY: Organisation.Kind.NGO,
    Registration.Category.INTERNATIONAL: Organisation.Kind.INTERNATIONAL,
    Registration.Category.ACADEMIA: Organisation.Kind.ACADEMIA,
    Registration.Category.MEDIA: Organisation.Kind.MEDIA,
    Registration.Category.YOUTH: Organisation.Kind.OTHER,
}


def _policy(edition: ForumEdition, kind: str, given: PolicyDocument | None) -> PolicyDocument:
    if given is not None:
        if given.edition_id != edition.pk or given.kind != kind:
            raise ForumError(_("The policy you agreed to does not belong to this forum."))
        return given
    current = edition_current_policy(edition=edition, kind=kind)
    if current is None:
        raise RegistrationNotOpen(_("Registration for this forum is not ready yet: its policies are missing."))
    return current


def _organisation(*, data: dict, user: User, category: str, country: str) -> Organisation:
    organisation = data.get("organisation")
    name = (data.get("new_organisation_name") or "").strip()
    if organisation is None and name:
        kind = CATEGORY_TO_ORGANISATION_KIND.get(category, Organisation.Kind.OTHER)
        try:
            with transaction.atomic():
                organisation = organisation_get_or_create(name=name, kind=kind, country=country, created_by=user)
        except IntegrityError:
            # Someone added the same organisation a moment ago: theirs is the directory entry.
            organisation = Organisation.objects.filter(name__iexact=" ".join(name.split()), country=country).first()
            if organisation is None:
                raise
    if organisation is None:
        raise ForumError(_("Choose your organisation from the directory or type its name."))
    return organisation


def _apply_delegate_data(registration: Registration, data: dict, user: User) -> None:
    for field in DELEGATE_FIELDS:
        if field in data:
            value = data[field]
            setattr(registration, field, value if value is not None else "")
    if registration.is_youth:
        # Anyone under 18 on the first day is a youth delegate, whatever the category chosen.
        registration.category = Registration.Category.YOUTH
        # A minor is photographed only with the guardian's consent (forum.services.consent), whatever they ticked.
        details = getattr(registration, "youth_details", None) if registration.pk else None
        registration.photo_consent = bool(details and details.photo_consent)
    if "organisation" in data or "new_organisation_name" in data:
        registration.organisation = _organisation(
            data=data, user=user, category=registration.category, country=str(registration.country)
        )


def _category_check(registration: Registration, *, previous: str, by_organiser: bool) -> None:
    """Invited guests and organiser staff are added by organisers (forum.services.guests): a delegate neither picks
    such a category nor leaves it."""
    seatless = Registration.SEATLESS_CATEGORIES
    if by_organiser or registration.category == previous:
        return
    if registration.category in seatless or previous in seatless:
        raise ValidationError({"category": _("Invited guests and organiser staff are added by the organisers.")})


def _first_status(registration: Registration, edition: ForumEdition, *, nominated: bool) -> tuple[str, str]:
    """The status a new registration starts in, and why (under the edition lock). A nominee's own reservation is
    free for them."""
    if registration.is_youth or edition.mode == ForumEdition.Mode.REVIEW:
        return Status.SUBMITTED, ""
    if Seats.read(edition).fits(registration.country, own_reservation=nominated):
        return Status.APPROVED, _("Approved automatically: a seat was left.")
    return Status.WAITLISTED, _("No seat was left: on the waiting list.")


def _invited_check(edition: ForumEdition, user: User) -> None:
    """Someone a delegation invited registers from their personal link, so that the place kept for them is used and
    their nominator sees it."""
    if not edition.takes_nominations:
        return
    invited = (
        Nomination.objects.filter(edition=edition, email__iexact=user.email, status=Nomination.Status.INVITED)
        .select_related("nominator__organisation")
        .first()
    )
    if invited is not None:
        raise NominationError(
            _(
                "The delegation of %(delegation)s has invited you: register from the personal link in its e-mail, so "
                "that the place kept for you is used. Ask the person who invited you to send it again if you cannot "
                "find it."
            )
            % {"delegation": invited.nominator.delegation_name}
        )


def _as_nominated(data: dict, nomination: Nomination) -> dict:
    """A nominee represents the nomination's country and, for an organisation's delegation, its organisation,
    whatever was posted."""
    nominator = nomination.nominator
    data = {**data, "country": nominator.country}
    if nominator.organisation_id:
        data.update(organisation=nominator.organisation, new_organisation_name="")
    return data


@transaction.atomic
def registration_submit(
    *, edition: ForumEdition, user: User, data: dict, visa: dict | None, nomination: Nomination | None = None
) -> Registration:
    """A new registration. Auto mode with a seat left: approved; no seat left: waitlisted. Review mode: submitted.
    A youth delegate: submitted whatever the mode. The number is allocated under the edition lock. With
    `nomination` (its personal link): the nomination's country and organisation, its reserved place, and the link
    spent. Raises RegistrationClosed/RegistrationNotOpen, AlreadyRegistered, ForumError (NominationError), or
    django's ValidationError for a field that breaks a model rule, or ForumError for an account erased or
    deactivated meanwhile."""
    # The account's row first, as an erasure takes it (privacy.erasure), then the edition's: an erasure and a
    # registration of the same person are decided one after the other, and an erased account registers nothing.
    if not User.objects.select_for_update().filter(pk=user.pk).order_by().values_list("is_active", flat=True).first():
        raise ForumError(_("This account is closed or erased: it cannot register."))
    if nomination is None:
        self_registration_check(edition)
    registration = Registration(edition=edition, user=user)
    if nomination is not None:
        data = _as_nominated(data, nomination)
    _apply_delegate_data(registration, data, user)
    _category_check(registration, previous="", by_organiser=False)
    registration.code_of_conduct = _policy(edition, PolicyDocument.Kind.CODE_OF_CONDUCT, data.get("code_of_conduct"))
    registration.privacy_notice = _policy(edition, PolicyDocument.Kind.PRIVACY, data.get("privacy_notice"))
    registration.full_clean(exclude=_DECIDED_HERE, validate_unique=False, validate_constraints=False)
    if registration.needs_visa_letter:
        visa_request_prepare(registration=registration, visa=visa).full_clean(exclude=["registration"])
    youth = None
    if registration.is_youth:
        youth = youth_details_prepare(registration=registration, data=data.get("youth"))

    edition = edition_lock(edition=edition)
    registration.edition = edition
    if nomination is None:
        self_registration_check(edition)
        # Under the lock: an invitation of this address sent a moment ago is seen (one person, one place).
        _invited_check(edition, user)
    else:
        nomination.edition = edition
        nomination_take_check(nomination=nomination, registration=registration)
    # One query: whether this person has registered meanwhile, and the last number given.
    taken = Registration.objects.filter(edition=edition).aggregate(
        last=Max("number"), own=Count("pk", filter=Q(user=user))
    )
    if taken["own"]:
        raise AlreadyRegistered()
    registration.number = (taken["last"] or 0) + 1
    registration.status, reason = _first_status(registration, edition, nominated=nomination is not None)
    # No savepoint around it: every registration of an edition is created under its lock (here, and
    # forum.services.guests), so the person's registration and the number were checked above for good.
    registration.save()
    if nomination is not None:
        nomination_take(nomination=nomination, registration=registration)
    if registration.needs_visa_letter:
        visa_save(registration=registration, visa=visa)
    record(registration=registration, from_status="", by=user, reason=reason)
    if youth is not None:
        youth_details_save(registration=registration, details=youth, by=user)
    return registration


@transaction.atomic
def registration_update(*, registration: Registration, data: dict, visa: dict | None, by: User) -> Registration:
    """The delegate's changes, until registration closes (organisers may change it any time).

    Changing the represented country of an approved registration needs a seat in the new country's quota
    (NoSeatLeft otherwise, and nothing changes); the seat freed in the old country goes to the waiting list.
    Becoming a youth delegate puts an approved or waiting registration back to submitted.
    """
    edition = registration_lock(registration=registration)
    by_organiser = is_organiser(by)
    if not by_organiser:
        if registration.user_id != by.pk:
            raise ForumError(_("Only the delegate can change this registration."))
        if not delegate_may_change(registration):
            raise RegistrationClosed(_("Registration has closed: your registration can no longer be changed."))
    require(registration, "change")

    old_country = str(registration.country)
    held_seat = registration.holds_seat
    was_youth = registration.is_youth
    previous_category = registration.category
    nomination = Nomination.objects.filter(registration=registration).select_related("nominator__organisation").first()
    if nomination is not None and not by_organiser:
        # A nominee represents their delegation's country (and organisation): only organisers may move them.
        data = _as_nominated(data, nomination)
    _apply_delegate_data(registration, data, registration.user)
    _category_check(registration, previous=previous_category, by_organiser=by_organiser)
    if was_youth and not registration.is_youth and not by_organiser:
        # Leaving the protection of a minor is the organisers' call (they check the date of birth).
        raise ValidationError({"is_youth": _("Only the organisers can change this: write to them.")})
    if data.get("code_of_conduct") is not None:
        registration.code_of_conduct = _policy(edition, PolicyDocument.Kind.CODE_OF_CONDUCT, data["code_of_conduct"])
    if data.get("privacy_notice") is not None:
        registration.privacy_notice = _policy(edition, PolicyDocument.Kind.PRIVACY, data["privacy_notice"])
    registration.full_clean(validate_unique=False, validate_constraints=False)
    youth = youth_details_prepare(registration=registration, data=data.get("youth")) if registration.is_youth else None

    country_changed = str(registration.country) != old_country
    if held_seat and country_changed and not registration.is_youth and registration.takes_seat:
        seats = Seats.read(edition)
        seats.give_back(old_country)
        if not seats.fits(registration.country):
            raise NoSeatLeft(
                _("No seat is left for %(country)s: your registration was not changed.")
                % {"country": registration.country.name}
            )
    registration.save()
    visa_save(registration=registration, visa=visa, review_changes=held_seat and not by_organiser)

    if registration.is_youth and not was_youth and registration.status in (Status.APPROVED, Status.WAITLISTED):
        status_set(
            registration=registration,
            to=Status.SUBMITTED,
            by=by,
            reason=_("Youth delegates are approved once their guardian has consented."),
        )
    if youth is not None:
        youth_details_save(registration=registration, details=youth, by=by)
    if country_changed or (held_seat and not registration.holds_seat):
        waitlist_promote(edition=edition)
    return registration
