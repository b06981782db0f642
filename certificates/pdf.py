"""Certificate PDFs through documents.render (shared fonts, safe fetcher); print jobs use the same context
(certificates.jobs)."""

import io
import mimetypes
from collections.abc import Iterable
from decimal import Decimal

import segno
from django.conf import settings
from django.utils import formats, timezone, translation

from documents.fetcher import data_uri
from documents.render import render_pdf, render_pdf_documents
from people.dates import date_span
from people.i18n import localized

from .models import Certificate, CertificateTemplateVersion
from .placeholders import fill

TEMPLATE = "certificates/pdf/certificate.html"
STYLESHEETS = ("css/certificate_pdf.css",)  # the template's style, parsed once per process (documents.render)
OTHER_LANGUAGE = {"en": "km", "km": "en"}


def verification_url(certificate: Certificate) -> str:
    return settings.SITE_URL.rstrip("/") + certificate.verification_path()


def qr_data_uri(url: str) -> str:
    """The QR code of `url` as a PNG of one pixel a module: the template scales it up unblurred (`image-rendering:
    pixelated`), which costs a fraction of encoding and embedding a large image."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=1, border=4)
    return data_uri(buffer.getvalue(), "image/png")


def _file_data_uri(field) -> str:
    """Embed a stored file (private signatures have no URL) as a data: URI; empty when missing."""
    if not field:
        return ""
    try:
        with field.open("rb") as handle:
            content = handle.read()
    except (FileNotFoundError, ValueError):
        return ""
    content_type = mimetypes.guess_type(field.name)[0] or "image/png"
    return data_uri(content, content_type)


def _format_hours(hours: Decimal | None) -> str:
    if hours is None:
        return ""
    return formats.number_format(hours.normalize() if hours == hours.to_integral() else hours)


def _side(certificate: Certificate, version: CertificateTemplateVersion, language: str) -> dict:
    """The title and text of one language, placeholders filled with the certificate's snapshot."""
    with translation.override(language):
        values = {
            "name": certificate.recipient_name_latin
            if language == "en" or not certificate.recipient_name_native
            else certificate.recipient_name_native,
            "subject": certificate.subject(language),
            "dates": date_span(certificate.starts_on, certificate.ends_on),
            "hours": _format_hours(certificate.hours),
            "guideline_version": certificate.guideline_version,
        }
        # Plain substitution of the fixed placeholders: the text is never evaluated (certificates.placeholders).
        body = fill(localized(version, "body", language), values)
        issued = formats.date_format(timezone.localdate(certificate.issued_at), "DATE_FORMAT")
    return {"language": language, "title": localized(version, "title", language), "body": body, "issued": issued}


def certificate_context(certificate: Certificate) -> dict:
    version = certificate.template_version
    first = certificate.language if certificate.language in OTHER_LANGUAGE else "en"
    return {
        "certificate": certificate,
        "sides": [_side(certificate, version, first), _side(certificate, version, OTHER_LANGUAGE[first])],
        "qr": qr_data_uri(verification_url(certificate)),
        "verification_url": verification_url(certificate),
        "logo_left": _file_data_uri(version.logo_left),
        "logo_right": _file_data_uri(version.logo_right),
        "signatories": [
            {"signatory": signatory, "image": _file_data_uri(signatory.signature)}
            for signatory in version.ordered_signatories()
        ],
        "revoked": not certificate.is_valid,
    }


def certificate_language(certificate: Certificate) -> str:
    """The language the certificate prints and is e-mailed in first: its recipient's, else the site's."""
    return certificate.language if certificate.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def render_certificate(certificate: Certificate) -> bytes:
    """Render one certificate (no cache); use services.certificate_pdf for the cached download."""
    return render_pdf(
        TEMPLATE, certificate_context(certificate), language=certificate_language(certificate), stylesheets=STYLESHEETS
    )


def render_certificates(certificates: Iterable[Certificate]) -> bytes:
    """One merged PDF of several certificates, each in its recipient's language (print jobs render chunks the
    same way through documents.printing)."""
    return render_pdf_documents(
        TEMPLATE, ((certificate_context(c), certificate_language(c)) for c in certificates), stylesheets=STYLESHEETS
    )


def sample_certificate(version: CertificateTemplateVersion, *, language: str = "en") -> Certificate:
    """An unsaved certificate with sample data, to preview a template version."""
    today = timezone.localdate()
    return Certificate(
        kind=version.template.kind,
        template_version=version,
        serial=f"COP-{today.year}-000000",
        code="SAMPLE23456789",
        recipient_name_latin="Sokha Chan",
        recipient_name_native="ចាន់ សុខា",
        language=language,
        subject_en="Child online protection for technology companies",
        subject_km="ការការពារកុមារលើអ៊ីនធឺណិតសម្រាប់ក្រុមហ៊ុនបច្ចេកវិទ្យា",
        starts_on=today,
        ends_on=today,
        hours=Decimal("12"),
        guideline_version="2.0",
        issued_at=timezone.now(),
    )


def render_sample(version: CertificateTemplateVersion, *, language: str = "en") -> bytes:
    certificate = sample_certificate(version, language=language)
    return render_pdf(TEMPLATE, certificate_context(certificate), language=language, stylesheets=STYLESHEETS)
