"""Words the Khmer catalogue does not have yet, for one test: the lead fills locale/km at the end (makemessages runs
then), so a test that a page asks for a string's translation adds that translation for the test's duration."""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from django.utils.translation import trans_real


@contextmanager
def translated(language: str, words: Mapping[str, str]) -> Iterator[None]:
    """`words` (msgid -> translation; "context\\x04msgid" for pgettext) in `language`'s catalogue within the block,
    the catalogue as it was afterwards."""
    catalogue = trans_real.translation(language)._catalog._catalogs[0]
    kept = {msgid: catalogue[msgid] for msgid in words if msgid in catalogue}
    catalogue.update(words)
    try:
        yield
    finally:
        for msgid in words:
            catalogue.pop(msgid, None)
        catalogue.update(kept)
