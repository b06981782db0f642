"""The work of a print job: its items rendered in chunks into one merged PDF and a ZIP of one PDF per item.

Each chunk is one `render_pdf_documents` call (the process's one font configuration, images loaded once), then
split into single PDFs for the ZIP without a second render; the chunks' PDFs are merged at the end. Memory is
bounded by the chunk, not by the job. A single PDF keeps only the resources its pages draw, its fonts subset to
the glyphs they show (documents.splitting): a ZIP entry is about the size of the item printed alone, not of its
chunk. The ZIP is deflated.

A kind with an `imposition` (documents.kinds.PrintKind) gets a printable PDF whose sheets carry several of its pages
with cut marks (`impose`: four A6 badges on A4); chunks then hold a whole number of sheets, so no sheet is left half
empty in the middle of a job. The ZIP keeps one PDF per item, as rendered.
"""

import logging
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from django.core.files import File
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, IndirectObject, NameObject

from .errors import JobFailed
from .kinds import PrintKind
from .models import PrintJob
from .render import render_pdf_documents
from .splitting import pages_pdf
from .storage_errors import storage_down

logger = logging.getLogger(__name__)

MM = 72 / 25.4  # PDF points in a millimetre


@dataclass(frozen=True)
class Imposition:
    """Pages laid out `columns` x `rows` on sheets of `sheet` (width, height in points), in reading order, with cut
    marks. The cells abut (one cut between two neighbours) and are centred; pages are scaled down, never up, so that
    the block leaves `margin` on every side, where the cut marks stand clear of the pages (most printers print
    nothing in the last 4 mm)."""

    sheet: tuple[float, float]
    columns: int
    rows: int
    margin: float = 10 * MM
    mark_gap: float = 2 * MM  # between a mark and the cut's corner
    mark_length: float = 4 * MM

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows


A4_TWO_BY_TWO = Imposition(sheet=(210 * MM, 297 * MM), columns=2, rows=2)  # four A6 pages on portrait A4


def _cut_marks(layout: Imposition, left: float, bottom: float, width: float, height: float) -> list[str]:
    """The drawing of a block's cut marks: short hairlines in the margin, on every cut line."""
    top, right = bottom + layout.rows * height, left + layout.columns * width
    gap, length = layout.mark_gap, layout.mark_length
    lines = []
    for x in (left + column * width for column in range(layout.columns + 1)):
        lines += [(x, top + gap, x, top + gap + length), (x, bottom - gap, x, bottom - gap - length)]
    for y in (bottom + row * height for row in range(layout.rows + 1)):
        lines += [(left - gap, y, left - gap - length, y), (right + gap, y, right + gap + length, y)]
    # Black (registration black would be 1 1 1 1 k): 0.25 pt, a cut mark's usual weight.
    return ["q 0.25 w 0 G"] + [f"{x1:.2f} {y1:.2f} m {x2:.2f} {y2:.2f} l S" for x1, y1, x2, y2 in lines] + ["Q"]


def _as_form(page: PageObject, writer: PdfWriter) -> IndirectObject:
    """The page as a form XObject of `writer`: its content stream as it is and its resources (cloned once per
    source document, so pages that share fonts share them on the sheets too). Placing a form is a `cm` and a `Do`;
    merging the page instead would parse and rewrite its whole content stream, most of a sheet's time."""
    contents = page.get("/Contents")
    streams = contents.get_object() if contents is not None else []
    if not isinstance(streams, ArrayObject):
        streams = [streams]
    form = DecodedStreamObject()
    form.set_data(b"\n".join(stream.get_object().get_data() for stream in streams))
    form = form.flate_encode()
    box = page.mediabox
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(
                FloatObject(value) for value in (box.left, box.bottom, box.right, box.top)
            ),
            NameObject("/Resources"): page["/Resources"].clone(writer) if "/Resources" in page else DictionaryObject(),
        }
    )
    return writer._add_object(form)


