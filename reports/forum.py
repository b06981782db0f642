"""The forum's section of the dashboard and the report (being built)."""

from django.utils.translation import gettext as _

from .periods import Period
from .sections import Section


def forum_section(*, period: Period, for_pdf: bool = False) -> Section:
    return Section(key="forum", title=_("Forum"))
