"""How a record's values are written in the download: dates and times in ISO 8601 (times in UTC), a value of a
list of choices as its code and its name in the person's language, a country as its code and its name. Called
inside `translation.override(<the person's language>)` (privacy.export.builder), so every label is theirs."""

import datetime
from decimal import Decimal


def when(value: datetime.date | datetime.datetime | None) -> str | None:
    """A date (2027-03-02) or an aware time in UTC (2027-03-02T01:30:00+00:00); None stays None."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        value = value.astimezone(datetime.UTC)
    return value.isoformat()


def choice(obj, field: str) -> dict | None:
    """The value of a field with choices: {"code": ..., "label": ...} (the label in the active language); None for
    an empty one."""
    code = getattr(obj, field)
    if code in ("", None):
        return None
    return {"code": code, "label": str(getattr(obj, f"get_{field}_display")())}


def country(value) -> dict | None:
    """A django-countries value as {"code": "KH", "label": "Cambodia"} (the name in the active language)."""
    if not value:
        return None
    return {"code": value.code, "label": str(value.name)}


def number(value: Decimal | None) -> str | None:
    """A decimal (hours) as written, "12.5", never a float that rounds."""
    return None if value is None else format(value.normalize(), "f")
