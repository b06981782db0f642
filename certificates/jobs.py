"""certificates' kinds of batch job (documents.kinds), registered in CertificatesConfig.ready(): printing
certificates (one merged PDF, a ZIP of one PDF each) and e-mailing each to its recipient in their language."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from documents.errors import DeliverySkipped
from documents.kinds import DeliveryKind, PrintKind
from documents.printing import safe_ascii_name
from people.emails import absolute_url, templated_message
from people.mail import Message
from people.permissions import organiser_gate

from .models import Certificate
from .pdf import STYLESHEETS, TEMPLATE, certificate_context, certificate_language
from .services import certificate_pdf

PRINT = "certificates.print"
DELIVER = "certificates.deliver"
KINDS = (PRINT, DELIVER)


def file_name(certificate: Certificate) -> str:
    """`<serial>_<Latin name>.pdf`, safe on every OS: the name in the ZIP and of the e-mail's attachment."""
    name = safe_ascii_name(certificate.recipient_name_latin, default="certificate")
    return f"{safe_ascii_name(certificate.serial)}_{name}.pdf"


class _Certificates:
    """What both kinds share: their items are certificates, and only organisers start and follow them."""

    nothing_chosen = _("Choose at least one certificate.")

    def items(self, ids) -> QuerySet[Certificate]:
        return (
            Certificate.objects.filter(pk__in=list(ids))
            .select_related("template_version__template")
            .order_by("serial", "pk")
        )

    def gate(self, request):
        return organiser_gate(request)


class CertificatePrint(_Certificates, PrintKind):
    name = PRINT
    label = _("Print")
    template_name = TEMPLATE
    stylesheets = STYLESHEETS

    def context(self, certificate: Certificate) -> dict:
        return certificate_context(certificate)

    def language(self, certificate: Certificate) -> str:
        return certificate_language(certificate)

    def file_name(self, certificate: Certificate) -> str:
        return file_name(certificate)


class CertificateDelivery(_Certificates, DeliveryKind):
    name = DELIVER
    label = _("E-mail delivery")

    def address(self, certificate: Certificate) -> str:
        return certificate.recipient_email

    def deliver(self, certificate: Certificate) -> None:
        if not certificate.is_valid:
            raise DeliverySkipped(_("The certificate is revoked: not sent."))
        delivery_message(certificate, certificate_pdf(certificate)).send()


def delivery_message(certificate: Certificate, pdf: bytes) -> Message:
    """The e-mail that carries a certificate's PDF, in the recipient's language."""
    language = certificate_language(certificate)
    context = {
        "certificate": certificate,
        "name": certificate.display_name,
        "subject": certificate.subject(language),
        "verify_url": absolute_url(certificate.verification_path()),
    }
    message = templated_message(
        template_prefix="certificates/email/delivery",
        to=certificate.recipient_email,
        context=context,
        language=language,
    )
    message.attach(file_name(certificate), pdf, "application/pdf")
    return message
