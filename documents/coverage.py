"""Which characters of a text no PDF font can print, and a validator for names printed on certificates and badges.

The fonts are those documents renders with (`documents.fonts.PDF_FONTS`); the union of their cmaps is read once
per process with fontTools (only the cmap table: the CJK collection is ~20 MB).
"""

from functools import cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from fontTools.ttLib import TTFont

# Spaces, joiners and marks that shaping handles without a glyph of their own.
_ALWAYS_PRINTABLE = {" ", "\u200b", "\u200c", "\u200d", "\n", "\t"}


@cache
def covered_code_points() -> frozenset[int]:
    from documents.fonts import PDF_FONTS

    covered: set[int] = set()
    for font in PDF_FONTS:
        with TTFont(font.regular, fontNumber=font.face_index, lazy=True) as ttfont:
            covered.update(ttfont.getBestCmap())
    return frozenset(covered)


def unsupported_characters(text: str) -> list[str]:
    """The distinct characters of `text` no font covers, in order of appearance (empty: it all prints)."""
    covered = covered_code_points()
    missing: dict[str, None] = {}
    for char in text or "":
        if char in _ALWAYS_PRINTABLE or ord(char) in covered:
            continue
        missing[char] = None
    return list(missing)


def validate_printable_name(value: str) -> None:
    missing = unsupported_characters(value)
    if missing:
        raise ValidationError(
            _("These characters cannot be printed on certificates and badges: %(characters)s."),
            code="unprintable",
            params={"characters": " ".join(missing[:10])},
        )
