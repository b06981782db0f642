"""Days, spans of days and times of day as people read them, on pages, PDFs and e-mails alike.

Everything is built from the named formats of config/formats (day, month, year; a 24-hour clock), so that a
date reads the same wherever it appears: "1 December 2026", "Tue 1 Dec 2026, 18:05–19:30". Aware datetimes are
shown in the current time zone, as Django's `date` filter does: pages and e-mails about a forum activate the
forum's zone (`{% timezone %}`, `timezone.override`). Templates use these through `{% load dates %}`.
"""

import datetime
import zoneinfo

from django.utils import formats, timezone
from django.utils.translation import pgettext, pgettext_lazy

SHORT = {"date": "SHORT_DATE_FORMAT", "datetime": "SHORT_DATETIME_FORMAT", "weekday": "D"}
LONG = {"date": "DATE_FORMAT", "datetime": "DATETIME_FORMAT", "weekday": "l"}


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _day(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def with_weekday(value, format_name: str = "DATE_FORMAT", *, short: bool = False) -> str:
    """The date (or date and time) in `format_name`, after the name of its day: "Tuesday 1 December 2026"."""
    value = _local(value)
    weekday = formats.date_format(value, SHORT["weekday"] if short else LONG["weekday"])
    return pgettext("a day's name, then its date", "%(weekday)s %(date)s") % {
        "weekday": weekday,
        "date": formats.date_format(value, format_name),
    }


def date_span(starts_on, ends_on=None, *, short: bool = False) -> str:
    """One day, or the first and the last: "1 December 2026 – 3 December 2026" (`short`: "1 Dec 2026 – 3 Dec 2026")."""
    name = (SHORT if short else LONG)["date"]
    first = formats.date_format(_local(starts_on), name)
    if ends_on is None or _day(_local(ends_on)) == _day(_local(starts_on)):
        return first
    return f"{first} – {formats.date_format(_local(ends_on), name)}"


def time_span(starts_at, ends_at=None, *, short: bool = False) -> str:
    """When something happens, its day named: "Tuesday 1 December 2026, 18:05–19:30" (`short`: "Tue 1 Dec 2026,
    18:05–19:30"); an end on another day is written in full."""
    names = SHORT if short else LONG
    start = with_weekday(starts_at, names["datetime"], short=short)
    if ends_at is None:
        return start
    starts_at, ends_at = _local(starts_at), _local(ends_at)
    if ends_at.date() == starts_at.date():
        return f"{start}–{formats.time_format(ends_at)}"
    return f"{start} – {with_weekday(ends_at, names['datetime'], short=short)}"


# The cities of ASEAN's zones in the reader's language; other zones keep their city as the IANA database writes it.
CITIES = {
    "Asia/Brunei": pgettext_lazy("time zone city", "Brunei"),
    "Asia/Phnom_Penh": pgettext_lazy("time zone city", "Phnom Penh"),
    "Asia/Jakarta": pgettext_lazy("time zone city", "Jakarta"),
    "Asia/Makassar": pgettext_lazy("time zone city", "Makassar"),
    "Asia/Jayapura": pgettext_lazy("time zone city", "Jayapura"),
    "Asia/Vientiane": pgettext_lazy("time zone city", "Vientiane"),
    "Asia/Kuala_Lumpur": pgettext_lazy("time zone city", "Kuala Lumpur"),
    "Asia/Yangon": pgettext_lazy("time zone city", "Yangon"),
    "Asia/Manila": pgettext_lazy("time zone city", "Manila"),
    "Asia/Singapore": pgettext_lazy("time zone city", "Singapore"),
    "Asia/Bangkok": pgettext_lazy("time zone city", "Bangkok"),
    "Asia/Dili": pgettext_lazy("time zone city", "Dili"),
    "Asia/Ho_Chi_Minh": pgettext_lazy("time zone city", "Ho Chi Minh City"),
}


def time_zone_label(name: str, on: datetime.date | None = None) -> str:
    """A time zone as people read it, its city and its offset on the day `on` (default today): "Phnom Penh,
    UTC+07:00" for Asia/Phnom_Penh ("ភ្នំពេញ, UTC+07:00" on a Khmer page). Pages, PDFs, e-mails, form help and
    export headers name a zone so, never by its IANA name; an unknown name is returned as it is."""
    try:
        zone = zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return name
    moment = datetime.datetime.combine(on or timezone.localdate(), datetime.time(12), tzinfo=zone)
    offset = moment.utcoffset() or datetime.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    city = str(CITIES[name]) if name in CITIES else name.rsplit("/", 1)[-1].replace("_", " ")
    return f"{city}, UTC{sign}{hours:02d}:{minutes:02d}"


# ASEAN's zones (Timor-Leste's included) come first in a choice of zone: the forum and the trainings are held there.
ASEAN_TIME_ZONES = (
    "Asia/Brunei",
    "Asia/Phnom_Penh",
    "Asia/Jakarta",
    "Asia/Makassar",
    "Asia/Jayapura",
    "Asia/Vientiane",
    "Asia/Kuala_Lumpur",
    "Asia/Yangon",
    "Asia/Manila",
    "Asia/Singapore",
    "Asia/Bangkok",
    "Asia/Dili",
    "Asia/Ho_Chi_Minh",
)
# Aliases and POSIX-style names that would list a zone twice or under no city.
_NOT_CITIES = ("Etc/", "SystemV/", "US/", "posix/", "right/")


def time_zone_choices(on: datetime.date | None = None, *, current: str = "") -> list:
    """Choices of a time zone field, each zone named by its label (offset on `on`): ASEAN's first, then every
    other city's; `current` (a stored name) is kept among them even when this list would leave it out."""

    def labelled(names):
        return sorted(((name, time_zone_label(name, on)) for name in names), key=lambda choice: choice[1])

    others = {
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith(_NOT_CITIES) and name not in ASEAN_TIME_ZONES
    }
    if current and current not in ASEAN_TIME_ZONES:
        others.add(current)
    return [
        (pgettext("time zones", "ASEAN"), labelled(ASEAN_TIME_ZONES)),
        (pgettext("time zones", "Other time zones"), labelled(others)),
    ]
