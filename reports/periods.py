"""The period a dashboard or a report covers: a quarter, a year or a forum edition. One home for how a period is
named, chosen and bounded, so the dashboard and the report count the same days."""

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.models import ForumEdition


@dataclass(frozen=True)
class Period:
    """Days from `starts_on` to `ends_on`, both counted. `edition` is set for a forum edition's period: the forum's
    figures are then that edition's; otherwise the editions whose first day falls in the period."""

    kind: str  # reports.models.Report.Period
    starts_on: datetime.date
    ends_on: datetime.date
    edition: ForumEdition | None = None

    @property
    def label(self) -> str:
        if self.edition is not None:
            return self.edition.title
        if self.kind == "quarter":
            quarter = (self.starts_on.month - 1) // 3 + 1
            return str(_("Quarter %(quarter)d, %(year)d") % {"quarter": quarter, "year": self.starts_on.year})
        return str(self.starts_on.year)

    @property
    def key(self) -> str:
        """How the period travels in a URL's query (`?period=`): "2026", "2026-q3" or "edition-<slug>"."""
        if self.edition is not None:
            return f"edition-{self.edition.slug}"
        if self.kind == "quarter":
            return f"{self.starts_on.year}-q{(self.starts_on.month - 1) // 3 + 1}"
        return str(self.starts_on.year)

    def contains(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on


def year_period(year: int) -> Period:
    return Period("year", datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def quarter_period(year: int, quarter: int) -> Period:
    first = datetime.date(year, 3 * (quarter - 1) + 1, 1)
    last = datetime.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - datetime.timedelta(days=1)
    return Period("quarter", first, last)


def edition_period(edition: ForumEdition) -> Period:
    return Period("edition", edition.starts_on, edition.ends_on, edition)


PERIOD_KEY = re.compile(r"(\d{4})(?:-q([1-4]))?", re.ASCII | re.IGNORECASE)


def period_from_key(key: str) -> Period | None:
    """The period a `Period.key` names ("2026", "2026-q3", "edition-<slug>"), or None for anything else (a mistyped
    or forged query: other digits than 0-9, a quarter 5, a year out of 2000-2100)."""
    key = (key or "").strip()[:80]
    if key.lower().startswith("edition-"):
        edition = ForumEdition.objects.filter(slug__iexact=key[len("edition-") :]).first()
        return edition_period(edition) if edition else None
    match = PERIOD_KEY.fullmatch(key)
    if match is None or not 2000 <= int(match[1]) <= 2100:
        return None
    year, quarter = int(match[1]), match[2]
    return quarter_period(year, int(quarter)) if quarter else year_period(year)


def current_year() -> Period:
    return year_period(timezone.localdate().year)
