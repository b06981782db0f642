"""Files to upload in tests: real small images, a small PDF, and images that only claim to be huge (decompression
bombs)."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter


def _blank_pdf() -> bytes:
    """A real one-page PDF (A4, blank), as a scanner or a phone's "save as PDF" makes: it opens in a reader."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF = _blank_pdf()


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (120, 40), colour: str = "white") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, fmt)
    return buffer.getvalue()


def pdf_upload(name: str = "form.pdf", size: int | None = None) -> SimpleUploadedFile:
    """A small real PDF as a form uploads it; `size` pads it to that many bytes (after its end, as readers allow)."""
    content = PDF
    if size:
        content += b"0" * (size - len(content))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(width: int = 20_000, height: int = 20_000) -> bytes:
    """A valid PNG header that declares `width` x `height` one-bit pixels, with one row of data: a few hundred
    bytes that Pillow sees as a decompression bomb (an error past 2 x MAX_IMAGE_PIXELS, a warning past 1 x)."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\0" + b"\0" * ((width + 7) // 8)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(row)) + _chunk(b"IEND", b"")
