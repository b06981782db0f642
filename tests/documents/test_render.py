import io
import logging
import shutil
import subprocess

import pytest
from django.test import override_settings
from fontTools.ttLib import TTFont
from PIL import Image
from pypdf import PdfReader

from documents.fonts import PDF_FONTS
from documents.render import (
    StylesheetMissing,
    render_pdf,
    render_pdf_documents,
    shared_font_config,
    shared_stylesheets,
)
from tests.documents.pdfs import embedded_fonts, pdf_text

FONTS = {font.family: font for font in PDF_FONTS}
KHMER, THAI, VIETNAMESE = "ចាន់ សុខា", "สมชาย วงศ์สกุล", "Nguyễn Thị Hương"
# One name per script a certificate prints, with the font it must print in.
NAMES_BY_SCRIPT = [
    pytest.param("Nguyễn Thị Hương", "ATF Latin", id="vietnamese"),
    pytest.param("ស្រីពេជ្រ ចាន់សុខា", "ATF Khmer", id="khmer"),
    pytest.param("สมชาย วงศ์สกุล", "ATF Thai", id="thai"),
    pytest.param("ສົມພອນ ພົມມະວົງ", "ATF Lao", id="lao"),
    pytest.param("အောင်ဆန်း စုကြည်", "ATF Myanmar", id="myanmar"),
    pytest.param("முருகன் செல்வம்", "ATF Tamil", id="tamil"),
    pytest.param("محمد فاضل ڠڤ", "ATF Arabic", id="jawi"),
    pytest.param("王秀英", "Noto Sans CJK SC", id="chinese"),
]


def postscript_name(path, face_index=0):
    with TTFont(path, fontNumber=face_index, lazy=True) as ttfont:
        return ttfont["name"].getDebugName(6)


def expected_fonts(*families):
    """The embedded fonts of `families` in regular and bold, each the file we ship (or name, for CJK)."""
    expected = set()
    for family in families:
        font = FONTS[family]
        for suffix, path in (("", font.regular), ("-Bold", font.bold)):
            expected.add((font.pdf_name + suffix, postscript_name(path, font.face_index)))
    return expected


def render_names(names, language="en"):
    return render_pdf("documents_tests/names.html", {"names": names}, language=language)


def test_render_pdf_prints_khmer_thai_and_vietnamese_in_the_shipped_fonts():
    pdf = render_names([KHMER, THAI, VIETNAMESE])

    embedded = {(font.base_font, font.program) for font in embedded_fonts(pdf)}
    # Exactly our fonts: no DejaVu, Liberation or system Noto filling in for a glyph ours lack.
    assert embedded == expected_fonts("ATF Latin", "ATF Khmer", "ATF Thai")
    assert ("ATF-Khmer", "NotoSansKhmer-Regular") in embedded
    text = pdf_text(pdf)
    assert VIETNAMESE in text
    assert KHMER in text
    assert THAI in text


@pytest.mark.parametrize(("name", "family"), NAMES_BY_SCRIPT)
def test_render_pdf_prints_each_script_in_its_own_font(name, family):
    pdf = render_names([name])

    embedded = {(font.base_font, font.program) for font in embedded_fonts(pdf)}
    assert expected_fonts(family) <= embedded
    # Nothing else but "ATF Latin", which prints the heading (the language code) and maybe the spaces.
    assert embedded <= expected_fonts("ATF Latin", family)


def test_render_pdf_renders_in_the_language_given():
    assert "Language: km" in pdf_text(render_names([VIETNAMESE], language="km"))
    assert "Language: en" in pdf_text(render_names([KHMER], language="en"))


def test_render_pdf_refuses_a_language_the_site_does_not_have():
    with pytest.raises(ValueError, match="Unknown language"):
        render_names([VIETNAMESE], language="kh")


def test_render_pdf_prints_markup_in_a_name_as_text(caplog):
    name = '<img src="file:///etc/passwd">'
    with caplog.at_level(logging.DEBUG, logger="documents.fetcher"):
        pdf = render_names([name])

    assert name in pdf_text(pdf)
    assert not [record for record in caplog.records if "passwd" in record.getMessage()]


