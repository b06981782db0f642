"""The rules of nominations (forum.services.nominations), each decided here once and asked by services, selectors,
views and templates:

- whether an invitation's personal link can still be used (`invitation_check`) and by whose account
  (`invitation_account_check`: the invited address only);
- which nominations use one of their nominator's places (`place_used_q`);
- what a nominator may do with a nomination (`Nomination.TRANSITIONS` and `nomination_can`, enforced by
  `nomination_require`) and whether their invitations are still open (`delegation_open`);
- the coarse state a nominator sees of each nominee (`delegation_state`, `DelegationState`).

Who may register from the forum's own page is forum.rules.self_registration_check.
"""

from __future__ import annotations

import datetime
import enum

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from people.emails import mailbox

from .errors import NominationError, RegistrationClosed
from .models import Nomination, Nominator, Registration


def invitation_check(nomination: Nomination, now: datetime.datetime | None = None) -> None:
    """Raise NominationError unless the nomination's personal link can still be used to register: it is open, its
    nominator's deadline has not passed, the forum is published and registration has not closed. A nominee may
    register before the forum's registration opens to everyone."""
    now = now or timezone.now()
    edition = nomination.edition
    if nomination.status != Nomination.Status.INVITED:
        raise NominationError(
            _("This invitation has already been used or was withdrawn. Ask the person who invited you.")
        )
    if now >= nomination.nominator.deadline:
        raise NominationError(_("This invitation has expired. Ask the person who invited you."))
    if not edition.is_published or now >= edition.registration_closes_at:
        raise RegistrationClosed()


def place_used_q(prefix: str = "") -> Q:
    """Nominations that use one of their nominator's places: open ones, and taken ones whose registration is still
    active (as a query on Nomination, or through `prefix`)."""
    return Q(**{f"{prefix}status": Nomination.Status.INVITED}) | Q(
        **{
            f"{prefix}status": Nomination.Status.TAKEN,
            f"{prefix}registration__status__in": Registration.ACTIVE_STATUSES,
        }
    )


def nomination_can(nomination: Nomination, action: str, *, registration_active: bool | None = None) -> bool:
    """Whether a nominator may `action` (a key of Nomination.TRANSITIONS) a nomination: its status allows it and, for
    a taken one, its registration is still active (someone no longer registered has no place to pass on or to lead
    with). `registration_active`: known by the caller (a selector's annotation), else read from the nomination."""
    if not nomination.can(action):
        return False
    if nomination.status != Nomination.Status.TAKEN:
        return True
    if registration_active is None:
        registration = nomination.registration
        registration_active = registration is not None and registration.is_active
    return registration_active


def invitation_account_check(nomination: Nomination, user) -> None:
    """Raise NominationError unless `user`'s account is the one invited: its e-mail reaches the invited address
    (case and a +tag aside). A forwarded link registers nobody else."""
    if mailbox(user.email) != mailbox(nomination.email):
        local, _at, domain = nomination.email.partition("@")
        masked = f"{local[:1]}***@{domain}"
        raise NominationError(
            _(
                "This invitation was sent to %(address)s: sign in with the account of that address, or ask the person "
                "who invited you to send it to the address of your account."
            )
            % {"address": masked}
        )


def nomination_require(nomination: Nomination, action: str) -> None:
    """Raise NominationError unless `action` may be done to the nomination (nomination_can)."""
    if not nomination_can(nomination, action):
        raise NominationError(
            _("The invitation of %(name)s is %(status)s: it cannot be changed this way.")
            % {"name": nomination.name, "status": nomination.get_status_display().lower()}
        )


def delegation_open(nominator: Nominator, now: datetime.datetime | None = None) -> bool:
    """The nominator may still invite, resend and replace: their deadline has not passed (the services refuse
    otherwise, and the delegation page offers none of it)."""
    return (now or timezone.now()) < nominator.deadline


class DelegationState(enum.StrEnum):
    """What a nominator sees of a nominee: coarse, never a passport, a consent or a time."""

    INVITED = "invited"
    REGISTERED = "registered"
    APPROVED = "approved"
    VISA_LETTER = "visa_letter"
    ARRIVED = "arrived"
    NOT_REGISTERED = "not_registered"
    WITHDRAWN = "withdrawn"
    REPLACED = "replaced"
    EXPIRED = "expired"

    @property
    def label(self) -> str:
        return str(DELEGATION_STATE_LABELS[self])

    @property
    def is_settled(self) -> bool:
        """The nominee holds a place of the delegation (approved, with or without a letter, or arrived)."""
        return self in (DelegationState.APPROVED, DelegationState.VISA_LETTER, DelegationState.ARRIVED)


DELEGATION_STATE_LABELS = {
    DelegationState.INVITED: pgettext_lazy("delegation state", "Invited"),
    DelegationState.REGISTERED: pgettext_lazy("delegation state", "Registered"),
    DelegationState.APPROVED: pgettext_lazy("delegation state", "Approved"),
    DelegationState.VISA_LETTER: pgettext_lazy("delegation state", "Approved, visa letter ready"),
    DelegationState.ARRIVED: pgettext_lazy("delegation state", "Arrived"),
    DelegationState.NOT_REGISTERED: pgettext_lazy("delegation state", "No longer registered"),
    DelegationState.WITHDRAWN: pgettext_lazy("delegation state", "Invitation withdrawn"),
    DelegationState.REPLACED: pgettext_lazy("delegation state", "Replaced"),
    DelegationState.EXPIRED: pgettext_lazy("delegation state", "Not taken up by the deadline"),
}


def delegation_state(
    *, status: str, registration_status: str | None, is_youth: bool, letter_ready: bool, arrived: bool
) -> DelegationState:
    """The coarse state of one nominee for their nominator. Of a youth delegate only "registered" and "approved"
    are told: nothing of consent, visa letters or arrival."""
    Status = Nomination.Status
    by_status = {
        Status.INVITED: DelegationState.INVITED,
        Status.WITHDRAWN: DelegationState.WITHDRAWN,
        Status.REPLACED: DelegationState.REPLACED,
        Status.EXPIRED: DelegationState.EXPIRED,
    }
    if status in by_status:
        return by_status[status]
    if registration_status is None or registration_status not in Registration.ACTIVE_STATUSES:
        return DelegationState.NOT_REGISTERED
    if registration_status != Registration.Status.APPROVED:
        return DelegationState.REGISTERED
    if is_youth:
        return DelegationState.APPROVED
    if arrived:
        return DelegationState.ARRIVED
    return DelegationState.VISA_LETTER if letter_ready else DelegationState.APPROVED
