"""Writes about youth delegates (issue 4): their guardian and chaperone, consent links, the guardian's decisions
(by link or on a signed paper form), and what those decisions do to the registration.

- A youth registration stays `submitted` until the guardian consents to participation and a chaperone is
  recorded (`services.youth_approval_blockers`). Then, in an auto-approval edition, it is approved if a seat is
  left (waitlisted if not); in a review edition an organiser approves it.
- A refusal, or a consent withdrawn later, cancels the registration through `services.registration_cancel`,
  which gives a freed seat to the waiting list in the same transaction.
- Consent links: a random secret, signed with a timestamp (14 days), of which only a SHA-256 hash is stored.
  A link works for one decision; a new link (resent, or in the confirmation e-mail) replaces the older ones.
- Photos and the public name of a minor stay off until the guardian turns them on.

Every decision takes the edition lock (as every status change does), so a decision and a status change never
interleave, and one link cannot be used twice by parallel requests.
"""

from __future__ import annotations

import datetime
import secrets

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from people.emails import absolute_url, mailbox, send_templated_email
from people.inputs import IMAGE_BOMBS, image_bombs_raised
from people.models import User
from people.permissions import is_organiser

from . import services
from .models import (
    ConsentDocumentAccess,
    ConsentLink,
    GuardianConsent,
    Participation,
    Registration,
    YouthDetails,
)
from .youth_selectors import consent_link_lookup, link_signer, secret_hash

Status = Registration.Status

# The version of the consent text the guardian reads (templates/forum/youth/_consent_text.html). Change it with
# every change of that text: each consent record keeps the version that was shown.
CONSENT_TEXT_VERSION = "2026.1"
# Who the guardian is and how to reach them: once the guardian has decided, the delegate cannot change these without
# the decision going back to pending (a delegate must not be able to name themselves as their own guardian).
GUARDIAN_CONTACT_FIELDS = ("guardian_name", "guardian_relationship", "guardian_email", "guardian_phone")
GUARDIAN_FIELDS = (*GUARDIAN_CONTACT_FIELDS, "guardian_language")
CHAPERONE_FIELDS = ("chaperone_name", "chaperone_phone", "chaperone_email")
YOUTH_FIELDS = ("date_of_birth", *GUARDIAN_FIELDS, *CHAPERONE_FIELDS)
RESEND_INTERVAL = datetime.timedelta(minutes=1)
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
DOCUMENT_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


class YouthError(services.ForumError):
    pass


class LinkNotUsable(YouthError):
    default_message = _("This link can no longer be used. Ask the delegate or the organisers for a new one.")


