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

from .emails import certificate_issued_notify, certificate_revoked_notify
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


def _serials_allocate(*, year: int, count: int) -> list[str]:
    """The next `count` serials of `year`, consecutive, allocated under a row lock on that year's counter (four
    queries whatever `count`)."""
    SerialCounter.objects.get_or_create(year=year)
    counter = SerialCounter.objects.select_for_update().get(year=year)
    counter.last_number = F("last_number") + count
    counter.save(update_fields=["last_number"])
    counter.refresh_from_db(fields=["last_number"])
    first = counter.last_number - count + 1
    return [f"{SERIAL_PREFIX}-{year}-{number:06d}" for number in range(first, counter.last_number + 1)]


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


def _checked_language(language: str) -> str:
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _unsaved(
    *,
    version: CertificateTemplateVersion,
    serial: str,
    now,
    issued_by: User | None,
    kind: str,
    recipient: User | None,
    recipient_email: str = "",
    recipient_language: str,
    template: CertificateTemplate | None = None,
    notify: bool = True,
    **snapshot,
) -> Certificate:
    """The certificate a request describes (the keyword arguments of `certificate_issue`), not saved yet."""
    return Certificate(
        kind=kind,
        template_version=version,
        serial=serial,
        recipient=recipient,
        recipient_email=recipient_email or (recipient.email if recipient else ""),
        language=_checked_language(recipient_language),
        issued_at=now,
        issued_by=issued_by,
        **snapshot,
    )


def _check_dates(request: dict) -> None:
    if request["starts_on"] > request["ends_on"]:
        raise CertificateError(_("The start date is after the end date."))


def _version_key(request: dict) -> tuple:
    template = request.get("template")
    return request["kind"], template.pk if template else None


def _notify_after_commit(certificate: Certificate, notify: bool) -> None:
    if notify and certificate.recipient_email:
        transaction.on_commit(lambda: certificate_issued_notify(certificate))


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
    Several at once: `certificates_issue`.
    """
    request = {key: value for key, value in locals().items() if key not in {"issued_by", "notify"}}  # the arguments
    if not source_key:
        raise ValueError("source_key is required")
    existing = Certificate.objects.filter(Certificate.counted_q(), source_key=source_key).first()
    if existing is not None:
        return existing
    _check_dates(request)
    version = _template_version_for(kind=kind, template=template)
    now = timezone.now()
    try:
        # A savepoint: a parallel issue for the same source hits the unique constraint; we then return its row.
        with transaction.atomic():
            [serial] = _serials_allocate(year=timezone.localdate(now).year, count=1)
            certificate = _unsaved(**request, version=version, serial=serial, now=now, issued_by=issued_by)
            certificate.save(force_insert=True)
    except IntegrityError:
        existing = Certificate.objects.filter(source_key=source_key, status=Certificate.Status.VALID).first()
        if existing is None:
            raise
        return existing
    _notify_after_commit(certificate, notify)
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
    order, in a fixed number of queries whatever their number (the e-mails, one each, after the commit); sources
    with a valid certificate get it back unchanged (`existing`). The caller locks the rows the requests come from,
    so that parallel batches for the same sources wait and `existing` is exact; should an issue for one of these
    sources commit meanwhile all the same, the batch is issued one by one instead, each getting the row that won.
    Raises CertificateError for the first request that cannot be issued (nothing of the batch stays)."""
    requests = list(requests)
    if not all(request.get("source_key") for request in requests):
        raise ValueError("source_key is required")
    keys = [request["source_key"] for request in requests]
    valid_before = {
        certificate.source_key: certificate
        for certificate in Certificate.objects.filter(Certificate.counted_q(), source_key__in=keys)
    }
    fresh: dict[str, dict] = {}  # source key: its first request
    for request in requests:
        if request["source_key"] not in valid_before and request["source_key"] not in fresh:
            _check_dates(request)
            fresh[request["source_key"]] = request
    issued = _issued_at_once(list(fresh.values()), issued_by=issued_by) if fresh else {}
    outcome = IssueOutcome()
    for request, key in zip(requests, keys, strict=True):
        certificate = certificate_issue(**request, issued_by=issued_by) if issued is None else None
        if key in valid_before:
            outcome.existing.append(certificate or valid_before[key])
        else:
            outcome.issued.append(certificate or issued[key])
    return outcome


def _issued_at_once(requests: list[dict], *, issued_by: User | None) -> dict[str, Certificate] | None:
    """`requests` (for sources without a valid certificate) issued in one insert: {source key: certificate}; None,
    and nothing written, when a parallel issue for one of the sources committed since they were looked up."""
    versions: dict[tuple, CertificateTemplateVersion] = {}
    for request in requests:
        if _version_key(request) not in versions:
            versions[_version_key(request)] = _template_version_for(
                kind=request["kind"], template=request.get("template")
            )
    now = timezone.now()
    try:
        with transaction.atomic():  # a savepoint: the serials go back with it
            serials = _serials_allocate(year=timezone.localdate(now).year, count=len(requests))
            certificates = Certificate.objects.bulk_create(
                _unsaved(
                    **request, version=versions[_version_key(request)], serial=serial, now=now, issued_by=issued_by
                )
                for request, serial in zip(requests, serials, strict=True)
            )
    except IntegrityError:
        return None
    for request, certificate in zip(requests, certificates, strict=True):
        _notify_after_commit(certificate, request.get("notify", True))
    return {certificate.source_key: certificate for certificate in certificates}


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
        transaction.on_commit(lambda: certificate_revoked_notify(certificate))
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
