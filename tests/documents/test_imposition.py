"""documents' imposition (documents.printing.impose): several pages of a print job on one sheet with cut marks,
without knowing what the pages are (forum's badges are its first user)."""

import io
import re

import pytest
from pypdf import PdfReader

from documents import kinds
from documents.jobs import job_create, job_run
from documents.printing import A4_TWO_BY_TWO, MM, Imposition, impose
from documents.render import render_pdf_documents
from people.models import User
from tests.documents.pdfs import pdftotext, pdftotext_pieces
from tests.factories import UserFactory


def _cards(texts) -> bytes:
    return render_pdf_documents("documents_tests/card.html", [({"text": text}, "en") for text in texts])


def _sizes(pdf: bytes) -> list[tuple[int, int]]:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return [(round(float(p.mediabox.width) / MM), round(float(p.mediabox.height) / MM)) for p in pages]


def test_impose_four_a6_pages_a_sheet_in_reading_order_keeping_their_text():
    texts = ["one", "two", "three", "four", "ចាន់ សុខា"]
    sheets = impose(_cards(texts), A4_TWO_BY_TWO)
    assert _sizes(sheets) == [(210, 297), (210, 297)]
    first, second = (pdftotext(page) for page in _split(sheets))
    assert pdftotext_pieces(_split(sheets)[0]) == ["one", "two", "three", "four"]
    assert "ចាន់ សុខា" in second and "one" not in second
    assert "four" in first


def _placements(content: str) -> list[float]:
    """The scale of every page placed on a sheet (the `cm` that moves each one into its cell)."""
    return [float(match.group(1)) for match in re.finditer(r"^([\d.]+) 0\.0 0\.0 \1 [\d.]+ [\d.]+ cm$", content, re.M)]


def test_impose_draws_cut_marks_in_the_margin_and_scales_pages_down_to_keep_it():
    sheet = PdfReader(io.BytesIO(impose(_cards(["a", "b"]), A4_TWO_BY_TWO))).pages[0]
    content = sheet.get_contents().get_data().decode("latin-1")
    marks = content[content.index("0.25 w") :]
    # Two marks on each of the three vertical and the three horizontal cut lines of a 2 x 2 block.
    assert len(re.findall(r" l\s+S", marks)) == 12
    # A6 pages fit 2 x 2 on A4 with a 10 mm margin only scaled down: 190 mm / 210 mm.
    assert _placements(content) == [pytest.approx(190 / 210)] * 2


def test_impose_never_scales_a_page_up():
    roomy = Imposition(sheet=(420 * MM, 594 * MM), columns=2, rows=2)
    content = PdfReader(io.BytesIO(impose(_cards(["a"]), roomy))).pages[0].get_contents().get_data().decode("latin-1")
    assert _placements(content) == [1]


def _split(pdf: bytes) -> list[bytes]:
    from pypdf import PdfWriter

    reader, parts = PdfReader(io.BytesIO(pdf)), []
    for page in reader.pages:
        writer = PdfWriter()
        writer.add_page(page)
        buffer = io.BytesIO()
        writer.write(buffer)
        parts.append(buffer.getvalue())
    return parts


class _Cards(kinds.PrintKind):
    name = "tests.cards"
    label = "Cards"
    template_name = "documents_tests/card.html"
    imposition = A4_TWO_BY_TWO

    def items(self, ids):
        return User.objects.filter(pk__in=list(ids)).order_by("email")

    def gate(self, request):
        return None

    def context(self, user):
        return {"text": user.email}

    def language(self, user):
        return "en"

    def file_name(self, user):
        return f"{user.pk}.pdf"


kinds.register(_Cards())


def test_print_job_with_imposition_fills_whole_sheets_across_chunks_and_zips_single_pages(db, settings):
    settings.DOCUMENTS_JOBS_CHUNK_SIZE = 3  # rounded up to 4: no half-empty sheet in the middle of the job
    users = [UserFactory(email=f"card{n}@example.org") for n in range(6)]
    job = job_create(kind=_Cards.name, ids=[u.pk for u in users], title="Cards", by=None)
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "done", job.error
    with job.pdf_file.open("rb") as handle:
        pdf = handle.read()
    assert _sizes(pdf) == [(210, 297), (210, 297)]
    first = pdftotext(_split(pdf)[0])
    assert all(f"card{n}@example.org" in first for n in range(4))
    with job.zip_file.open("rb") as handle:
        import zipfile

        with zipfile.ZipFile(io.BytesIO(handle.read())) as archive:
            assert [_sizes(archive.read(name)) for name in archive.namelist()] == [[(105, 148)]] * 6


@pytest.mark.parametrize("layout", [A4_TWO_BY_TWO])
def test_imposition_counts_its_cells(layout):
    assert layout.per_sheet == 4
