"""Every write on certificates. Callers (forum, trainings) hand in what a certificate is for; see README.md."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.errors import DomainError
from people.models import Organisation, User

from .models import (
    Certificate,
    CertificateTemplate,
    CertificateTemplateVersion,
    SerialCounter,
    Signatory,
    TemplateSignatory,
)

SERIAL_PREFIX = "COP"


class CertificateError(DomainError):
    """A certificate could not be issued, revoked or reissued; `message` is translated."""


def _serial_allocate(*, year: int) -> str:
    """The next serial of `year`, allocated under a row lock on that year's counter."""
    SerialCounter.objects.get_or_create(year=year)
    counter = SerialCounter.objects.select_for_update().get(year=year)
    counter.last_number = F("last_number") + 1
    counter.save(update_fields=["last_number"])
    counter.refresh_from_db(fields=["last_number"])
    return f"{SERIAL_PREFIX}-{year}-{counter.last_number:06d}"


def _template_version_for(*, kind: str, template: CertificateTemplate | None) -> CertificateTemplateVersion:
    templates = CertificateTemplate.objects.filter(kind=kind)
    if template is not None:
        templates = templates.filter(pk=template.pk)
    version = (
        CertificateTemplateVersion.objects.filter(template__in=templates)
        .order_by("-template__created_at", "-template_id", "-version")
        .first()
    )
    if version is None:
        raise CertificateError(_("There is no certificate template of this kind yet."))
    return version


@transaction.atomic
def certificate_issue(
    *,
    kind: str,
    template: CertificateTemplate | None = None,
    recipient: User | None,
    recipient_email: str = "",
    recipient_name_latin: str,
    recipient_name_native: str = "",
    recipient_language: str,
    organisation: Organisation | None,
    subject_en: str,
    subject_km: str = "",
    starts_on: date,
    ends_on: date,
    hours: Decimal | None,
    guideline_version: str = "",
    source_key: str,
    issued_by: User | None,
    notify: bool = True,
) -> Certificate:
    """Issue a certificate, or return the valid one already issued for `source_key` (idempotent).

    The certificate is pinned to the newest version of `template` (or of the newest template of `kind`).
    The recipient's details are copied: later profile changes do not alter an issued certificate.
    With `notify`, the recipient gets an e-mail in their language (after the transaction commits).
    """
    if not source_key:
        raise ValueError("source_key is required")
    if recipient_language not in dict(settings.LANGUAGES):
        recipient_language = settings.LANGUAGE_CODE
    existing = Certificate.objects.filter(Certificate.counted_q(), source_key=source_key).first()
    if existing is not None:
        return existing
    if starts_on > ends_on:
        raise CertificateError(_("The start date is after the end date."))
    version = _template_version_for(kind=kind, template=template)
    now = timezone.now()
    try:
        # A savepoint: a parallel issue for the same source hits the unique constraint; we then return its row.
        with transaction.atomic():
            certificate = Certificate.objects.create(
                kind=kind,
                template_version=version,
                serial=_serial_allocate(year=timezone.localdate(now).year),
                recipient=recipient,
                recipient_email=recipient_email or (recipient.email if recipient else ""),
                recipient_name_latin=recipient_name_latin,
                recipient_name_native=recipient_name_native,
                language=recipient_language,
                organisation=organisation,
                subject_en=subject_en,
                subject_km=subject_km,
                starts_on=starts_on,
                ends_on=ends_on,
                hours=hours,
                guideline_version=guideline_version,
                source_key=source_key,
                issued_at=now,
                issued_by=issued_by,
            )
    except IntegrityError:
        existing = Certificate.objects.filter(source_key=source_key, status=Certificate.Status.VALID).first()
        if existing is None:
            raise
        return existing
    if notify and certificate.recipient_email:
        transaction.on_commit(lambda: _certificate_notify(certificate))
    return certificate


