"""Reporting a concern and handling it (DESIGN.md, safeguarding.models).

A report keeps only what the reporter typed: no account, no address, no time of day beyond the case's own
`received_at`. Its follow-up link is shown once to the reporter; only the link's SHA-256 is kept. Officers are
e-mailed at once with a link to the case and nothing of its content; an urgent case says so in the subject.

Every change an officer makes is written to the case's AccessLog in the same transaction (so is every view:
`case_viewed`).
"""

from __future__ import annotations

import datetime
import hashlib
import io
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from people.emails import absolute_url, send_templated_email

from .errors import SafeguardingError
from .models import AccessLog, Attachment, CaseEntry, Concern, Officer

REPORT_FIELDS = (
    "what_happened",
    "happened_when",
    "place",
    "place_details",
    "who_involved",
    "danger_now",
    "reporter_name",
    "reporter_contact",
)


# Additions by the reporter within this many minutes of the last one send the officers no new e-mail.
REPORTER_EMAIL_MINUTES = 15


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token(concern: Concern) -> str:
    token = secrets.token_urlsafe(24)
    concern.token_hash = token_digest(token)
    return token


def log(*, concern: Concern | None, actor, action: str, detail: str = "") -> AccessLog:
    """Write one line of the access log (the detail names no content of a case)."""
    return AccessLog.objects.create(concern=concern, actor=actor, action=action, detail=detail[:300])


def email_on_commit(recipients: list[tuple[str, str]], *, template: str, context: dict, view: str, **kwargs) -> None:
    """Once the transaction commits, e-mail each (address, language) of `recipients` the `context` and a `link` to
    the page `view` (with `kwargs`), each in their own language."""

    def send():
        for email, language in recipients:
            with translation.override(language):
                link = absolute_url(reverse(view, kwargs=kwargs))
            send_templated_email(
                template_prefix=template, to=email, language=language, context={**context, "link": link}
            )

    transaction.on_commit(send)


def _tell_officers(concern: Concern, *, template: str, exclude: Officer | None = None) -> None:
    """E-mail every officer a link to the case, nothing of its content, each in their own language."""
    officers = Officer.objects.select_related("user").filter(user__is_active=True)
    if exclude is not None:
        officers = officers.exclude(pk=exclude.pk)
    recipients = [(officer.user.email, officer.user.language or settings.LANGUAGE_CODE) for officer in officers]
    context = {"reference": concern.reference, "urgent": concern.danger_now}
    email_on_commit(recipients, template=template, context=context, view="safeguarding:case", pk=concern.pk)


def _attach(concern: Concern, upload, *, by_reporter: bool) -> Attachment:
    """Keep an upload already checked by the form (people.inputs: type and size) in private storage, under a
    random name (the reporter's file name may say who they are)."""
    attachment = Attachment(
        concern=concern,
        content_type=upload.content_type,
        size=upload.size,
        added_by_reporter=by_reporter,
    )
    extension = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf"}.get(
        upload.content_type, "bin"
    )
    content = _without_metadata(upload, extension)
    attachment.size = content.size
    attachment.file.save(f"{secrets.token_hex(16)}.{extension}", content, save=False)
    attachment.save()
    return attachment


