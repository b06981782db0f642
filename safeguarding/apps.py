from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafeguardingConfig(AppConfig):
    name = "safeguarding"
    verbose_name = _("Safeguarding")

    def ready(self):
        # privacy may not read safeguarding: an officer's erasure waits until they are no longer one, and the log
        # forgets the address of the person erased (people.erasure_sources, safeguarding.erasure).
        from people.erasure_sources import ErasureSource, erasure_source_register

        from .erasure import officer_hold, officer_log_forget

        erasure_source_register(ErasureSource(hold=officer_hold, forget=officer_log_forget))