def recipient_fields(user: User) -> dict:
    """The `certificate_issue` arguments that name a registered person: names as they write them, their language."""
    return {
        "recipient": user,
        "recipient_name_latin": user.get_full_name() or user.email,
        "recipient_name_native": user.native_name,
        "recipient_language": user.language,
    }


@dataclass
class IssueOutcome:
    """What a batch issue did: certificates issued now, and those already valid that came back unchanged."""

    issued: list[Certificate] = field(default_factory=list)
    existing: list[Certificate] = field(default_factory=list)


def sources_lock(queryset, ids) -> list | None:
    """The rows a batch of certificates is issued for, locked in pk order, so that parallel batches for the same
    rows wait and certificates_issue counts the ones already issued exactly; None unless every id is one of them.
    Call it in the batch's transaction."""
    rows = list(queryset.select_for_update(of=("self",)).filter(pk__in=ids).order_by("pk"))
    return rows if len(rows) == len(set(ids)) else None


@transaction.atomic
def certificates_issue(*, requests: Iterable[dict], issued_by: User | None) -> IssueOutcome:
    """Issue a certificate for each request (the keyword arguments of `certificate_issue`, `issued_by` aside), in
    order. The caller locks the rows the requests come from, so that parallel batches for the same sources wait
    and `existing` is exact. Raises CertificateError for the first request that cannot be issued (nothing of the
    batch stays)."""
    requests = list(requests)
    valid_before = set(
        Certificate.objects.filter(
            Certificate.counted_q(), source_key__in=[request["source_key"] for request in requests]
        ).values_list("source_key", flat=True)
    )
    outcome = IssueOutcome()
    for request in requests:
        certificate = certificate_issue(**request, issued_by=issued_by)
        (outcome.existing if request["source_key"] in valid_before else outcome.issued).append(certificate)
    return outcome


def _recipient_email(certificate: Certificate, template_prefix: str, **context) -> None:
    """The e-mail `template_prefix` to the certificate's recipient in their language, with the certificate, their
    name, its subject and its verification link in the context, and `context`."""
    from people.emails import absolute_url, send_templated_email

    send_templated_email(
        template_prefix=template_prefix,
        to=certificate.recipient_email,
        context={
            "certificate": certificate,
            "name": certificate.display_name,
            "subject": certificate.subject(certificate.language),
            "verify_url": absolute_url(certificate.verification_path()),
            **context,
        },
        language=certificate.language,
    )


def _certificate_notify(certificate: Certificate) -> None:
    from people.emails import absolute_url

    _recipient_email(
        certificate,
        "certificates/email/issued",
        pdf_url=absolute_url(f"/certificates/{certificate.code}/pdf/"),
        mine_url=absolute_url("/certificates/"),
    )


def _revocation_notify(certificate: Certificate) -> None:
    _recipient_email(certificate, "certificates/email/revoked", reason=certificate.revoked_reason)


@transaction.atomic
def certificate_revoke(
    *, certificate: Certificate, reason: str, by: User | None, notify: bool = True, by_holder: bool = False
) -> Certificate:
    """Revoke a valid certificate with a reason (shown on the verification page). Its PDF gets a REVOKED stamp. With
    `notify`, the recipient is told in their language (after the transaction commits). `by_holder`: its holder
    withdrew it (privacy.erasure); it still counts as issued (Certificate.counted_q)."""
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Give a reason for the revocation."))
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status != Certificate.Status.VALID:
        raise CertificateError(_("This certificate is already revoked."))
    certificate.status = Certificate.Status.REVOKED
    certificate.revoked_reason = reason
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = by
    certificate.withdrawn_by_holder = by_holder
    certificate.pdf_version = F("pdf_version") + 1
    certificate.save(
        update_fields=["status", "revoked_reason", "revoked_at", "revoked_by", "withdrawn_by_holder", "pdf_version"]
    )
    certificate.refresh_from_db()
    if notify and certificate.recipient_email:
        transaction.on_commit(lambda: _revocation_notify(certificate))
    return certificate


