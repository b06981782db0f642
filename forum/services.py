"""Writes about forum registrations: the life cycle of DESIGN.md, seats, quotas and the waiting list.

Every decision about a seat locks the edition row (`select_for_update()`), so parallel requests for one
edition run one after the other; other editions are not held up. Only approved registrations hold a
seat: against the edition's capacity and against the quota of the country the delegate represents
(countries without a quota are limited by the capacity only).

Every change of status writes a RegistrationEvent (who, when, why) and e-mails the delegate in their
language once the transaction commits (nothing is sent for a change that is rolled back).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from people.emails import absolute_url, send_templated_email
from people.models import Organisation, User
from people.permissions import is_organiser
from people.services import organisation_get_or_create

from .certificate_services import registration_certificates_revoke
from .models import (
    CountryQuota,
    ForumEdition,
    Participation,
    PolicyDocument,
    Registration,
    RegistrationEvent,
    VisaRequest,
    YouthDetails,
)
from .youth_selectors import youth_ready_q

Status = Registration.Status


class ForumError(Exception):
    """A forum rule said no; `message` is translated and can be shown to the person as it is."""

    default_message = _("This could not be done.")

    def __init__(self, message=None):
        self.message = message if message is not None else self.default_message
        super().__init__(str(self.message))


class RegistrationClosed(ForumError):
    default_message = _("Registration for this forum is closed.")


class RegistrationNotOpen(RegistrationClosed):
    default_message = _("Registration for this forum is not open yet.")


class AlreadyRegistered(ForumError):
    default_message = _("You have already registered for this forum.")


class NoSeatLeft(ForumError):
    default_message = _("No seat is left for this registration.")


class InvalidTransition(ForumError):
    default_message = _("A registration in this status cannot be changed this way.")


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
VISA_FIELDS = ("passport_name", "nationality", "passport_number", "passport_expiry")
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


# --- Seats -------------------------------------------------------------------------------------------


def _edition_lock(*, edition: ForumEdition) -> ForumEdition:
    """Lock the edition row for the rest of the transaction and return it fresh."""
    return ForumEdition.objects.select_for_update().get(pk=edition.pk)


@dataclass
class _Seats:
    """Approved counts of one edition, read under the edition lock and kept up to date while deciding."""

    capacity: int
    approved: int
    by_country: dict[str, int]
    quotas: dict[str, int]

    @classmethod
    def read(cls, edition: ForumEdition) -> _Seats:
        rows = (
            Registration.objects.filter(edition=edition, status=Status.APPROVED)
            .values("country")
            .annotate(n=Count("pk"))
            .order_by()
        )
        by_country = {row["country"]: row["n"] for row in rows}
        quotas = dict(CountryQuota.objects.filter(edition=edition).values_list("country", "seats"))
        return cls(edition.capacity, sum(by_country.values()), by_country, quotas)

    def fits(self, country: str) -> bool:
        if self.approved >= self.capacity:
            return False
        quota = self.quotas.get(str(country))
        return quota is None or self.by_country.get(str(country), 0) < quota

    def take(self, country: str) -> None:
        self.approved += 1
        self.by_country[str(country)] = self.by_country.get(str(country), 0) + 1

    def give_back(self, country: str) -> None:
        self.approved -= 1
        self.by_country[str(country)] = self.by_country.get(str(country), 0) - 1


def youth_approval_blockers(*, registration: Registration) -> list[str]:
    """What still stops a youth delegate from being approved, as translated sentences (empty for adults and for
    a youth delegate whose guardian consented to participation and who has a chaperone; the same rule as
    youth_selectors.youth_ready_q)."""
    if not registration.is_youth:
        return []
    details = YouthDetails.objects.filter(registration_id=registration.pk).first() if registration.pk else None
    blockers = []
    if details is None or details.participation != Participation.GIVEN:
        state = Participation(details.participation if details else Participation.PENDING)
        blockers.append(
            _("The parent's or guardian's consent to participation is missing (%(state)s).")
            % {"state": state.label.lower()}
        )
    if details is None or not details.has_chaperone:
        blockers.append(_("No chaperone is recorded."))
    return blockers


# --- History and e-mail ------------------------------------------------------------------------------


def _notify(registration: Registration, status: str, reason: str) -> None:
    user = registration.user
    edition = registration.edition
    language = user.language or "en"
    with translation.override(language):
        path = reverse("forum:registration", kwargs={"slug": edition.slug})
    context = {
        "reference": registration.reference,
        "edition_title_en": edition.title_en,
        "edition_title_km": edition.title_km or edition.title_en,
        "status": status,
        "status_label": Status(status).label,
        "reason": reason,
        # Khmer readers are greeted by the name in their own script when they gave one.
        "delegate_name": (language == "km" and user.native_name) or user.get_full_name() or user.email,
        "registration_url": absolute_url(path),
    }
    send_templated_email(
        template_prefix="forum/email/status_changed", to=user.email, context=context, language=language
    )


def _record(*, registration: Registration, from_status: str, by: User | None, reason: str = "") -> RegistrationEvent:
    """Keep the change in the history and tell the delegate once the transaction commits."""
    if isinstance(reason, Promise):
        # The system's own reasons are kept in the source language and translated when shown.
        with translation.override(settings.LANGUAGE_CODE):
            reason = str(reason)
    event = RegistrationEvent.objects.create(
        registration=registration,
        from_status=from_status,
        to_status=registration.status,
        actor=by,
        reason=reason,
    )
    status, reason = registration.status, event.reason
    transaction.on_commit(lambda: _notify(registration, status, reason))
    return event


def _set_status(*, registration: Registration, to: str, by: User | None, reason: str = "") -> Registration:
    from_status = registration.status
    registration.status = to
    registration.status_changed_at = timezone.now()
    registration.save(update_fields=["status", "status_changed_at", "updated_at"])
    if from_status == Status.APPROVED and to != Status.APPROVED:
        # Only approved delegates keep an agenda: the sign-up places it held go back to the others, and no
        # session-change e-mail reaches someone who no longer attends. Nor do they keep a certificate of it.
        registration.agenda.all().delete()
        registration_certificates_revoke(registration=registration, by=by)
    _record(registration=registration, from_status=from_status, by=by, reason=reason)
    return registration


def _lock_registration(*, registration: Registration) -> ForumEdition:
    """Lock the registration's edition and bring `registration` up to date (its status may have changed
    since it was read: every status change holds this lock)."""
    edition = _edition_lock(edition=registration.edition)
    registration.refresh_from_db()
    registration.edition = edition
    return edition


def _require(registration: Registration, *allowed: str) -> None:
    if registration.status not in allowed:
        raise InvalidTransition(
            _("The registration %(reference)s is %(status)s: it cannot be changed this way.")
            % {"reference": registration.reference, "status": registration.get_status_display()}
        )


# --- Registration window, policies, organisation -----------------------------------------------------


def _check_window(edition: ForumEdition) -> None:
    now = timezone.now()
    if not edition.is_published:
        raise RegistrationClosed(_("This forum is not open for registration."))
    if now < edition.registration_opens_at:
        raise RegistrationNotOpen()
    if now >= edition.registration_closes_at:
        raise RegistrationClosed()


def edition_current_policy(*, edition: ForumEdition, kind: str) -> PolicyDocument | None:
    return PolicyDocument.objects.filter(edition=edition, kind=kind).order_by("-version").first()


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
        # A minor is photographed only with the guardian's consent (forum.youth_services), whatever they ticked.
        details = getattr(registration, "youth_details", None) if registration.pk else None
        registration.photo_consent = bool(details and details.photo_consent)
    if "organisation" in data or "new_organisation_name" in data:
        registration.organisation = _organisation(
            data=data, user=user, category=registration.category, country=str(registration.country)
        )


def _save_visa(*, registration: Registration, visa: dict | None, review_changes: bool = False) -> None:
    """Passport details only when a letter is needed; unticking the box deletes what was stored.

    With `review_changes` (a delegate's change of an approved registration), new or changed details wait for an
    organiser's review (visa_letter_review) before a letter on the ministry's letterhead prints them."""
    if not registration.needs_visa_letter:
        VisaRequest.objects.filter(registration=registration).delete()
        return
    request = _visa_request(registration=registration, visa=visa)
    request.full_clean()
    if review_changes:
        before = VisaRequest.objects.filter(pk=request.pk).values(*VISA_FIELDS).first() if request.pk else None
        if before is None or any(str(before[name]) != str(getattr(request, name)) for name in VISA_FIELDS):
            request.needs_review = True
            request.changed_at = timezone.now()
    request.save()


def _visa_request(*, registration: Registration, visa: dict | None) -> VisaRequest:
    if not visa:
        raise ForumError(_("Give your passport details for the visa invitation letter."))
    request = None
    if registration.pk:
        request = VisaRequest.objects.filter(registration=registration).first()
    request = request or VisaRequest(registration=registration)
    for field in VISA_FIELDS:
        setattr(request, field, visa.get(field))
    return request


# --- The life cycle ----------------------------------------------------------------------------------


@transaction.atomic
def registration_submit(*, edition: ForumEdition, user: User, data: dict, visa: dict | None) -> Registration:
    """A new registration. Auto mode with a seat left: approved; no seat left: waitlisted. Review
    mode: submitted. A youth delegate: submitted whatever the mode. The number is allocated under the
    edition lock. Raises RegistrationClosed/RegistrationNotOpen, AlreadyRegistered, ForumError, or
    django's ValidationError for a field that breaks a model rule."""
    # Everything that does not depend on the seats is checked before the lock, to hold it briefly.
    _check_window(edition)
    registration = Registration(edition=edition, user=user)
    _apply_delegate_data(registration, data, user)
    registration.code_of_conduct = _policy(edition, PolicyDocument.Kind.CODE_OF_CONDUCT, data.get("code_of_conduct"))
    registration.privacy_notice = _policy(edition, PolicyDocument.Kind.PRIVACY, data.get("privacy_notice"))
    registration.full_clean(exclude=_DECIDED_HERE, validate_unique=False, validate_constraints=False)
    if registration.needs_visa_letter:
        _visa_request(registration=registration, visa=visa).full_clean(exclude=["registration"])
    youth = None
    if registration.is_youth:
        from .youth_services import youth_details_prepare

        youth = youth_details_prepare(registration=registration, data=data.get("youth"))

    edition = _edition_lock(edition=edition)
    registration.edition = edition
    _check_window(edition)
    if Registration.objects.filter(edition=edition, user=user).exists():
        raise AlreadyRegistered()
    last = Registration.objects.filter(edition=edition).aggregate(last=Max("number"))["last"] or 0
    registration.number = last + 1

    if registration.is_youth or edition.mode == ForumEdition.Mode.REVIEW:
        registration.status = Status.SUBMITTED
        reason = ""
    elif _Seats.read(edition).fits(registration.country):
        registration.status = Status.APPROVED
        reason = _("Approved automatically: a seat was left.")
    else:
        registration.status = Status.WAITLISTED
        reason = _("No seat was left: on the waiting list.")

    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as error:
        if Registration.objects.filter(edition=edition, user=user).exists():
            raise AlreadyRegistered() from error
        raise
    if registration.needs_visa_letter:
        _save_visa(registration=registration, visa=visa)
    _record(registration=registration, from_status="", by=user, reason=reason)
    if youth is not None:
        from .youth_services import youth_details_save

        youth_details_save(registration=registration, details=youth, by=user)
    return registration


@transaction.atomic
def registration_update(*, registration: Registration, data: dict, visa: dict | None, by: User) -> Registration:
    """The delegate's changes, until registration closes (organisers may change it any time).

    Changing the represented country of an approved registration needs a seat in the new country's
    quota (NoSeatLeft otherwise, and nothing changes); the seat freed in the old country goes to the
    waiting list. Becoming a youth delegate puts an approved or waiting registration back to submitted.
    """
    edition = _lock_registration(registration=registration)
    by_organiser = is_organiser(by)
    if not by_organiser:
        if registration.user_id != by.pk:
            raise ForumError(_("Only the delegate can change this registration."))
        if timezone.now() >= edition.registration_closes_at:
            raise RegistrationClosed(_("Registration has closed: your registration can no longer be changed."))
    _require(registration, *Registration.ACTIVE_STATUSES)

    old_country = str(registration.country)
    held_seat = registration.status == Status.APPROVED
    was_youth = registration.is_youth
    _apply_delegate_data(registration, data, registration.user)
    if was_youth and not registration.is_youth and not by_organiser:
        # Leaving the protection of a minor is the organisers' call (they check the date of birth).
        raise ValidationError({"is_youth": _("Only the organisers can change this: write to them.")})
    if "code_of_conduct" in data and data["code_of_conduct"] is not None:
        registration.code_of_conduct = _policy(edition, PolicyDocument.Kind.CODE_OF_CONDUCT, data["code_of_conduct"])
    if "privacy_notice" in data and data["privacy_notice"] is not None:
        registration.privacy_notice = _policy(edition, PolicyDocument.Kind.PRIVACY, data["privacy_notice"])
    registration.full_clean(validate_unique=False, validate_constraints=False)
    youth = None
    if registration.is_youth:
        from .youth_services import youth_details_prepare

        youth = youth_details_prepare(registration=registration, data=data.get("youth"))

    country_changed = str(registration.country) != old_country
    if registration.status == Status.APPROVED and country_changed and not registration.is_youth:
        seats = _Seats.read(edition)
        seats.give_back(old_country)
        if not seats.fits(registration.country):
            raise NoSeatLeft(
                _("No seat is left for %(country)s: your registration was not changed.")
                % {"country": registration.country.name}
            )
    registration.save()
    _save_visa(registration=registration, visa=visa, review_changes=held_seat and not by_organiser)

    if registration.is_youth and not was_youth and registration.status in (Status.APPROVED, Status.WAITLISTED):
        _set_status(
            registration=registration,
            to=Status.SUBMITTED,
            by=by,
            reason=_("Youth delegates are approved once their guardian has consented."),
        )
    if youth is not None:
        from .youth_services import youth_details_save

        youth_details_save(registration=registration, details=youth, by=by)
    if country_changed or (held_seat and registration.status != Status.APPROVED):
        waitlist_promote(edition=edition)
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, by: User | None, reason: str = "") -> Registration:
    """Cancelled by the delegate (or for them); a freed seat goes to the waiting list at once."""
    edition = _lock_registration(registration=registration)
    _require(registration, *Registration.ACTIVE_STATUSES)
    held_seat = registration.status == Status.APPROVED
    _set_status(registration=registration, to=Status.CANCELLED, by=by, reason=reason)
    if held_seat:
        waitlist_promote(edition=edition)
    return registration


