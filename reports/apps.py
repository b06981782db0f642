from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Dashboard and reports")

    def ready(self):
        # Here, not at the top: the kind loads models, which exist only once the apps are ready.
        from documents.kinds import register

        from .jobs import ProgrammeReport

        register(ProgrammeReport())
