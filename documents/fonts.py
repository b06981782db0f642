"""The fonts PDFs print with, one CSS family per font file and script.

`documents/static/documents/fonts.css` declares the same families as `@font-face` rules; a test keeps the two
in step. Every file gets its own family name: WeasyPrint garbles text when several files share one family split
by `unicode-range`. Pango picks, for each character, the first family in `FONT_STACK` that has a glyph for it.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from fontTools.ttLib import TTFont

# Shipped with the project (OFL; static/fonts/README.md lists them).
FONTS_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
# Installed by the Makefile (fonts-noto-cjk, ~20 MB: too big to ship). WeasyPrint copies an @font-face file whole and
# registers every face of a .ttc under the family, so Pango would pick the collection's first face (Japanese).
# The Simplified Chinese face is therefore named by its own fontconfig family instead of an @font-face rule.
CJK_COLLECTION = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
CJK_FACE_INDEX = 2  # `fc-scan` of the collection: 0 JP, 1 KR, 2 SC, 3 TC, 4 HK


@dataclass(frozen=True)
class PdfFont:
    family: str  # the CSS family; also what the PDF's /BaseFont says after the subset tag (spaces as "-")
    script: str
    regular: Path
    bold: Path
    face_index: int = 0  # inside a .ttc

    @property
    def pdf_name(self) -> str:
        return self.family.replace(" ", "-")


def _shipped(family: str, script: str, stem: str) -> PdfFont:
    return PdfFont(family, script, FONTS_DIR / f"{stem}-Regular.ttf", FONTS_DIR / f"{stem}-Bold.ttf")


PDF_FONTS = (
    _shipped("ATF Latin", "Latin (Vietnamese included)", "NotoSans"),
    _shipped("ATF Khmer", "Khmer", "NotoSansKhmer"),
    _shipped("ATF Thai", "Thai", "NotoSansThai"),
    _shipped("ATF Lao", "Lao", "NotoSansLao"),
    _shipped("ATF Myanmar", "Myanmar", "NotoSansMyanmar"),
    _shipped("ATF Tamil", "Tamil", "NotoSansTamil"),
    _shipped("ATF Arabic", "Jawi (Arabic script)", "NotoNaskhArabic"),
    PdfFont(
        "Noto Sans CJK SC",
        "Chinese (Simplified)",
        CJK_COLLECTION,
        CJK_COLLECTION.with_name("NotoSansCJK-Bold.ttc"),
        face_index=CJK_FACE_INDEX,
    ),
)

# The CSS `font-family` of every PDF (fonts.css sets it on `html`).
FONT_STACK = ", ".join(f'"{font.family}"' for font in PDF_FONTS) + ", sans-serif"


@cache
def _covered_code_points() -> frozenset[int]:
    covered: set[int] = set()
    for font in PDF_FONTS:
        # lazy: only the cmap is parsed, which matters for the 20 MB CJK collection.
        with TTFont(font.regular, fontNumber=font.face_index, lazy=True) as ttfont:
            covered.update(ttfont.getBestCmap())
    return frozenset(covered)


def characters_without_font(text: str) -> list[str]:
    """The distinct characters of `text` that none of the PDF fonts can print, in order of appearance.

    An empty list means the text prints in our fonts, with no fallback to whatever the system has. Use it to
    refuse a name that a certificate could not print.
    """
    covered = _covered_code_points()
    missing: dict[str, None] = {}
    for char in text:
        if ord(char) not in covered:
            missing.setdefault(char)
    return list(missing)