@transaction.atomic
def registration_approve(*, registration: Registration, by: User | None, reason: str = "") -> Registration:
    """An organiser approves a submitted or waiting registration if a seat is left (NoSeatLeft if not)."""
    edition = _lock_registration(registration=registration)
    _require(registration, Status.SUBMITTED, Status.WAITLISTED)
    blockers = youth_approval_blockers(registration=registration)
    if blockers:
        raise ForumError(" ".join(str(blocker) for blocker in blockers))
    seats = _Seats.read(edition)
    if not seats.fits(registration.country):
        if seats.approved >= seats.capacity:
            message = _("No seat is left: all %(capacity)s seats are taken. Put the registration on the waiting list.")
            raise NoSeatLeft(message % {"capacity": seats.capacity})
        message = _(
            "No seat is left for %(country)s: its quota of %(quota)s is taken. Put the registration on the "
            "waiting list."
        )
        raise NoSeatLeft(
            message % {"country": registration.country.name, "quota": seats.quotas.get(str(registration.country))}
        )
    if is_organiser(by):
        # Approving is reviewing what the registration says, passport details included.
        _visa_reviewed(registration=registration, by=by)
    return _set_status(registration=registration, to=Status.APPROVED, by=by, reason=reason)


def _visa_reviewed(*, registration: Registration, by: User) -> int:
    return VisaRequest.objects.filter(registration=registration, needs_review=True).update(
        needs_review=False, reviewed_at=timezone.now(), reviewed_by=by
    )