def _without_metadata(upload, extension: str):
    """An image drawn again from its pixels alone: no EXIF (a phone photo's position, device and time), no other
    chunk riding along. A PDF is kept as it is."""
    if extension not in ("jpg", "png", "webp"):
        return upload
    upload.seek(0)
    with Image.open(upload) as image:
        image = ImageOps.exif_transpose(image)
        if extension == "jpg" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        output = io.BytesIO()
        image.save(output, format={"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}[extension], quality=90)
    return ContentFile(output.getvalue())


@transaction.atomic
def concern_report(*, data: dict, attachment=None, language: str) -> tuple[Concern, str]:
    """A new concern from anyone: (the case, the follow-up link's token, to show once). Officers are told at once."""
    concern = Concern(reporter_language=language)
    for field in REPORT_FIELDS:
        if field in data and data[field] is not None:
            setattr(concern, field, data[field])
    concern.full_clean(exclude=["number", "token_hash"], validate_unique=False, validate_constraints=False)
    token = _new_token(concern)
    for _attempt in range(5):
        concern.number = (Concern.objects.aggregate(last=Max("number"))["last"] or 0) + 1
        try:
            with transaction.atomic():
                concern.save()
            break
        except IntegrityError:  # another report took the number a moment ago
            concern.pk = None
    else:
        raise SafeguardingError(_("The report could not be saved. Please send it again."))
    if attachment is not None:
        _attach(concern, attachment, by_reporter=True)
    _tell_officers(concern, template="safeguarding/email/new_concern")
    return concern, token


def concern_from_token(token: str) -> Concern | None:
    """The case whose follow-up link this is, or None (never one, or its content erased)."""
    if not token or len(token) > 200:
        return None
    return Concern.objects.filter(token_hash=token_digest(token), erased_at__isnull=True).first()


@transaction.atomic
def reporter_add(*, concern: Concern, text: str, attachment=None) -> CaseEntry:
    """The reporter adds information from their follow-up link; the case's officers are told."""
    text = (text or "").strip()
    if not text and attachment is None:
        raise SafeguardingError(_("Write what you want to add, or attach a file."), field="text")
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    if concern.is_erased:
        raise SafeguardingError(_("This case is closed."))
    told_lately = CaseEntry.objects.filter(
        concern=concern,
        kind=CaseEntry.Kind.FROM_REPORTER,
        created_at__gte=timezone.now() - datetime.timedelta(minutes=REPORTER_EMAIL_MINUTES),
    ).exists()
    entry = CaseEntry(concern=concern, kind=CaseEntry.Kind.FROM_REPORTER, text=text or str(_("(a file)")))
    entry.full_clean(exclude=["concern", "author"])
    entry.save()
    if attachment is not None:
        _attach(concern, attachment, by_reporter=True)
    if not told_lately:
        # One e-mail for a run of additions: the officers read them all on the case's page.
        _tell_officers(concern, template="safeguarding/email/reporter_added")
    return entry


# --- Officers handle a case ---------------------------------------------------------------------------------------


def case_viewed(*, concern: Concern, officer: Officer, detail: str = "") -> None:
    log(concern=concern, actor=officer.user, action=AccessLog.Action.VIEWED, detail=detail)


def _locked(concern: Concern) -> Concern:
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    if concern.is_erased:
        raise SafeguardingError(_("The content of this case was erased at the end of its retention."))
    return concern


@transaction.atomic
def case_set_status(*, concern: Concern, status: str, officer: Officer) -> Concern:
    """Move a case along its life cycle (Concern.TRANSITIONS); closing it starts its retention."""
    concern = _locked(concern)
    if status not in Concern.Status.values or not concern.can_move_to(status):
        raise SafeguardingError(
            _("A case that is %(status)s cannot be moved there.") % {"status": concern.get_status_display().lower()},
            field="status",
        )
    previous = concern.status
    now = timezone.now()
    concern.status, concern.status_changed_at = status, now
    concern.closed_at = now if status == Concern.Status.CLOSED else None
    concern.save(update_fields=["status", "status_changed_at", "closed_at"])
    log(concern=concern, actor=officer.user, action=AccessLog.Action.CHANGED, detail=f"status: {previous} → {status}")
    return concern


@transaction.atomic
def case_set_owner(*, concern: Concern, owner: Officer | None, officer: Officer) -> Concern:
    concern = _locked(concern)
    concern.owner = owner
    concern.save(update_fields=["owner"])
    detail = f"owner: {owner.user.email if owner else '-'}"
    log(concern=concern, actor=officer.user, action=AccessLog.Action.CHANGED, detail=detail)
    return concern


@transaction.atomic
def case_add_entry(
    *,
    concern: Concern,
    kind: str,
    text: str,
    officer: Officer,
    referred_to: str = "",
    due_on: datetime.date | None = None,
) -> CaseEntry:
    """An officer's note, action (with the date it is due), referral (to whom) or message to the reporter (read on
    their follow-up link)."""
    concern = _locked(concern)
    if kind not in (CaseEntry.Kind.NOTE, CaseEntry.Kind.ACTION, CaseEntry.Kind.REFERRAL, CaseEntry.Kind.TO_REPORTER):
        raise SafeguardingError(_("Unknown kind of entry."), field="kind")
    if kind == CaseEntry.Kind.TO_REPORTER and not concern.token_hash:
        raise SafeguardingError(_("The reporter has no follow-up link any more."), field="kind")
    entry = CaseEntry(
        concern=concern,
        kind=kind,
        text=(text or "").strip(),
        referred_to=referred_to if kind == CaseEntry.Kind.REFERRAL else "",
        due_on=due_on if kind == CaseEntry.Kind.ACTION else None,
        author=officer,
    )
    if kind == CaseEntry.Kind.REFERRAL and not entry.referred_to:
        raise SafeguardingError(_("Say to whom the case is referred."), field="referred_to")
    entry.full_clean(exclude=["concern", "author"], validate_constraints=False)
    entry.save()
    log(concern=concern, actor=officer.user, action=AccessLog.Action.CHANGED, detail=f"added: {kind}")
    return entry


@transaction.atomic
def action_done(*, entry: CaseEntry, officer: Officer) -> CaseEntry:
    concern = _locked(entry.concern)
    entry = CaseEntry.objects.select_for_update().get(pk=entry.pk, concern=concern)
    if not entry.is_open_action:
        raise SafeguardingError(_("This is not an open action."))
    entry.done_at = timezone.now()
    entry.save(update_fields=["done_at"])
    log(concern=concern, actor=officer.user, action=AccessLog.Action.CHANGED, detail=f"action done: {entry.pk}")
    return entry


def attachment_opened(*, attachment: Attachment, officer: Officer) -> None:
    log(
        concern=attachment.concern,
        actor=officer.user,
        action=AccessLog.Action.DOWNLOADED,
        detail=f"attachment {attachment.pk}",
    )