# --- Details -----------------------------------------------------------------------------------------


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
            Registration.objects.filter(
                edition_id=registration.edition_id,
                user__email__iexact=details.chaperone_email.strip(),
                is_youth=False,
                status__in=Registration.ACTIVE_STATUSES,
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
        _send_link(details=details, by=by)
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
    if registration.status == Status.APPROVED:
        services._set_status(
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


# --- Links -------------------------------------------------------------------------------------------


def _issue_link(*, details: YouthDetails, by: User | None) -> str:
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
        return absolute_url(reverse("forum_youth:consent", kwargs={"token": token}))


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


def _send_link(*, details: YouthDetails, by: User | None, resent: bool = False) -> None:
    """E-mail the guardian a new link (every older one stops working): while consent is to be given, the request
    for it; once given, the link to change or withdraw it, with what was decided."""
    token = _issue_link(details=details, by=by)
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
    services._lock_registration(registration=registration)
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
    _send_link(details=details, by=by, resent=True)
    return ConsentLink.objects.filter(youth=details).order_by("-created_at", "-pk").first()


# --- Decisions ---------------------------------------------------------------------------------------


def _apply_decision(
    *,
    details: YouthDetails,
    registration: Registration,
    method: str,
    participation: bool,
    name_consent: bool,
    photo_consent: bool,
    signed_name: str,
    by: User | None,
    document=None,
    document_type: str = "",
) -> GuardianConsent:
    if participation:
        state = Participation.GIVEN
    elif details.participation == Participation.GIVEN:
        state = Participation.WITHDRAWN
    else:
        state = Participation.REFUSED
    name_consent = bool(participation and name_consent)
    photo_consent = bool(participation and photo_consent)
    consent = GuardianConsent(
        youth=details,
        method=method,
        participation=state,
        name_consent=name_consent,
        photo_consent=photo_consent,
        text_version=CONSENT_TEXT_VERSION,
        signed_name=signed_name.strip(),
        recorded_by=by,
        document_type=document_type,
    )
    if document is not None:
        consent.document.save(f"{secrets.token_hex(16)}.{DOCUMENT_TYPES[document_type]}", document, save=False)
    consent.save()
    details.participation = state
    details.name_consent = name_consent
    details.photo_consent = photo_consent
    if state == Participation.GIVEN and details.consent_given_at is None:
        details.consent_given_at = timezone.now()
    details.save(update_fields=["participation", "name_consent", "photo_consent", "consent_given_at", "updated_at"])
    if registration.photo_consent != photo_consent:
        registration.photo_consent = photo_consent
        registration.save(update_fields=["photo_consent", "updated_at"])

    if state == Participation.GIVEN:
        youth_decide_if_ready(registration=registration)
    elif registration.is_active:
        reason = (
            _("The parent or guardian withdrew their consent.")
            if state == Participation.WITHDRAWN
            else _("The parent or guardian did not consent to participation.")
        )
        services.registration_cancel(registration=registration, by=by, reason=reason)
    transaction.on_commit(lambda: _tell_delegate(registration, state))
    return consent


def _tell_delegate(registration: Registration, state: str) -> None:
    user = registration.user
    language = user.language or "en"
    with translation.override(language):
        path = reverse("forum:registration", kwargs={"slug": registration.edition.slug})
    send_templated_email(
        template_prefix="forum/email/youth_guardian_answered",
        to=user.email,
        context={
            "reference": registration.reference,
            "state": state,
            "edition_title_en": registration.edition.title_en,
            "edition_title_km": registration.edition.title_km or registration.edition.title_en,
            "registration_url": absolute_url(path),
        },
        language=language,
    )


@transaction.atomic
def guardian_consent_decide(
    *, token: str, participation: bool, name_consent: bool, photo_consent: bool, signed_name: str, text_version: str
) -> GuardianConsent:
    """The guardian's answer through a link: the link is used up; the guardian gets a confirmation with a new
    link (to change or withdraw later). Raises LinkNotUsable, YouthError."""
    lookup = consent_link_lookup(token=token)
    if lookup.state != "valid":
        raise LinkNotUsable()
    registration = lookup.link.youth.registration
    services._lock_registration(registration=registration)
    link = ConsentLink.objects.select_for_update().get(pk=lookup.link.pk)
    if link.used_at is not None or link.revoked_at is not None:
        raise LinkNotUsable()
    if not registration.is_active:
        raise YouthError(_("This registration is no longer active: there is nothing to consent to."))
    if text_version != CONSENT_TEXT_VERSION:
        raise YouthError(_("The consent text has just changed: please read it again and answer."))
    if not (signed_name or "").strip():
        raise ValidationError({"signed_name": _("Type your full name to sign.")})
    details = YouthDetails.objects.select_for_update().get(pk=link.youth_id)
    details.registration = registration
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    consent = _apply_decision(
        details=details,
        registration=registration,
        method=GuardianConsent.Method.LINK,
        participation=participation,
        name_consent=name_consent,
        photo_consent=photo_consent,
        signed_name=signed_name,
        by=None,
    )
    if registration.is_active and details.participation == Participation.GIVEN:
        _send_link(details=details, by=None)
    return consent


def validate_consent_document(upload) -> str:
    """A signed form: PDF, JPEG or PNG recognised by its content, at most 5 MB. Returns its content type."""
    if upload is None:
        raise ValidationError(_("Upload the signed form."), code="required")
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(_("The file must be 5 MB or smaller."), code="too_big")
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in DOCUMENT_TYPES:
        raise ValidationError(_("Upload a PDF, JPEG or PNG file."), code="bad_type")
    if kind.mime == "application/pdf":
        if not head.startswith(b"%PDF-"):
            raise ValidationError(_("Upload a PDF, JPEG or PNG file."), code="bad_type")
        return kind.mime
    from PIL import Image, UnidentifiedImageError

    try:
        with image_bombs_raised(), Image.open(upload) as image:
            if image.format not in ("JPEG", "PNG"):
                raise ValidationError(_("Upload a PDF, JPEG or PNG file."), code="bad_type")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, *IMAGE_BOMBS) as error:
        raise ValidationError(_("This file is not a readable image."), code="unreadable") from error
    finally:
        upload.seek(0)
    return kind.mime


@transaction.atomic
def guardian_consent_record_paper(
    *,
    registration: Registration,
    by: User,
    participation: bool,
    name_consent: bool,
    photo_consent: bool,
    signed_name: str,
    document,
) -> GuardianConsent:
    """An organiser records a signed paper form (kept in private storage). Raises YouthError, ValidationError."""
    if not is_organiser(by):
        raise YouthError(_("Only organisers can record a paper form."))
    document_type = validate_consent_document(document)
    services._lock_registration(registration=registration)
    if not registration.is_youth:
        raise YouthError(_("This is not a youth delegate's registration."))
    if not registration.is_active:
        raise YouthError(_("This registration is no longer active: reopen it first."))
    if not (signed_name or "").strip():
        raise ValidationError({"signed_name": _("Give the name of the person who signed the form.")})
    details = YouthDetails.objects.select_for_update().filter(registration=registration).first()
    if details is None:
        details = YouthDetails.objects.create(registration=registration)
    details.registration = registration
    # The paper form replaces any link still out.
    ConsentLink.objects.filter(youth=details, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return _apply_decision(
        details=details,
        registration=registration,
        method=GuardianConsent.Method.PAPER,
        participation=participation,
        name_consent=name_consent,
        photo_consent=photo_consent,
        signed_name=signed_name,
        by=by,
        document=document,
        document_type=document_type,
    )


def youth_decide_if_ready(*, registration: Registration) -> Registration:
    """In an auto-approval edition, a submitted youth registration that nothing blocks any more is approved if a
    seat is left, waitlisted if not (call it in a transaction holding the edition lock)."""
    edition = registration.edition
    if (
        registration.status != Status.SUBMITTED
        or edition.mode != edition.Mode.AUTO
        or services.youth_approval_blockers(registration=registration)
    ):
        return registration
    if services._Seats.read(edition).fits(registration.country):
        return services._set_status(
            registration=registration,
            to=Status.APPROVED,
            by=None,
            reason=_("Approved automatically: the guardian consented, a chaperone is recorded and a seat was left."),
        )
    return services._set_status(
        registration=registration, to=Status.WAITLISTED, by=None, reason=_("No seat was left: on the waiting list.")
    )


# --- Documents ---------------------------------------------------------------------------------------


@transaction.atomic
def consent_document_access(*, consent: GuardianConsent, by: User, download: bool) -> GuardianConsent:
    """Log that an organiser opens (or downloads) a consent document, before it is handed out."""
    if not is_organiser(by):
        raise YouthError(_("Only organisers can open consent documents."))
    if not consent.document:
        raise YouthError(_("This consent has no document (any more)."))
    ConsentDocumentAccess.objects.create(
        consent=consent,
        user=by,
        action=ConsentDocumentAccess.Action.DOWNLOADED if download else ConsentDocumentAccess.Action.VIEWED,
    )
    return consent
