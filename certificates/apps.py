from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        # Here, not at the top: the kinds load models, which exist only once the apps are ready.
        from documents.kinds import register

        from .jobs import CertificateDelivery, CertificatePrint

        register(CertificatePrint())
        register(CertificateDelivery())
