"""The guardian's decisions about a youth delegate, by link or on a signed paper form, what they do to the
registration, the signed forms (private storage, every access logged) and their deletion after the forum.

- A refusal, or a consent withdrawn later, cancels the registration through the life cycle, which gives a freed seat
  to the waiting list in the same transaction.
- Photos and the public name of a minor stay off until the guardian turns them on.
- Retention: `purge_expired_youth_data` (a periodic job) deletes the documents, guardian and chaperone details and
  dates of birth settings.FORUM_YOUTH_RETENTION_DAYS after the forum's last day, keeping only the fact that consent
  was given (how, when, text version).
"""

from __future__ import annotations

import datetime
import logging
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from people.access import Kind, reveal_record
from people.emails import absolute_url, send_templated_email
from people.i18n import localized
from people.inputs import upload_checked
from people.models import User
from people.permissions import is_organiser

from ..errors import LinkNotUsable, YouthError
from ..models import (
    ConsentDocumentAccess,
    ConsentLink,
    ForumEdition,
    GuardianConsent,
    Participation,
    Registration,
    YouthDetails,
)
from ..models.youth import DELEGATE_ANSWER_MESSAGES
from ..selectors.youth import consent_link_lookup
from .anonymise import youth_details_purge
from .lifecycle import registration_cancel
from .reach import reach_record_edition
from .seats import registration_lock
from .youth import guardian_link_send, youth_decide_if_ready

logger = logging.getLogger(__name__)

# The version of the consent text the guardian reads (templates/forum/youth/_consent_text.html). Change it with
# every change of that text: each consent record keeps the version that was shown.
CONSENT_TEXT_VERSION = "2026.1"


MAX_DOCUMENT_BYTES = 5 * 1024 * 1024


DOCUMENT_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
DOCUMENT_FORMATS = {"application/pdf": None, "image/jpeg": "JPEG", "image/png": "PNG"}  # as Pillow names them


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
        registration_cancel(registration=registration, by=by, reason=reason)
    transaction.on_commit(lambda: _tell_delegate(registration, state))
    return consent


def _tell_delegate(registration: Registration, state: str) -> None:
    user = registration.user
    language = user.language or settings.LANGUAGE_CODE
    with translation.override(language):
        path = reverse("forum:registration", kwargs={"slug": registration.edition.slug})
    send_templated_email(
        template_prefix="forum/email/youth_guardian_answered",
        to=user.email,
        context={
            "reference": registration.reference,
            "answer_message": DELEGATE_ANSWER_MESSAGES[state],
            "edition_title": localized(registration.edition, "title", language),
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
    registration_lock(registration=registration)
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
        guardian_link_send(details=details, by=None)
    return consent


def validate_consent_document(upload) -> str:
    """A signed form: PDF, JPEG or PNG recognised by its content, at most 5 MB. Returns its content type."""
    if upload is None:
        raise ValidationError(_("Upload the signed form."), code="required")
    return upload_checked(
        upload,
        types=DOCUMENT_FORMATS,
        max_bytes=MAX_DOCUMENT_BYTES,
        too_big=_("The file must be 5 MB or smaller."),
        wrong_type=_("Upload a PDF, JPEG or PNG file."),
    )


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
    registration_lock(registration=registration)
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


@transaction.atomic
def consent_document_open(*, consent: GuardianConsent, by: User, download: bool):
    """The consent document's file, opened for an organiser to view (or download), and the access logged before it
    is handed out. The storage is read first: an organiser who got the "files unavailable" page (the storage's error
    is raised as it is) or a 404 (FileNotFoundError) saw nothing, and nothing is logged."""
    if not is_organiser(by):
        raise YouthError(_("Only organisers can open consent documents."))
    if not consent.document:
        raise YouthError(_("This consent has no document (any more)."))
    handle = consent.document.open("rb")
    try:
        _document_access_log(consent=consent, by=by, download=download)
    except BaseException:
        handle.close()
        raise
    return handle


def _document_access_log(*, consent: GuardianConsent, by: User, download: bool) -> None:
    ConsentDocumentAccess.objects.create(
        consent=consent,
        user=by,
        action=ConsentDocumentAccess.Action.DOWNLOADED if download else ConsentDocumentAccess.Action.VIEWED,
    )
    subject = _("Consent document of %(reference)s") % {"reference": consent.youth.registration.reference}
    reveal_record(by=by, kind=Kind.CONSENT, subject=subject, people=1)


# --- Retention ---------------------------------------------------------------------------------------


def purge_expired_youth_data(*, today: datetime.date | None = None) -> str:
    """Delete the consent documents, the guardian's details, the date of birth and the chaperone's details of every
    youth delegate of a forum that ended more than settings.FORUM_YOUTH_RETENTION_DAYS days ago. What stays: the
    state of consent (`participation`, `consent_given_at`) and each decision (how, when, what, text version),
    without who signed it. Returns a summary ("" when there was nothing to do).

    Whom each of these editions reached is copied for the reports first (forum.services.reach; the periodic job
    before this one has done it already, this is for safety): a date of birth deleted changes no report."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.FORUM_YOUTH_RETENTION_DAYS)
    pending = YouthDetails.objects.filter(purged_at__isnull=True, registration__edition__ends_on__lt=cutoff)
    for edition in ForumEdition.objects.filter(pk__in=pending.values("registration__edition")):
        reach_record_edition(edition=edition)
    purged = documents = 0
    for pk in pending.values_list("pk", flat=True).iterator(chunk_size=200):
        with transaction.atomic():
            details = YouthDetails.objects.select_for_update().filter(pk=pk, purged_at__isnull=True).first()
            if details is None:
                continue
            documents += youth_details_purge(details)
            purged += 1
    if not purged:
        return ""
    logger.info("Youth data purged: %s delegates, %s documents", purged, documents)
    return f"purged the details of {purged} youth delegates and {documents} consent documents"
