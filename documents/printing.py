"""The work of a print job: its items rendered in chunks into one merged PDF and a ZIP of one PDF per item.

Each chunk is one `render_pdf_documents` call (the process's one font configuration, images loaded once), then
split into single PDFs for the ZIP without a second render; the chunks' PDFs are merged at the end. Memory is
bounded by the chunk, not by the job.
"""

import logging
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from io import BytesIO
from pathlib import Path

from django.core.files import File
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader, PdfWriter

from .errors import JobFailed
from .kinds import PrintKind
from .models import PrintJob
from .render import render_pdf_documents

logger = logging.getLogger(__name__)


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
    with tempfile.TemporaryDirectory(prefix=f"print-job-{job.pk}-") as workdir:
        folder = Path(workdir)
        chunk_files: list[Path] = []
        zip_path = folder / "documents.zip"
        with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_STORED) as archive:
            for index, chunk in enumerate(_chunks(job, kind, chunk_size)):
                page_counts: list[int] = []
                try:
                    merged = render_pdf_documents(
                        kind.template_name,
                        [(kind.context(item), kind.language(item)) for item in chunk],
                        page_counts=page_counts,
                    )
                except Exception as exc:
                    logger.exception("Rendering the items of job %s failed", job.pk)
                    raise JobFailed(
                        _("Rendering failed near %(items)s: %(error)s")
                        % {"items": ", ".join(str(item) for item in chunk[:3]), "error": f"{type(exc).__name__}: {exc}"}
                    ) from exc
                chunk_path = folder / f"chunk-{index:05d}.pdf"
                chunk_path.write_bytes(merged)
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
        with zip_path.open("rb") as handle:
            job.zip_file.save(f"{job.pk}-{token}.zip", File(handle), save=False)


def _split_into(archive: zipfile.ZipFile, merged: bytes, names: list[str], page_counts: list[int]) -> None:
    """One PDF per item into the ZIP, cut from the chunk's merged PDF (no second render)."""
    reader = PdfReader(BytesIO(merged))
    page = 0
    for name, count in zip(names, page_counts, strict=True):
        writer = PdfWriter()
        for number in range(page, page + count):
            writer.add_page(reader.pages[number])
        page += count
        buffer = BytesIO()
        writer.write(buffer)
        archive.writestr(name, buffer.getvalue())


def _merge(chunk_files: list[Path], target: Path) -> None:
    writer = PdfWriter()
    for path in chunk_files:
        writer.append(str(path))
    with target.open("wb") as handle:
        writer.write(handle)
