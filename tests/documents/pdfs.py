"""Reading back what a rendered PDF holds: its fonts, text and images."""

import io
import re
import subprocess
from dataclasses import dataclass

from fontTools.ttLib import TTFont
from PIL import Image
from pypdf import PdfReader


@dataclass(frozen=True)
class EmbeddedFont:
    base_font: str  # /BaseFont without the subset tag: "ATF-Khmer", "ATF-Khmer-Bold", "DejaVu-Sans"
    program: str  # PostScript name inside the embedded font file: "NotoSansKhmer-Regular"


def embedded_fonts(pdf: bytes) -> set[EmbeddedFont]:
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            program = ""
            for key in ("/FontFile2", "/FontFile3"):
                if key in descriptor:
                    data = descriptor[key].get_object().get_data()
                    with TTFont(io.BytesIO(data)) as ttfont:
                        program = ttfont["name"].getDebugName(6)
            tag, _, name = str(font["/BaseFont"]).lstrip("/").partition("+")
            assert len(tag) == 6 and tag.isupper(), f"{font['/BaseFont']} is not a subset"
            fonts.add(EmbeddedFont(name, program))
    return fonts


def page_images(pdf: bytes, folder, *, dpi: int = 100) -> list[Image.Image]:
    """The PDF's pages as poppler draws them (pdftoppm), in RGB, from a folder of their own."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "document.pdf").write_bytes(pdf)
    command = ["/usr/bin/pdftoppm", "-png", "-r", str(dpi), str(folder / "document.pdf"), str(folder / "page")]
    subprocess.run(command, check=True)  # noqa: S603 (our own file, a fixed program)
    images = []
    for png in sorted(folder.glob("page-*.png")):
        with Image.open(png) as image:
            images.append(image.convert("RGB"))
    return images


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def pdf_images(pdf: bytes) -> int:
    count = 0
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page["/Resources"]
        if "/XObject" in resources:
            count += sum(
                1 for xobject in resources["/XObject"].values() if xobject.get_object()["/Subtype"] == "/Image"
            )
    return count


def pdftotext(pdf: bytes) -> str:
    """What poppler's pdftotext reads: the text a viewer copies and searches. It honours /ActualText; pypdf's
    `pdf_text` does not, and reads the fonts' glyph maps."""
    return subprocess.run(
        ["/usr/bin/pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def pdftotext_pieces(pdf: bytes) -> list[str]:
    """pdftotext's lines, each cut where the layout put two spaces or more (between columns, around centred
    text), so one name or sentence is one piece, compared exactly."""
    return [piece for line in pdftotext(pdf).splitlines() for piece in re.split(r" {2,}", line.strip(" ")) if piece]
