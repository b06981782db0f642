"""The safeguarding section of the dashboard and the report: the concerns received in the period, by their status
now, and nothing else of them (safeguarding.counts.concern_counts: no reference, no date, no content).

The counts are protected as counts of people are (documents.tables.Cube): 1 to 4 print as "< 5", and another cell
hides when the total would give a small one back. No chart: its bars would show what the table hides.
"""

from dataclasses import replace

from django.utils.translation import gettext as _

from documents.tables import Cube, Dimension
from safeguarding.counts import concern_counts
from safeguarding.models import Concern

from .periods import Period
from .sections import Figure, Section


def safeguarding_section(*, period: Period, for_pdf: bool = False) -> Section:
    """The period's concerns by status (one query); `Section.empty` when none was received in it. Nothing links
    to the cases (`for_pdf` or not): organisers do not open them."""
    counts = concern_counts(received_from=period.starts_on, received_to=period.ends_on)
    section = Section(key="safeguarding", title=_("Safeguarding"))
    if not any(counts.values()):
        section.empty = _("No safeguarding concern was received in %(period)s.") % {"period": period.label}
        return section
    statuses = Dimension(_("Status"), tuple((status.value, str(status.label)) for status in Concern.Status))
    cube = Cube([statuses], {(status,): count for status, count in counts.items()}, hide_zeros=True)
    (table,) = cube.faces((0,), titles=[_("Safeguarding concerns by status")], keys=["safeguarding-by-status"])
    note = _(
        "Concerns received in the period, by their status now. “< 5”: from 1 to 4 concerns, not shown to protect the "
        "people concerned. “x”: not shown, so that the total does not give a small number back."
    )
    section.figures = [Figure(replace(table, columns=(_("Concerns"),), note=note))]
    return section
