"""certificates.json of a person's own data, and the PDF of each valid certificate (certificates/<serial>.pdf):
those whose recipient is the person. A revoked certificate is listed, without its PDF. Written in the person's
language (the caller's translation.override)."""

from __future__ import annotations

from collections.abc import Iterator

from certificates.models import Certificate
from certificates.pdf import verification_url
from certificates.services import certificate_cached_pdf, certificate_pdf

from .selectors import OwnRecords
from .values import choice, number, when


def pdf_name(certificate: Certificate) -> str | None:
    """Where the certificate's PDF goes in the archive; None for a revoked one (it has none)."""
    return f"certificates/{certificate.serial}.pdf" if certificate.is_valid else None


def _certificate(certificate: Certificate) -> dict:
    return {
        "serial": certificate.serial,
        "verification_code": certificate.code_display,
        "verification_url": verification_url(certificate),
        "kind": choice(certificate, "kind"),
        "status": choice(certificate, "status"),
        "subject": certificate.subject(),
        "name_in_latin_script": certificate.recipient_name_latin,
        "name_in_your_own_script": certificate.recipient_name_native,
        "email": certificate.recipient_email,
        "language": choice(certificate, "language"),
        "organisation": certificate.organisation.name if certificate.organisation else None,
        "starts_on": when(certificate.starts_on),
        "ends_on": when(certificate.ends_on),
        "hours": number(certificate.hours),
        "guideline_version": certificate.guideline_version,
        "issued_at": when(certificate.issued_at),
        "revoked_at": when(certificate.revoked_at),
        "reason_for_revocation": certificate.revoked_reason,
        "replaced_by": certificate.replaced_by.serial if certificate.replaced_by else None,
        "pdf": pdf_name(certificate),
    }


def certificates_data(records: OwnRecords) -> dict:
    """certificates.json."""
    return {"certificates": [_certificate(certificate) for certificate in records.certificates]}


def certificate_pdfs(records: OwnRecords) -> Iterator[tuple[str, bytes]]:
    """(name in the archive, PDF) of each valid certificate, one at a time: the cached PDF when it is current (no
    query), else the certificates app renders and caches it (certificates.services.certificate_pdf)."""
    for certificate in records.certificates:
        name = pdf_name(certificate)
        if name is not None:
            yield name, certificate_cached_pdf(certificate) or certificate_pdf(certificate)
