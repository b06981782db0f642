"""The life cycle of a registration (DESIGN.md): every change of status, and the waiting list.

Each change takes the edition lock (forum.services.seats), is allowed by `Registration.TRANSITIONS`
(forum.rules.require), is kept in the history (who, when, why) and e-mailed to the delegate in their language
once the transaction commits (nothing is sent for a change that is rolled back). A seat that frees goes to the
waiting list in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Value
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from people.emails import absolute_url, send_templated_email
from people.i18n import localized
from people.models import User
from people.permissions import is_organiser

from ..errors import ForumError, NominationError, NoSeatLeft
from ..models import ForumEdition, Nomination, Registration, RegistrationEvent
from ..nomination_rules import place_used_q
from ..rules import require, youth_approval_blockers, youth_ready_q
from .certificates import registration_certificates_revoke
from .credentials import credential_issue, credential_issue_new
from .seats import Seats, edition_lock, registration_lock, reservations
from .visa import visa_reviewed

Status = Registration.Status


def _notify(registration: Registration, status: str, reason: str) -> None:
    user = registration.user
    edition = registration.edition
    language = user.language or settings.LANGUAGE_CODE
    with translation.override(language):
        path = reverse("forum:registration", kwargs={"slug": edition.slug})
    context = {
        "reference": registration.reference,
        "edition_title": localized(edition, "title", language),
        "status_label": Status(status).label,
        "status_line": Registration.EMAIL_STATUS_LINES.get(status, ""),
        "reason": reason,
        # Khmer readers are greeted by the name in their own script when they gave one.
        "delegate_name": (language == "km" and user.native_name) or user.get_full_name() or user.email,
        "registration_url": absolute_url(path),
    }
    send_templated_email(
        template_prefix="forum/email/status_changed", to=user.email, context=context, language=language
    )


def record(
    *, registration: Registration, from_status: str, by: User | None, reason: str = "", notify: bool = True
) -> RegistrationEvent:
    """Keep the change in the history and, with `notify`, tell the delegate once the transaction commits. An approved
    registration gets its badge's check-in credential here (forum.services.credentials), whichever way it was
    approved. An empty `from_status` is a registration's first event, recorded in the transaction that created it."""
    if isinstance(reason, Promise):
        # The system's own reasons are kept in the source language and translated when shown.
        with translation.override(settings.LANGUAGE_CODE):
            reason = str(reason)
    event = RegistrationEvent.objects.create(
        registration=registration, from_status=from_status, to_status=registration.status, actor=by, reason=reason
    )
    if registration.holds_seat:
        (credential_issue if from_status else credential_issue_new)(registration=registration)
    status, reason = registration.status, event.reason
    if notify:
        transaction.on_commit(lambda: _notify(registration, status, reason))
    return event


def status_set(
    *, registration: Registration, to: str, by: User | None, reason: str = "", notify: bool = True
) -> Registration:
    """Move a registration (whose edition the caller has locked) to `to`, with its history and (`notify`) e-mail."""
    held_seat = registration.holds_seat
    from_status = registration.status
    registration.status = to
    registration.status_changed_at = timezone.now()
    registration.save(update_fields=["status", "status_changed_at", "updated_at"])
    if held_seat and not registration.holds_seat:
        # Only approved delegates keep an agenda: the sign-up places it held go back to the others, and no
        # session-change e-mail reaches someone who no longer attends. Nor do they keep a certificate of it.
        registration.agenda.all().delete()
        registration_certificates_revoke(registration=registration, by=by)
    record(registration=registration, from_status=from_status, by=by, reason=reason, notify=notify)
    return registration


def _leave(
    *, registration: Registration, to: str, action: str, by: User | None, reason: str, notify: bool = True
) -> Registration:
    """A step out of the active statuses (cancel, reject): a freed seat or reserved place goes to the waiting list at
    once."""
    edition = registration_lock(registration=registration)
    require(registration, action)
    # A seat it held, or the place a nominee's registration kept while waiting for a decision (forum.services.seats).
    frees_place = registration.holds_seat or reservations(edition).filter(registration=registration).exists()
    status_set(registration=registration, to=to, by=by, reason=reason, notify=notify)
    if frees_place:
        waitlist_promote(edition=edition)
    return registration


@transaction.atomic
def registration_cancel(
    *, registration: Registration, by: User | None, reason: str = "", notify: bool = True
) -> Registration:
    """Cancelled by the delegate (or for them, or by a guardian's withdrawal). Without `notify` the delegate gets no
    e-mail of it (their account is being erased: privacy.erasure); whoever a freed seat goes to is told as always."""
    return _leave(registration=registration, to=Status.CANCELLED, action="cancel", by=by, reason=reason, notify=notify)


@transaction.atomic
def registration_reject(*, registration: Registration, by: User | None, reason: str) -> Registration:
    """An organiser rejects with a reason."""
    if not (reason or "").strip():
        raise ForumError(_("Give a reason for the rejection."))
    return _leave(registration=registration, to=Status.REJECTED, action="reject", by=by, reason=reason.strip())


@transaction.atomic
def registration_approve(*, registration: Registration, by: User | None, reason: str = "") -> Registration:
    """An organiser approves a submitted or waiting registration if a seat is left (NoSeatLeft if not) and
    nothing blocks a youth delegate."""
    edition = registration_lock(registration=registration)
    require(registration, "approve")
    blockers = youth_approval_blockers(registration=registration)
    if blockers:
        raise ForumError(" ".join(str(blocker) for blocker in blockers))
    seats = Seats.read(edition)
    if registration.takes_seat and not seats.fits_registration(registration):
        raise NoSeatLeft(seats.refusal(registration.country))
    if is_organiser(by):
        # Approving is reviewing what the registration says, passport details included.
        visa_reviewed(registration=registration, by=by)
    return status_set(registration=registration, to=Status.APPROVED, by=by, reason=reason)


