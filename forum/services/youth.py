"""Youth delegates' details and their guardian's links.

- A youth registration stays `submitted` until the guardian consents to participation and a chaperone is recorded
  (forum.rules.youth_approval_blockers). Then, in an auto-approval edition, it is approved if a seat is left
  (waitlisted if not); in a review edition an organiser approves it.
- Once the guardian has decided, the delegate cannot change who the guardian is or how to reach them without the
  decision going back to pending and the previous guardian being told.
- Consent links: a random secret, signed with a timestamp (14 days), of which only a SHA-256 hash is stored. A
  link works for one decision; a new link (resent, or in the confirmation e-mail) replaces the older ones.

The guardian's decisions are in forum.services.consent. Every write takes the edition lock (as every status change
does), so a decision and a status change never interleave.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from people.emails import absolute_url, mailbox, send_templated_email
from people.models import User
from people.permissions import is_organiser

from ..errors import YouthError
from ..models import ConsentLink, Participation, Registration, YouthDetails
from ..rules import youth_approval_blockers
from ..selectors.youth import link_signer, secret_hash
from .lifecycle import status_set
from .seats import Seats, registration_lock

Status = Registration.Status


# Who the guardian is and how to reach them: once the guardian has decided, the delegate cannot change these without
# the decision going back to pending (a delegate must not be able to name themselves as their own guardian).
GUARDIAN_CONTACT_FIELDS = ("guardian_name", "guardian_relationship", "guardian_email", "guardian_phone")


GUARDIAN_FIELDS = (*GUARDIAN_CONTACT_FIELDS, "guardian_language")


CHAPERONE_FIELDS = ("chaperone_name", "chaperone_phone", "chaperone_email")


YOUTH_FIELDS = ("date_of_birth", *GUARDIAN_FIELDS, *CHAPERONE_FIELDS)


RESEND_INTERVAL = datetime.timedelta(minutes=1)


def _age_on(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _check_details(*, details: YouthDetails, registration: Registration) -> None:
    """Rules a model field cannot say alone; raises ValidationError keyed by field name."""
    errors: dict[str, str] = {}
    birth, first_day = details.date_of_birth, registration.edition.starts_on
    if birth is not None:
        if birth >= timezone.localdate():
            errors["date_of_birth"] = _("The date of birth must be in the past.")
        elif _age_on(birth, first_day) >= 18:
            errors["date_of_birth"] = _(
                "With this date of birth you will be 18 or older on the forum's first day: you register as an adult."
            )
        elif _age_on(birth, first_day) < 8:
            errors["date_of_birth"] = _("Check the year of birth.")
    delegate_mailbox = mailbox(registration.user.email)
    if details.guardian_email and mailbox(details.guardian_email) == delegate_mailbox:
        errors["guardian_email"] = _("Give your parent's or guardian's own e-mail address, not yours.")
    if details.chaperone_email and mailbox(details.chaperone_email) == delegate_mailbox:
        errors["chaperone_email"] = _("The chaperone is an adult who travels with you, not you.")
    if errors:
        raise ValidationError(errors)


def _link_chaperone(details: YouthDetails, registration: Registration) -> None:
    """A chaperone who is a registered (adult, active) delegate of the same forum is linked to that registration."""
    details.chaperone_registration = None
    if details.chaperone_email:
        details.chaperone_registration = (
            Registration.objects.active()
            .filter(
                edition_id=registration.edition_id,
                user__email__iexact=details.chaperone_email.strip(),
                is_youth=False,
            )
            .exclude(pk=registration.pk)
            .first()
        )


def youth_details_prepare(*, registration: Registration, data: dict | None) -> YouthDetails:
    """The youth details `data` describes for `registration` (not saved), checked: model rules, age on the forum's
    first day, the guardian's e-mail not the delegate's own. Empty values keep what is on file (the delegate does
    not see it again). Raises ValidationError keyed by field."""
    details = None
    if registration.pk:
        details = YouthDetails.objects.filter(registration=registration).first()
    details = details or YouthDetails(registration=registration)
    for field in YOUTH_FIELDS:
        value = (data or {}).get(field)
        if value not in (None, ""):
            setattr(details, field, value.strip() if isinstance(value, str) else value)
    details.full_clean(exclude=["registration", "chaperone_registration"], validate_unique=False)
    _check_details(details=details, registration=registration)
    return details


def youth_details_save(*, registration: Registration, details: YouthDetails, by: User) -> YouthDetails:
    """Save prepared details (in the caller's transaction, which holds the edition lock).

    A first or changed guardian e-mail, while consent is still to be given, sends the guardian a new link. Once
    the guardian has decided, a change of who the guardian is or how to reach them (GUARDIAN_CONTACT_FIELDS) by
    anyone but an organiser puts the decision back to pending: names and photos off, an approved registration
    back to submitted (its seat goes to the waiting list), the previous guardian told, the new one asked."""
    previous = None
    if details.pk:
        previous = YouthDetails.objects.filter(pk=details.pk).values(*GUARDIAN_FIELDS, "participation").first()
    details.registration = registration
    _link_chaperone(details, registration)
    guardian_changed = previous is not None and any(
        previous[field] != getattr(details, field) for field in GUARDIAN_CONTACT_FIELDS
    )
    decided = previous is not None and previous["participation"] != Participation.PENDING
    reset = guardian_changed and decided and not is_organiser(by)
    if reset:
        details.participation = Participation.PENDING
        details.name_consent = details.photo_consent = False
    details.save()
    if reset:
        _guardian_replaced(details=details, registration=registration, previous=previous, by=by)
    email_changed = previous is None or mailbox(previous["guardian_email"]) != mailbox(details.guardian_email)
    if details.guardian_email and (email_changed or reset) and details.participation == Participation.PENDING:
        guardian_link_send(details=details, by=by)
    youth_decide_if_ready(registration=registration)
    return details


def _guardian_replaced(*, details: YouthDetails, registration: Registration, previous: dict, by: User) -> None:
    """The guardian's decision no longer stands: what it allowed is undone and the guardian who made it is told."""
    ConsentLink.objects.filter(youth=details, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if registration.photo_consent:
        registration.photo_consent = False
        registration.save(update_fields=["photo_consent", "updated_at"])
    if registration.holds_seat:
        status_set(
            registration=registration,
            to=Status.SUBMITTED,
            by=by,
            reason=_("The parent's or guardian's details were changed: their consent is asked for again."),
        )
    if previous["guardian_email"]:
        to, language = previous["guardian_email"], previous["guardian_language"]
        context = {**_guardian_context(details, language=language), "guardian_name": previous["guardian_name"]}
        transaction.on_commit(
            lambda: send_templated_email(
                template_prefix="forum/email/youth_guardian_changed", to=to, context=context, language=language
            )
        )


def guardian_link_issue(*, details: YouthDetails, by: User | None) -> str:
    """A new link for the guardian; every older link stops working. Returns the token (never stored)."""
    now = timezone.now()
    ConsentLink.objects.filter(youth=details, used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    secret = secrets.token_urlsafe(24)
    ConsentLink.objects.create(
        youth=details,
        secret_hash=secret_hash(secret),
        expires_at=now + datetime.timedelta(seconds=settings.FORUM_YOUTH_CONSENT_LINK_MAX_AGE),
        sent_by=by,
    )
    return link_signer().sign(secret)


def consent_url(*, token: str, language: str) -> str:
    with translation.override(language):
        return absolute_url(reverse("forum:consent", kwargs={"token": token}))


def _guardian_context(details: YouthDetails, *, language: str | None = None) -> dict:
    """What every e-mail to a guardian says about the delegate and the forum, in the guardian's language."""
    registration = details.registration
    user = registration.user
    edition = registration.edition
    km = (language or details.guardian_language) == "km"
    return {
        "guardian_name": details.guardian_name,
        "delegate_name": (km and user.native_name) or user.get_full_name() or user.email,
        "edition_title": (km and edition.title_km) or edition.title_en,
        "starts_on": edition.starts_on,
        "ends_on": edition.ends_on,
        "city": edition.city,
        "reference": registration.reference,
    }


def guardian_link_send(*, details: YouthDetails, by: User | None, resent: bool = False) -> None:
    """E-mail the guardian a new link (every older one stops working): while consent is to be given, the request
    for it; once given, the link to change or withdraw it, with what was decided."""
    token = guardian_link_issue(details=details, by=by)
    context = {
        **_guardian_context(details),
        "consent_url": consent_url(token=token, language=details.guardian_language),
        "expires_on": (timezone.localdate() + datetime.timedelta(seconds=settings.FORUM_YOUTH_CONSENT_LINK_MAX_AGE)),
        "participation": details.participation,
        "name_consent": details.name_consent,
        "photo_consent": details.photo_consent,
        # A change link sent again on request, rather than with the confirmation of an answer just given.
        "resent": resent,
    }
    template = "forum/email/youth_consent_recorded" if details.consent_given else "forum/email/youth_consent_request"
    to, language = details.guardian_email, details.guardian_language
    transaction.on_commit(
        lambda: send_templated_email(template_prefix=template, to=to, context=context, language=language)
    )


@transaction.atomic
def youth_consent_link_resend(*, registration: Registration, by: User) -> ConsentLink:
    """Send the guardian a new link (the old one stops working): the request for consent while it is to be given,
    the link to change or withdraw it once given. The youth delegate or an organiser; at most once a minute for the
    delegate. Raises YouthError when there is nobody to send it to."""
    registration_lock(registration=registration)
    if not registration.is_youth:
        raise YouthError(_("This is not a youth delegate's registration."))
    if not (is_organiser(by) or registration.user_id == by.pk):
        raise YouthError(_("Only the delegate or the organisers can send the link."))
    if not registration.is_active:
        raise YouthError(_("This registration is no longer active: no link is sent."))
    details = YouthDetails.objects.select_for_update().filter(registration=registration).first()
    if details is None or not details.guardian_email or details.purged_at is not None:
        raise YouthError(_("No parent or guardian e-mail is recorded: add it to the registration first."))
    last = ConsentLink.objects.filter(youth=details).order_by("-created_at").first()
    if not is_organiser(by) and last is not None and timezone.now() - last.created_at < RESEND_INTERVAL:
        raise YouthError(_("A link was sent less than a minute ago. Please wait a moment before sending another."))
    details.registration = registration
    guardian_link_send(details=details, by=by, resent=True)
    return ConsentLink.objects.filter(youth=details).order_by("-created_at", "-pk").first()


def youth_decide_if_ready(*, registration: Registration) -> Registration:
    """In an auto-approval edition, a submitted youth registration that nothing blocks any more is approved if a
    seat is left, waitlisted if not (call it in a transaction holding the edition lock)."""
    edition = registration.edition
    if (
        registration.status != Status.SUBMITTED
        or edition.mode != edition.Mode.AUTO
        or youth_approval_blockers(registration=registration)
    ):
        return registration
    if Seats.read(edition).fits_registration(registration):
        return status_set(
            registration=registration,
            to=Status.APPROVED,
            by=None,
            reason=_("Approved automatically: the guardian consented, a chaperone is recorded and a seat was left."),
        )
    return status_set(
        registration=registration, to=Status.WAITLISTED, by=None, reason=_("No seat was left: on the waiting list.")
    )