@transaction.atomic
def visa_letter_review(*, registration: Registration, by: User) -> Registration:
    """An organiser has checked passport details changed after approval: the letter is available again."""
    if not is_organiser(by):
        raise ForumError(_("Only the organisers can review visa details."))
    _lock_registration(registration=registration)
    if not _visa_reviewed(registration=registration, by=by):
        raise ForumError(_("No visa details wait for a review."))
    return registration


@transaction.atomic
def registration_reject(*, registration: Registration, by: User | None, reason: str) -> Registration:
    """An organiser rejects with a reason; a freed seat goes to the waiting list at once."""
    if not (reason or "").strip():
        raise ForumError(_("Give a reason for the rejection."))
    edition = _lock_registration(registration=registration)
    _require(registration, *Registration.ACTIVE_STATUSES)
    held_seat = registration.status == Status.APPROVED
    _set_status(registration=registration, to=Status.REJECTED, by=by, reason=reason.strip())
    if held_seat:
        waitlist_promote(edition=edition)
    return registration


@transaction.atomic
def registration_waitlist(*, registration: Registration, by: User | None, reason: str = "") -> Registration:
    """An organiser puts a submitted registration on the waiting list."""
    _lock_registration(registration=registration)
    _require(registration, Status.SUBMITTED)
    return _set_status(registration=registration, to=Status.WAITLISTED, by=by, reason=reason)