def test_render_pdf_reuses_one_font_configuration_and_its_parsed_stylesheets(caplog):
    font_config = shared_font_config()
    render_names([KHMER])  # the shared configuration has loaded the fonts, if no test did before
    sheets = shared_stylesheets()
    with caplog.at_level(logging.DEBUG, logger="documents.fetcher"):
        pdf = render_names([KHMER, THAI])

    assert shared_font_config() is font_config
    assert [id(sheet) for sheet in shared_stylesheets()] == [id(sheet) for sheet in sheets] and len(sheets) == 2
    # The second render fetched neither the stylesheets nor the font files: both were parsed and loaded once.
    loaded = [record.getMessage() for record in caplog.records]
    assert not [message for message in loaded if ".css" in message or ".ttf" in message]
    # ...and still printed in them: the names in the shipped Khmer and Thai fonts, the A4 page of base_pdf.css.
    assert KHMER in pdf_text(pdf) and THAI in pdf_text(pdf)
    assert {font.base_font for font in embedded_fonts(pdf)} >= {"ATF-Khmer", "ATF-Thai"}
    width, height = PdfReader(io.BytesIO(pdf)).pages[0].mediabox.upper_right
    assert (round(float(width)), round(float(height))) == (595, 842)


@override_settings(SITE_URL="https://forum.example.org/atf")
def test_the_shared_stylesheets_resolve_as_a_link_does_with_a_site_url_below_a_path():
    # {% static %} is /static/...: against https://forum.example.org/atf/ it names https://forum.example.org/static/.
    pdf = render_names([KHMER])

    assert {font.base_font for font in embedded_fonts(pdf)} >= {"ATF-Khmer"}
    assert KHMER in pdf_text(pdf)


def test_a_stylesheet_that_cannot_be_loaded_stops_the_render_and_says_which():
    with pytest.raises(StylesheetMissing, match="css/no-such-sheet.css"):
        render_pdf(
            "documents_tests/names.html", {"names": [KHMER]}, language="en", stylesheets=["css/no-such-sheet.css"]
        )


def test_render_pdf_documents_merges_documents_each_in_its_language():
    documents = [({"names": [VIETNAMESE]}, "en"), ({"names": [KHMER]}, "km"), ({"names": [THAI]}, "en")]
    pages_each: list[int] = []
    pdf = render_pdf_documents("documents_tests/names.html", documents, page_counts=pages_each)

    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) == 3 and pages_each == [1, 1, 1]
    assert VIETNAMESE in pages[0] and "Language: en" in pages[0]
    assert KHMER in pages[1] and "Language: km" in pages[1]
    assert THAI in pages[2] and "Language: en" in pages[2]
    assert {font.base_font for font in embedded_fonts(pdf)} >= {"ATF-Latin", "ATF-Khmer", "ATF-Thai"}


def test_render_pdf_documents_refuses_an_empty_batch():
    with pytest.raises(ValueError, match="No documents"):
        render_pdf_documents("documents_tests/names.html", [])


def test_every_script_renders_to_an_image(tmp_path, artifact_path):
    """The page image a person looks at (var/artifacts/documents-scripts-1.png)."""
    names = [param.values[0] for param in NAMES_BY_SCRIPT]
    pdf_path = tmp_path / "scripts.pdf"
    pdf_path.write_bytes(render_names(names, language="km"))

    subprocess.run(  # noqa: S603  # poppler's pdftoppm on a file we wrote
        [shutil.which("pdftoppm"), "-png", "-r", "60", "-f", "1", "-l", "1", pdf_path, tmp_path / "page"],
        check=True,
    )
    image_path = tmp_path / "page-1.png"
    shutil.copy(image_path, artifact_path("documents-scripts-1.png"))
    with Image.open(image_path) as image:
        width, height = image.size
        assert (round(width / 60 * 25.4), round(height / 60 * 25.4)) == (210, 297)  # A4 at 60 dpi
        assert image.convert("L").getextrema()[0] < 64  # something dark printed on the page
