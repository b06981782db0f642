import re

import pytest
from django.conf import settings
from fontTools.ttLib import TTFont

from documents.fonts import FONT_STACK, FONTS_DIR, PDF_FONTS, characters_without_font

FONTS_CSS = settings.BASE_DIR / "documents" / "static" / "documents" / "fonts.css"


def font_faces():
    """(family, file name, weight) of every @font-face rule in fonts.css."""
    faces = set()
    for rule in re.findall(r"@font-face\s*{(.*?)}", FONTS_CSS.read_text(), flags=re.S):
        family = re.search(r'font-family:\s*"([^"]+)"', rule)[1]
        url = re.search(r'src:\s*url\("\.\./fonts/([^"]+)"\)', rule)[1]
        weight = int(re.search(r"font-weight:\s*(\d+)", rule)[1])
        faces.add((family, url, weight))
    return faces


def test_fonts_css_declares_each_shipped_file_under_its_own_family():
    shipped = {font for font in PDF_FONTS if font.regular.parent == FONTS_DIR}
    expected = {(font.family, font.regular.name, 400) for font in shipped}
    expected |= {(font.family, font.bold.name, 700) for font in shipped}

    assert font_faces() == expected
    files = [name for _family, name, _weight in font_faces()]
    assert len(files) == len(set(files))  # one family per file, never one family split across files
    assert f"font-family: {FONT_STACK};" in FONTS_CSS.read_text()


@pytest.mark.parametrize("font", PDF_FONTS, ids=lambda font: font.family)
def test_every_pdf_font_is_on_disk_with_the_weights_used(font):
    for path, weight in ((font.regular, 400), (font.bold, 700)):
        with TTFont(path, fontNumber=font.face_index, lazy=True) as ttfont:
            assert ttfont["OS/2"].usWeightClass == weight


def test_every_shipped_font_is_listed_with_its_licence():
    readme = (FONTS_DIR / "README.md").read_text()
    assert "SIL Open Font License" in (FONTS_DIR / "OFL.txt").read_text()
    for path in FONTS_DIR.iterdir():
        if path.suffix in {".ttf", ".woff2", ".otf"}:
            assert path.name in readme


@pytest.mark.parametrize(
    "name",
    ["Nguyễn Thị Hương", "ចាន់ សុខា", "สมชาย วงศ์สกุล", "ສົມພອນ", "အောင်ဆန်း", "முருகன்", "ڠڤچڽݢۏ", "王秀英", "O'Brien-Smith"],
)
def test_characters_without_font_accepts_the_scripts_we_print(name):
    assert characters_without_font(name) == []


def test_characters_without_font_names_what_no_font_prints():
    assert characters_without_font("नमस्ते Ann ሰላም") == ["न", "म", "स", "्", "त", "े", "ሰ", "ላ", "ም"]