@transaction.atomic
def registration_reopen(*, registration: Registration, by: User | None, reason: str = "") -> Registration:
    """An organiser reopens a rejected or cancelled registration: it is submitted again."""
    _lock_registration(registration=registration)
    _require(registration, Status.REJECTED, Status.CANCELLED)
    return _set_status(registration=registration, to=Status.SUBMITTED, by=by, reason=reason)


@transaction.atomic
def waitlist_promote(*, edition: ForumEdition) -> list[Registration]:
    """Fill every free seat with the oldest waiting registration that fits its country's quota.

    Call it in the transaction that freed seats (a cancellation, a rejection, a raised capacity or
    quota). Youth delegates are promoted only once nothing blocks them (guardian's consent, chaperone).
    """
    edition = _edition_lock(edition=edition)
    seats = _Seats.read(edition)
    promoted: list[Registration] = []
    if seats.approved >= seats.capacity:
        return promoted
    waiting = (
        Registration.objects.filter(youth_ready_q(), edition=edition, status=Status.WAITLISTED)
        .select_related("user")
        .order_by("created_at", "pk")
    )
    full = {country for country, quota in seats.quotas.items() if seats.by_country.get(country, 0) >= quota}
    if full:
        waiting = waiting.filter(~Q(country__in=full))
    for registration in waiting.iterator(chunk_size=200):
        if seats.approved >= seats.capacity:
            break
        if not seats.fits(registration.country):
            continue
        registration.edition = edition
        _set_status(
            registration=registration,
            to=Status.APPROVED,
            by=None,
            reason=_("A seat became free: promoted from the waiting list."),
        )
        seats.take(registration.country)
        promoted.append(registration)
    return promoted
