"""Spreadsheet exports (CSV and XLSX) that cannot run as formulas when someone opens them.

Spreadsheet programs treat a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some of them, a tab or
a carriage return) as a formula: a registration form is the way in for ``=HYPERLINK(...)`` or ``=WEBSERVICE(...)``
payloads (CSV/formula injection, OWASP). A CSV file is also read by programs that split it on another separator
than ours (``;`` in many locales, a tab, ``|``), or that ignore quotes: then a piece of a cell becomes a cell of its
own, and ``Chan;=HYPERLINK(...)`` starts one with ``=``. So, for every cell, header included:

- CSV: every cell is quoted (``csv.QUOTE_ALL``), and an apostrophe goes before every ``=``, ``+``, ``-`` or ``@``
  that starts the cell or a piece of it, that is one that follows a separator a spreadsheet may split on
  (``;`` ``,`` ``|`` tab, line feed, carriage return), blanks and double quotes in between included
  (``Chan;'=HYPERLINK(...)``). A cell that starts with a tab or a carriage return gets one too. Spreadsheets show
  the apostrophe's piece as text.
- XLSX: every cell is written as a string cell (``data_type == "s"``), never a formula, and the risky ones also get
  Excel's "quote prefix" style so that editing the cell later keeps it text. The text itself is kept as written
  (an XLSX cell is never split), except for the control characters XML cannot carry.

Phone numbers have no exemption: ``+855 12 345 678`` is written ``'+855 12 345 678`` in CSV, still readable and now
text (no spreadsheet turns it into a sum or drops its ``+``), and as written in XLSX with the quote prefix. An
exemption that recognised phone numbers by their look would let a passport number, an ID or any other digits that
start with ``+`` pass as one.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils.encoding import force_str

# A cell that starts with one of these may be read as a formula by some spreadsheets, whatever follows.
CELL_START_TRIGGERS = ("\t", "\r")
# A cell, or a piece of it, whose first character other than blanks and double quotes is one of =+-@. Blanks: a
# spreadsheet may trim them; quotes: a piece may open a quoted field. The separators are where a spreadsheet may
# split a cell into pieces: other field separators than ours (; , | tab) and rows (line feed, carriage return).
RISKY_START = re.compile(r'[\s"]*[=+\-@]')
RISKY_PIECE = re.compile(r'(^|[;,|\t\n\r])([\s"]*)(?=[=+\-@])')
# XML 1.0 cannot carry these (openpyxl refuses them); they are replaced in XLSX cells.
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def starts_risky(text: str) -> bool:
    """True when a spreadsheet could read the whole cell as a formula."""
    return text.startswith(CELL_START_TRIGGERS) or RISKY_START.match(text) is not None


def neutralise(text: str) -> str:
    """The text with an apostrophe before every formula trigger that starts it or a piece of it (module docstring)."""
    text = RISKY_PIECE.sub(r"\1\2'", text)
    return "'" + text if text.startswith(CELL_START_TRIGGERS) else text


def is_risky(text: str) -> bool:
    """True when a spreadsheet could read the text, or a piece of it, as a formula."""
    return neutralise(text) != text


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return force_str(value)


def _is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def safe_cell(value) -> str | int | float | Decimal:
    """The value as a CSV cell: numbers as they are (a number runs nothing), text through `neutralise`.

    ``None`` is empty, booleans are ``yes``/``no``, dates ISO 8601.
    """
    if _is_number(value):
        return value
    return neutralise(_as_text(value))


def safe_filename(filename: str, default: str = "export") -> str:
    """An ASCII file name for Content-Disposition: letters, digits, dot, hyphen and underscore only."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", filename).strip("._")
    return cleaned[:120] or default


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def csv_response(filename: str, header: Sequence, rows: Iterable[Sequence]) -> HttpResponse:
    """A CSV download in UTF-8 with a byte-order mark (so Excel shows Khmer), every cell quoted and through
    `safe_cell`."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow([safe_cell(value) for value in header])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    name = safe_filename(filename)
    if not name.lower().endswith(".csv"):
        name += ".csv"
    return _attachment(HttpResponse(buffer.getvalue().encode("utf-8"), content_type=CSV_CONTENT_TYPE), name)


def xlsx_bytes(header: Sequence, rows: Iterable[Sequence], sheet_title: str) -> bytes:
    """An XLSX workbook with one sheet in which every cell is a string cell (never a formula)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    # Sheet titles: at most 31 characters, none of []:*?/\
    sheet.title = re.sub(r"[\[\]:*?/\\]", " ", _as_text(sheet_title))[:31] or "Sheet"
    bold = Font(bold=True)
    for row_number, row in enumerate([header, *rows], start=1):
        for column_number, value in enumerate(row, start=1):
            text = XML_ILLEGAL.sub("\ufffd", _as_text(value))
            if not text:
                continue  # an empty cell stays empty (openpyxl would write an empty inline string)
            cell = sheet.cell(row=row_number, column=column_number)
            cell.value = text
            # openpyxl reads "=..." as a formula when the value is assigned; force a string cell.
            cell.data_type = "s"
            if starts_risky(text):
                cell.quotePrefix = True
            if row_number == 1:
                cell.font = bold
    sheet.freeze_panes = "A2"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def xlsx_response(filename: str, header: Sequence, rows: Iterable[Sequence], sheet_title: str) -> HttpResponse:
    """An XLSX download: see `xlsx_bytes`."""
    name = safe_filename(filename)
    if not name.lower().endswith(".xlsx"):
        name += ".xlsx"
    content = xlsx_bytes(header, rows, sheet_title)
    return _attachment(HttpResponse(content, content_type=XLSX_CONTENT_TYPE), name)


__all__ = [
    "csv_response",
    "is_risky",
    "neutralise",
    "safe_cell",
    "safe_filename",
    "xlsx_bytes",
    "xlsx_response",
]
