"""Nominations (DESIGN.md): organisers name nominators; a nominator invites their delegation by name and e-mail;
each nominee registers from a personal link through the normal registration path (forum.services.registration).

Every step that changes what is reserved takes the edition lock (forum.services.seats), so nominators and
self-registrants racing for a country's last places are decided one after the other, against one count: an open
invitation reserves a place there and nowhere else. A nominator never has more standing invitations than places
(`_places_left`), and an invitation is taken up only while its nominator has a place for it.

The personal link is single use and expires at the nominator's deadline; only its SHA-256 is stored, so a copy of
the database registers nobody. Resending makes a new link (the old one stops working).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from people.emails import absolute_url, send_templated_email
from people.i18n import localized
from people.models import User
from people.validators import validate_no_control_characters

from ..errors import NominationError, NoSeatLeft
from ..models import ForumEdition, Nomination, Nominator, Registration
from ..nomination_rules import (
    delegation_open,
    invitation_account_check,
    invitation_check,
    nomination_require,
    place_used_q,
)
from .lifecycle import status_set, waitlist_promote
from .seats import Seats, edition_lock
from .stations import secret_digest

Status = Nomination.Status


# Nominations that stand for a person of the delegation and use one of the nominator's places: open ones, and
# taken ones whose registration is still active.
USING_PLACE = place_used_q()
MAX_SENDS = 5  # an invitation is sent at most this many times (its first time included)
MAX_PASTED_LINES = 200


def normalise_email(email: str) -> str:
    return User.objects.normalize_email((email or "").strip()).lower()


def places_used(nominator: Nominator) -> int:
    return nominator.nominations.filter(USING_PLACE).count()


# --- A nominator invites ---------------------------------------------------------------------------------------


def _new_token(nomination: Nomination) -> str:
    token = secrets.token_urlsafe(24)
    nomination.token_hash = secret_digest(token)
    return token


def _send(nomination: Nomination, token: str, *, template: str = "forum/email/nomination_invitation") -> None:
    """The invitation e-mail, in the language the nominator chose, after the transaction commits."""
    nominator = nomination.nominator
    edition = nomination.edition
    language = nomination.language

    def send():
        with translation.override(language):
            link = absolute_url(reverse("forum:invitation", kwargs={"slug": edition.slug, "token": token}))
        send_templated_email(
            template_prefix=template,
            to=nomination.email,
            language=language,
            context={
                "name": nomination.name,
                "edition_title": localized(edition, "title", language),
                "delegation": nominator.delegation_name,
                "nominator_name": nominator.user.get_full_name() or nominator.user.email,
                "link": link,
                "deadline": timezone.localtime(nominator.deadline, edition.zone),
            },
        )

    transaction.on_commit(send)


def _refusal_for_address(*, edition: ForumEdition, nominator: Nominator, email: str) -> str | None:
    """Why `email` cannot be invited, or None."""
    standing = Nomination.objects.filter(edition=edition, email=email, status__in=Nomination.STANDING).first()
    if standing is not None:
        if standing.nominator_id == nominator.pk:
            return str(_("%(email)s is already invited to your delegation.") % {"email": email})
        return str(_("%(email)s is already nominated by another delegation.") % {"email": email})
    registration = Registration.objects.filter(edition=edition, user__email__iexact=email).only("status").first()
    if registration is not None and registration.is_active:
        return str(_("%(email)s is already registered for this forum.") % {"email": email})
    if registration is not None:
        # One registration per person and edition: theirs could not be taken up again from a link.
        return str(
            _("%(email)s has a registration for this forum that is no longer active: ask the organisers.")
            % {"email": email}
        )
    return None


def _check_open(nominator: Nominator) -> None:
    if not delegation_open(nominator):
        raise NominationError(_("The deadline for this delegation has passed."))


def _invite_locked(*, nominator: Nominator, edition: ForumEdition, name: str, email: str, language: str) -> Nomination:
    """Invite one person, the edition locked by the caller."""
    name = " ".join((name or "").split())
    if not name:
        raise NominationError(_("Give the person's name."), field="name")
    try:
        validate_no_control_characters(name)
    except ValidationError as error:
        raise NominationError(error.messages[0], field="name") from None
    if len(name) > 200:
        raise NominationError(_("The name is too long (200 characters at most)."), field="name")
    email = normalise_email(email)
    try:
        validate_email(email)
    except ValidationError:
        raise NominationError(_("“%(email)s” is not an e-mail address.") % {"email": email}, field="email") from None
    if language not in dict(settings.LANGUAGES):
        raise NominationError(_("Choose a language."), field="language")
    refusal = _refusal_for_address(edition=edition, nominator=nominator, email=email)
    if refusal:
        raise NominationError(refusal, field="email")
    if places_used(nominator) >= nominator.places:
        raise NominationError(
            _("All %(places)s places of your delegation are used: withdraw or replace an invitation first.")
            % {"places": nominator.places}
        )
    if not Seats.read(edition).fits(nominator.country):
        raise NoSeatLeft(
            _("No place is left for %(country)s: the forum's seats or its quota are taken.")
            % {"country": nominator.country.name}
        )
    nomination = Nomination(nominator=nominator, edition=edition, name=name, email=email, language=language)
    token = _new_token(nomination)
    try:
        with transaction.atomic():
            nomination.save()
    except IntegrityError:
        # Nominated a moment ago by someone else (the constraint on standing nominations per address).
        raise NominationError(_("%(email)s is already nominated.") % {"email": email}, field="email") from None
    nomination.times_sent, nomination.sent_at = 1, timezone.now()
    nomination.save(update_fields=["times_sent", "sent_at"])
    _send(nomination, token)
    return nomination


@transaction.atomic
def nomination_invite(*, nominator: Nominator, name: str, email: str, language: str, by: User) -> Nomination:
    """Invite one person to the delegation: they get an e-mail with their personal link. NominationError (with the
    field) or NoSeatLeft when the address is taken, the places are used or the country has no seat left."""
    edition = edition_lock(edition=nominator.edition)
    _check_open(nominator)
    return _invite_locked(nominator=nominator, edition=edition, name=name, email=email, language=language)


@dataclass(frozen=True)
class LineOutcome:
    """What became of one line of a pasted list."""

    number: int
    text: str
    ok: bool
    message: str


_SEPARATORS = re.compile(r"\t|;|,")
_ANGLE = re.compile(r"^(?P<name>.*?)\s*<(?P<email>[^<>]+)>\s*$")


def parse_line(line: str) -> tuple[str, str]:
    """(name, e-mail) of one pasted line: "Name, e-mail", "Name<TAB>e-mail" (a spreadsheet's cells), "Name;
    e-mail", "e-mail, Name" or "Name <e-mail>"."""
    match = _ANGLE.match(line)
    if match:
        return match["name"].strip(' "'), match["email"].strip()
    cells = [cell.strip(' "') for cell in _SEPARATORS.split(line) if cell.strip(' "')]
    emails = [cell for cell in cells if "@" in cell]
    names = [cell for cell in cells if "@" not in cell]
    if len(emails) > 1:
        raise NominationError(_("One person per line: this line has several e-mail addresses."))
    return " ".join(names), (emails[0] if emails else "")


def nominations_invite_pasted(*, nominator: Nominator, text: str, language: str, by: User) -> list[LineOutcome]:
    """Invite every person of a pasted list, one line each, each in its own transaction: a refused line (a bad
    address, a duplicate, someone already registered or nominated, no place left) says why, the others go
    through, and nothing is saved twice."""
    lines = [(number, line.strip()) for number, line in enumerate((text or "").splitlines(), start=1) if line.strip()]
    if not lines:
        raise NominationError(_("Paste at least one line: a name and an e-mail address."), field="people")
    if len(lines) > MAX_PASTED_LINES:
        raise NominationError(_("Paste at most %(count)s lines at once.") % {"count": MAX_PASTED_LINES}, field="people")
    outcomes: list[LineOutcome] = []
    seen: dict[str, int] = {}
    for number, line in lines:
        try:
            name, email = parse_line(line)
        except NominationError as error:
            outcomes.append(LineOutcome(number, line, False, str(error.message)))
            continue
        key = normalise_email(email)
        if key and key in seen:
            message = _("The same address as line %(line)s.") % {"line": seen[key]}
            outcomes.append(LineOutcome(number, line, False, str(message)))
            continue
        if not email:
            outcomes.append(LineOutcome(number, line, False, str(_("No e-mail address on this line."))))
            continue
        try:
            nomination_invite(nominator=nominator, name=name, email=email, language=language, by=by)
        except (NominationError, NoSeatLeft) as error:
            outcomes.append(LineOutcome(number, line, False, str(error.message)))
        else:
            seen[key] = number
            outcomes.append(LineOutcome(number, line, True, str(_("Invited."))))
    return outcomes


def _locked_nomination(nomination: Nomination) -> tuple[ForumEdition, Nomination]:
    edition = edition_lock(edition=nomination.edition)
    nomination = Nomination.objects.select_related("nominator", "registration").get(pk=nomination.pk)
    nomination.edition = edition
    return edition, nomination


def _set_status(nomination: Nomination, status: str) -> None:
    nomination.status, nomination.status_changed_at = status, timezone.now()
    nomination.token_hash = "" if status != Status.INVITED else nomination.token_hash
    nomination.save(update_fields=["status", "status_changed_at", "token_hash"])


@transaction.atomic
def nomination_resend(*, nomination: Nomination, by: User) -> Nomination:
    """Send the invitation again with a new link (the old one stops working)."""
    _edition, nomination = _locked_nomination(nomination)
    nomination_require(nomination, "resend")
    _check_open(nomination.nominator)
    if nomination.times_sent >= MAX_SENDS:
        raise NominationError(
            _(
                "The invitation of %(name)s was sent %(count)s times already: check the address with them, or "
                "replace it."
            )
            % {"name": nomination.name, "count": nomination.times_sent}
        )
    token = _new_token(nomination)
    nomination.times_sent += 1
    nomination.sent_at = timezone.now()
    nomination.save(update_fields=["token_hash", "times_sent", "sent_at"])
    _send(nomination, token)
    return nomination


@transaction.atomic
def nomination_withdraw(*, nomination: Nomination, by: User, notify: bool = True) -> Nomination:
    """Withdraw an open invitation: its link stops working, the person is told (unless not `notify`: they erased
    their account), and its place is free (for the delegation, and until the delegation uses it again, for the
    waiting list)."""
    edition, nomination = _locked_nomination(nomination)
    nomination_require(nomination, "withdraw")
    _set_status(nomination, Status.WITHDRAWN)
    if notify:
        tell_withdrawn(nomination, replaced=False)
    if nomination.is_head:
        nomination.is_head = False
        nomination.save(update_fields=["is_head"])
    waitlist_promote(edition=edition)
    return nomination


def tell_withdrawn(nomination: Nomination, *, replaced: bool) -> None:
    """The person of an open invitation that was withdrawn or given to someone else is told that it no longer stands
    (a registered one is told by their registration's cancellation)."""
    edition, language = nomination.edition, nomination.language
    context = {
        "name": nomination.name,
        "edition_title": localized(edition, "title", language),
        "delegation": nomination.nominator.delegation_name,
        "replaced": replaced,
    }
    transaction.on_commit(
        lambda: send_templated_email(
            template_prefix="forum/email/nomination_withdrawn", to=nomination.email, language=language, context=context
        )
    )


@transaction.atomic
def nomination_replace(*, nomination: Nomination, name: str, email: str, language: str, by: User) -> Nomination:
    """Before the deadline, give a nominee's place to another person: the first person's invitation (or
    registration) ends and they are told; the new person is invited. Returns the new nomination."""
    edition, nomination = _locked_nomination(nomination)
    nomination_require(nomination, "replace")
    nominator = nomination.nominator
    _check_open(nominator)
    registration = nomination.registration
    if normalise_email(email) == nomination.email:
        raise NominationError(_("Give the address of another person."), field="email")
    was_head = nomination.is_head
    if was_head:
        nomination.is_head = False
        nomination.save(update_fields=["is_head"])
    _set_status(nomination, Status.REPLACED)
    if registration is not None and registration.is_active:
        registration.edition = edition
        status_set(
            registration=registration,
            to=Registration.Status.CANCELLED,
            by=by,
            reason=_("Your delegation's focal point gave your place to someone else."),
        )
    else:
        tell_withdrawn(nomination, replaced=True)
    replacement = _invite_locked(nominator=nominator, edition=edition, name=name, email=email, language=language)
    replacement.replaces = nomination
    replacement.is_head = was_head
    replacement.save(update_fields=["replaces", "is_head"])
    waitlist_promote(edition=edition)
    return replacement


@transaction.atomic
def nomination_set_head(*, nomination: Nomination, by: User) -> Nomination:
    """Name the head of the delegation (one per delegation: the previous head is no longer)."""
    _edition, nomination = _locked_nomination(nomination)
    nomination_require(nomination, "head")
    nomination.nominator.nominations.filter(is_head=True).update(is_head=False)
    nomination.is_head = True
    nomination.save(update_fields=["is_head"])
    return nomination


# --- The nominee registers (called by forum.services.registration under the edition lock) ----------------------


def nomination_take_check(*, nomination: Nomination, registration: Registration) -> None:
    """Under the edition lock: the nomination is still open, the registration is the invited account's and its
    nominator has a place for it (the nomination's country and organisation were set on the registration by
    registration_submit)."""
    nomination.refresh_from_db()
    invitation_check(nomination)
    invitation_account_check(nomination, registration.user)
    nominator = nomination.nominator
    taken = nominator.nominations.filter(
        status=Status.TAKEN, registration__status__in=Registration.ACTIVE_STATUSES
    ).count()
    if taken >= nominator.places:
        raise NominationError(_("All the places of this delegation are taken. Ask the person who invited you."))


def nomination_take(*, nomination: Nomination, registration: Registration) -> None:
    """The nominee registered: the link is spent and the nomination follows the registration."""
    nomination.registration = registration
    nomination.status, nomination.status_changed_at, nomination.token_hash = Status.TAKEN, timezone.now(), ""
    nomination.save(update_fields=["registration", "status", "status_changed_at", "token_hash"])