def impose(pdf: bytes, layout: Imposition) -> bytes:
    """`pdf`'s pages, `layout.per_sheet` to a sheet in reading order (the last sheet may be partly empty), with cut
    marks. Every page keeps its text layer: its content is drawn as it is, as a form XObject moved and scaled."""
    reader = PdfReader(BytesIO(pdf))
    writer = PdfWriter()
    sheet_width, sheet_height = layout.sheet
    pages = reader.pages
    for start in range(0, len(pages), layout.per_sheet):
        group = pages[start : start + layout.per_sheet]
        page_width, page_height = float(group[0].mediabox.width), float(group[0].mediabox.height)
        scale = min(
            (sheet_width - 2 * layout.margin) / (layout.columns * page_width),
            (sheet_height - 2 * layout.margin) / (layout.rows * page_height),
            1,
        )
        width, height = page_width * scale, page_height * scale
        left = (sheet_width - layout.columns * width) / 2
        bottom = (sheet_height - layout.rows * height) / 2
        sheet = writer.add_blank_page(sheet_width, sheet_height)
        forms, drawing = DictionaryObject(), []
        for index, page in enumerate(group):
            column, row = index % layout.columns, index // layout.columns
            x, y = left + column * width, bottom + (layout.rows - 1 - row) * height
            x, y = x - scale * float(page.mediabox.left), y - scale * float(page.mediabox.bottom)
            forms[NameObject(f"/Page{index}")] = _as_form(page, writer)
            drawing += ["q", f"{scale!r} 0.0 0.0 {scale!r} {x:.4f} {y:.4f} cm", f"/Page{index} Do", "Q"]
        sheet[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): forms})
        content = DecodedStreamObject()
        content.set_data("\n".join(drawing + _cut_marks(layout, left, bottom, width, height)).encode())
        sheet.replace_contents(content)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def safe_ascii_name(name: str, *, limit: int = 60, default: str = "document") -> str:
    """A file-name part safe on every OS: ASCII letters, digits and dashes only (accents dropped, other scripts
    left out); `default` when nothing is left. Callers prefix it with a serial, so it is never a device name."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^A-Za-z0-9]+", "-", ascii_name).strip("-")[:limit].strip("-")
    return cleaned or default


def _chunks(job: PrintJob, kind: PrintKind, size: int) -> Iterator[list]:
    """The job's items in its order, in chunks: one query per chunk."""
    ids = list(job.items.order_by("pk").values_list("item_id", flat=True))
    for start in range(0, len(ids), size):
        part = ids[start : start + size]
        by_pk = {item.pk: item for item in kind.items(part)}
        yield [by_pk[pk] for pk in part if pk in by_pk]


def job_print(job: PrintJob, kind: PrintKind, *, chunk_size: int, progress: Callable[[int], None]) -> None:
    """Render the job's items and attach the merged PDF and the ZIP to `job` (saved by the caller).

    Raises JobFailed, naming the first items of the chunk, when rendering fails.
    """
    done = 0
    if kind.imposition is not None:
        per_sheet = kind.imposition.per_sheet
        chunk_size = -(-chunk_size // per_sheet) * per_sheet  # whole sheets only
    with tempfile.TemporaryDirectory(prefix=f"print-job-{job.pk}-") as workdir:
        folder = Path(workdir)
        chunk_files: list[Path] = []
        zip_path = folder / "documents.zip"
        with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for index, chunk in enumerate(_chunks(job, kind, chunk_size)):
                page_counts: list[int] = []
                try:
                    merged = render_pdf_documents(
                        kind.template_name,
                        [(kind.context(item), kind.language(item)) for item in chunk],
                        page_counts=page_counts,
                        stylesheets=kind.stylesheets,
                    )
                except Exception as exc:
                    if storage_down(exc):
                        raise  # not these items' fault: documents.jobs tries the job again later
                    logger.exception("Rendering the items of job %s failed", job.pk)
                    raise JobFailed(
                        _("Rendering failed near %(items)s: %(error)s")
                        % {"items": ", ".join(str(item) for item in chunk[:3]), "error": f"{type(exc).__name__}: {exc}"}
                    ) from exc
                chunk_path = folder / f"chunk-{index:05d}.pdf"
                chunk_path.write_bytes(merged if kind.imposition is None else impose(merged, kind.imposition))
                chunk_files.append(chunk_path)
                _split_into(archive, merged, [kind.file_name(item) for item in chunk], page_counts)
                del merged
                done += len(chunk)
                progress(done)
        pdf_path = folder / "documents.pdf"
        _merge(chunk_files, pdf_path)
        token = get_random_string(12)
        with pdf_path.open("rb") as handle:
            job.pdf_file.save(f"{job.pk}-{token}.pdf", File(handle), save=False)
        try:
            with zip_path.open("rb") as handle:
                job.zip_file.save(f"{job.pk}-{token}.zip", File(handle), save=False)
        except BaseException:
            # No row will name the merged PDF (the job fails or is tried again): it goes, with many people's documents.
            job.pdf_file.storage.delete(job.pdf_file.name)
            job.pdf_file = ""
            raise


def _split_into(archive: zipfile.ZipFile, merged: bytes, names: list[str], page_counts: list[int]) -> None:
    """One PDF per item into the ZIP, cut from the chunk's merged PDF (no second render), each page with its own
    resources only."""
    reader = PdfReader(BytesIO(merged))
    page = 0
    for name, count in zip(names, page_counts, strict=True):
        archive.writestr(name, pages_pdf([reader.pages[number] for number in range(page, page + count)]))
        page += count


def _merge(chunk_files: list[Path], target: Path) -> None:
    writer = PdfWriter()
    for path in chunk_files:
        writer.append(str(path))
    with target.open("wb") as handle:
        writer.write(handle)
