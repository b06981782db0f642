"""The domain errors of the programme report (reports.services); each carries a translated `message`."""

from django.utils.translation import gettext_lazy as _

from people.errors import DomainError


class ReportBusy(DomainError):
    """The report is being generated: it is regenerated once that generation is over."""

    default_message = _("This report is being generated. Regenerate it once it is done.")
