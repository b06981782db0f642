"""What a certificate was issued for, as an organiser reads it: "Registration ATF27-0012, ASEAN Technology Forum
2027", with a link, instead of its `source_key` ("registration:12").

certificates knows neither forum nor trainings: the app whose objects certificates are issued for registers how to
describe its keys' prefix in its AppConfig.ready() (`source_register("registration", describe)`), as people learns
who is a minor (people.minors).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from people.inputs import parse_id


@dataclass(frozen=True)
class Source:
    """A certificate's source, described in the reader's language; `url` is its organiser page ("" for none)."""

    label: str
    url: str = ""


# prefix -> describe(pk): the Source for that object, or None when it is gone.
_describers: dict[str, Callable[[int], Source | None]] = {}


def source_register(prefix: str, describe: Callable[[int], Source | None]) -> None:
    """Let `describe` tell what the keys "<prefix>:<pk>" are for (from the owning app's AppConfig.ready())."""
    _describers[prefix] = describe


def source_describe(source_key: str) -> Source:
    """The source of a certificate, in words: its app's description and page, or, for a key no app describes or
    whose object is gone, a sentence naming the key as it is recorded."""
    prefix, _sep, rest = source_key.partition(":")
    describe, pk = _describers.get(prefix), parse_id(rest)
    if describe is not None and pk is not None:
        source = describe(pk)
        if source is not None:
            return source
    return Source(_("Recorded as “%(key)s”; what it stood for is no longer on the site.") % {"key": source_key})
