"""The one read of safeguarding cases outside the officers' pages: how many there are in each status, and nothing
else of them (no reference, no date, no content). The organisers' safeguarding page, the dashboard and the
programme report ask it (reports.safeguarding hides the small numbers)."""

from __future__ import annotations

import datetime

from django.db.models import Count

from .models import Concern


def concern_counts(
    *, received_from: datetime.date | None = None, received_to: datetime.date | None = None
) -> dict[str, int]:
    """Cases by status, every status present (0 for none), in Concern.Status's order; with `received_from` and
    `received_to`, only the cases received on those days (inclusive, in the site's time zone). One query. A case
    whose content was erased at the end of its retention is still counted, as closed."""
    cases = Concern.objects.all()
    if received_from is not None:
        cases = cases.filter(received_at__date__gte=received_from)
    if received_to is not None:
        cases = cases.filter(received_at__date__lte=received_to)
    found = dict(cases.order_by().values_list("status").annotate(count=Count("pk")))
    return {status: found.get(status, 0) for status in Concern.Status.values}
