"""A page cut out of a merged PDF (a print job's ZIP entry, documents.splitting) is the page printed alone: the same
look, text and fonts, about its size, not the size of the chunk it was printed in."""

import io
import shutil
import subprocess

import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader

from documents.fetcher import data_uri
from documents.render import render_pdf, render_pdf_documents
from documents.splitting import pages_pdf
from tests.documents.pdfs import embedded_fonts, pdf_images, pdftotext

TEMPLATE = "documents_tests/portrait.html"
# Names in four fonts (Chinese in a CFF font of 65,535 glyph slots), and one spelling PDF operators.
NAMES = ["王秀英", "ចាន់ សុខា", "สมชาย ใจดี", "Nguyễn Thị Hương", "李小龙 刘洋", r"(/F1 9 Tf [<0003>] TJ) \ BI"]


def png(colour: str) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), colour).save(buffer, "PNG")
    return data_uri(buffer.getvalue(), "image/png")


def documents():
    colours = ["red", "green", "blue", "orange", "purple", "black"]
    return [({"name": name, "image": png(colour)}, "en") for name, colour in zip(NAMES, colours, strict=True)]


@pytest.fixture
def cut_and_alone():
    """Each document cut out of the merged PDF of all six, and the same document printed alone."""
    merged = render_pdf_documents(TEMPLATE, documents())
    reader = PdfReader(io.BytesIO(merged))
    assert len(reader.pages) == len(NAMES)
    cut = [pages_pdf([page]) for page in reader.pages]
    alone = [render_pdf(TEMPLATE, context, language=language) for context, language in documents()]
    return merged, cut, alone


def image(pdf: bytes, folder, name: str) -> Image.Image:
    path = folder / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run([shutil.which("pdftoppm"), "-png", "-r", "50", path, folder / name], check=True)  # noqa: S603
    return Image.open(next(folder.glob(f"{name}*.png"))).convert("RGB")


def test_a_page_cut_out_is_about_the_size_of_the_page_printed_alone(cut_and_alone):
    merged, cut, alone = cut_and_alone
    for single, by_itself in zip(cut, alone, strict=True):
        assert len(single) <= 1.2 * len(by_itself), (len(single), len(by_itself), len(merged))


def test_a_page_cut_out_keeps_its_own_fonts_image_and_text_only(cut_and_alone):
    _merged, cut, alone = cut_and_alone
    for single, by_itself in zip(cut, alone, strict=True):
        assert embedded_fonts(single) == embedded_fonts(by_itself)
        assert pdf_images(single) == 1
        assert pdftotext(single) == pdftotext(by_itself)


def test_a_page_cut_out_looks_as_the_page_printed_alone(cut_and_alone, tmp_path):
    _merged, cut, alone = cut_and_alone
    for number, (single, by_itself) in enumerate(zip(cut, alone, strict=True)):
        looks = image(single, tmp_path, f"cut-{number}"), image(by_itself, tmp_path, f"alone-{number}")
        assert ImageChops.difference(*looks).getbbox() is None, NAMES[number]  # pixel for pixel
