"""The e-mails a certificate's recipient gets, in their language: issued (with the PDF and verification links) and
revoked (with the reason). certificates.services sends them once its transaction commits."""

from people.emails import absolute_url, send_templated_email

from .models import Certificate


def _recipient_email(certificate: Certificate, template_prefix: str, **context) -> None:
    """The e-mail `template_prefix` to the certificate's recipient in their language, with the certificate, their
    name, its subject and its verification link in the context, and `context`."""
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


def certificate_issued_notify(certificate: Certificate) -> None:
    """Issued: the links to the PDF and to all their certificates."""
    _recipient_email(
        certificate,
        "certificates/email/issued",
        pdf_url=absolute_url(f"/certificates/{certificate.code}/pdf/"),
        mine_url=absolute_url("/certificates/"),
    )


def certificate_revoked_notify(certificate: Certificate) -> None:
    """Revoked: with the reason."""
    _recipient_email(certificate, "certificates/email/revoked", reason=certificate.revoked_reason)