@transaction.atomic
def registration_waitlist(*, registration: Registration, by: User | None, reason: str = "") -> Registration:
    """An organiser puts a submitted registration on the waiting list."""
    registration_lock(registration=registration)
    require(registration, "waitlist")
    return status_set(registration=registration, to=Status.WAITLISTED, by=by, reason=reason)


@transaction.atomic
def registration_reopen(*, registration: Registration, by: User | None, reason: str = "") -> Registration:
    """An organiser reopens a rejected or cancelled registration: it is submitted again."""
    registration_lock(registration=registration)
    require(registration, "reopen")
    _delegation_place_check(registration)
    return status_set(registration=registration, to=Status.SUBMITTED, by=by, reason=reason)


def _delegation_place_check(registration: Registration) -> None:
    """A nominee's registration reopened takes one of their delegation's places again: refused when the delegation
    has passed its place on (NominationError)."""
    nomination = Nomination.objects.filter(registration=registration).select_related("nominator").first()
    if nomination is None or nomination.status != Nomination.Status.TAKEN:
        return
    nominator = nomination.nominator
    if nominator.nominations.filter(place_used_q()).count() >= nominator.places:
        raise NominationError(
            _("The delegation of %(delegation)s has used all its places: it cannot take this registration back.")
            % {"delegation": nominator.delegation_name}
        )


@transaction.atomic
def waitlist_promote(*, edition: ForumEdition) -> list[Registration]:
    """Fill every free seat with the oldest waiting registration that fits its country's quota.

    Call it in the transaction that freed seats (a cancellation, a rejection, a raised capacity or quota). Youth
    delegates are promoted only once nothing blocks them (guardian's consent, chaperone).
    """
    edition = edition_lock(edition=edition)
    seats = Seats.read(edition)
    promoted: list[Registration] = []
    if not seats.left and not seats.reserved_total:
        return promoted
    waiting = Registration.objects.filter(youth_ready_q(), edition=edition, status=Status.WAITLISTED)
    if seats.reserved_total:
        # A nominee waiting for a decision keeps their delegation's reservation: it is free for them.
        waiting = waiting.annotate(reserving=Exists(reservations(edition).filter(registration=OuterRef("pk"))))
    else:
        waiting = waiting.exclude(country__in=seats.full_countries()).annotate(reserving=Value(False))
    for registration in waiting.select_related("user").order_by("created_at", "pk").iterator(chunk_size=200):
        if not seats.left and not seats.reserved_total:
            break
        if not seats.fits(registration.country, own_reservation=registration.reserving):
            continue
        registration.edition = edition
        status_set(
            registration=registration,
            to=Status.APPROVED,
            by=None,
            reason=_("A seat became free: promoted from the waiting list."),
        )
        seats.take(registration.country, own_reservation=registration.reserving)
        promoted.append(registration)
    return promoted


# --- The organisers' actions, one at a time or ticked in bulk ------------------------------------------------

# Each action of the organisers' registration pages: the service that does it and what the page then says.
ACTIONS = {
    "approve": (registration_approve, _("The registration is approved.")),
    "waitlist": (registration_waitlist, _("The registration is on the waiting list.")),
    "reject": (registration_reject, _("The registration is rejected.")),
    "reopen": (registration_reopen, _("The registration is reopened: it is submitted.")),
    # When a delegate asks the organisers to withdraw them (e-mail, phone).
    "cancel": (registration_cancel, _("The registration is cancelled.")),
}
BULK_ACTIONS = ("approve", "reject", "waitlist")


def registration_act(*, registration: Registration, action: str, by: User, reason: str = "") -> str:
    """Run one of ACTIONS; returns what to tell the organiser. Raises ForumError (NoSeatLeft, InvalidTransition...)."""
    if action not in ACTIONS:
        raise ForumError(_("Unknown action."))
    handler, done = ACTIONS[action]
    handler(registration=registration, by=by, reason=reason)
    return str(done)


@dataclass(frozen=True)
class BulkOutcome:
    """What happened to one registration of a bulk action."""

    pk: int
    reference: str
    ok: bool
    message: str
    no_seat: bool = False  # approval refused for want of a seat: the organiser may put it on the waiting list
    can_waitlist: bool = False


def registration_bulk_decide(
    *, registrations: list[Registration], action: str, by: User, message: str = ""
) -> list[BulkOutcome]:
    """Approve, reject or waitlist each registration, each in its own transaction (one refusal does not undo the
    others). Returns, per registration, whether it worked and the reason when not."""
    if action not in BULK_ACTIONS:
        raise ForumError(_("Unknown action."))
    outcomes = []
    for registration in registrations:
        try:
            done = registration_act(registration=registration, action=action, by=by, reason=message)
        except NoSeatLeft as error:
            outcome = BulkOutcome(
                registration.pk,
                registration.reference,
                False,
                str(error.message),
                no_seat=True,
                can_waitlist=registration.can_be_waitlisted,
            )
        except ForumError as error:
            outcome = BulkOutcome(registration.pk, registration.reference, False, str(error.message))
        else:
            outcome = BulkOutcome(registration.pk, registration.reference, True, done)
        outcomes.append(outcome)
    return outcomes
