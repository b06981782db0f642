"""The training programme's section of the dashboard and the report (being built)."""

from django.utils.translation import gettext as _

from .periods import Period
from .sections import Section


def trainings_section(*, period: Period, for_pdf: bool = False) -> Section:
    return Section(key="trainings", title=_("Training programme"))