@transaction.atomic
def certificate_reissue(*, certificate: Certificate, by: User | None, reason: str) -> Certificate:
    """Issue a replacement (new serial and code, the template's newest version) and revoke the old one."""
    # The recipient hears of the replacement, issued below, rather than of the revocation.
    old = certificate_revoke(certificate=certificate, reason=reason, by=by, notify=False)
    new = certificate_issue(
        kind=old.kind,
        template=old.template_version.template,
        recipient=old.recipient,
        recipient_email=old.recipient_email,
        recipient_name_latin=(old.recipient.get_full_name() if old.recipient else "") or old.recipient_name_latin,
        recipient_name_native=old.recipient.native_name if old.recipient else old.recipient_name_native,
        recipient_language=old.recipient.language if old.recipient else old.language,
        organisation=old.organisation,
        subject_en=old.subject_en,
        subject_km=old.subject_km,
        starts_on=old.starts_on,
        ends_on=old.ends_on,
        hours=old.hours,
        guideline_version=old.guideline_version,
        source_key=old.source_key,
        issued_by=by,
    )
    old.replaced_by = new
    old.save(update_fields=["replaced_by"])
    return new


@transaction.atomic
def certificate_template_create(*, key: str, kind: str, name: str, by: User | None, **content) -> CertificateTemplate:
    template = CertificateTemplate.objects.create(key=key, kind=kind, name=name, created_by=by)
    certificate_template_version_create(template=template, by=by, **content)
    return template


@transaction.atomic
def certificate_template_version_create(
    *,
    template: CertificateTemplate,
    by: User | None,
    title_en: str,
    title_km: str,
    body_en: str,
    body_km: str,
    signatories: list[Signatory] = (),
    logo_left=None,
    logo_right=None,
) -> CertificateTemplateVersion:
    """Editing a template = a new version row. Issued certificates keep the version they were issued with."""
    template = CertificateTemplate.objects.select_for_update().get(pk=template.pk)
    previous = template.versions.order_by("-version").first()
    version = CertificateTemplateVersion(
        template=template,
        version=(previous.version + 1) if previous else 1,
        title_en=title_en,
        title_km=title_km,
        body_en=body_en,
        body_km=body_km,
        created_by=by,
    )
    # Logos carry over from the previous version unless new ones are given (same file, never rewritten).
    version.logo_left = logo_left or (previous.logo_left if previous else None)
    version.logo_right = logo_right or (previous.logo_right if previous else None)
    version.save()
    for position, signatory in enumerate(signatories):
        TemplateSignatory.objects.create(version=version, signatory=signatory, position=position)
    return version


@transaction.atomic
def signatory_create(*, name: str, title: str = "", organisation_name: str = "", signature=None) -> Signatory:
    return Signatory.objects.create(name=name, title=title, organisation_name=organisation_name, signature=signature)


def certificate_cached_pdf(certificate: Certificate) -> bytes | None:
    """The certificate's PDF from the private cache when the row as read says it is current; None otherwise (not
    rendered yet, out of date, or its file gone). Reads no row: for many certificates at once, with
    `certificate_pdf` for those it has none of."""
    if certificate.pdf_file and certificate.pdf_cached_version == certificate.pdf_version:
        try:
            with certificate.pdf_file.open("rb") as handle:
                return handle.read()
        except FileNotFoundError:
            pass
    return None


@transaction.atomic
def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate's PDF, from the private cache when it is current, else rendered and cached.

    The row is locked while checking and filling the cache, so two downloads of a new certificate render once.
    """
    from .pdf import render_certificate

    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    cached = certificate_cached_pdf(locked)
    if cached is not None:
        return cached
    content = render_certificate(locked)
    old_name = locked.pdf_file.name if locked.pdf_file else ""
    locked.pdf_file.save(f"{locked.serial}-v{locked.pdf_version}.pdf", ContentFile(content), save=False)
    locked.pdf_cached_version = locked.pdf_version
    locked.save(update_fields=["pdf_file", "pdf_cached_version"])
    if old_name and old_name != locked.pdf_file.name:
        storage = locked.pdf_file.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    return content
