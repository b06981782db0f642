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
- XLSX: every cell is written as a string cell (``data_type == "s"``), never a formula (a workbook of figures,
  ``xlsx_workbook_bytes``, writes numbers as numbers: a number runs nothing), and the risky ones also get
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
from dataclasses import dataclass
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


@dataclass(frozen=True)
class XlsxSheet:
    """One sheet of a workbook (`xlsx_workbook_bytes`): its title (cut to Excel's 31 characters, made unique) and its
    rows of values; the rows of `bold_rows` (0 the first) are bold, and the sheet is frozen below `freeze_rows`."""

    title: str
    rows: Sequence[Sequence]
    bold_rows: tuple[int, ...] = (0,)
    freeze_rows: int = 1


def _sheet_title(title, taken: set[str]) -> str:
    # Sheet titles: at most 31 characters, none of []:*?/\, unique within the workbook whatever the case.
    base = re.sub(r"[\[\]:*?/\\]", " ", _as_text(title)).strip()[:31] or "Sheet"
    name, number = base, 1
    while name.casefold() in taken:
        number += 1
        name = f"{base[: 31 - len(str(number)) - 1]} {number}"
    taken.add(name.casefold())
    return name


def xlsx_workbook_bytes(sheets: Iterable[XlsxSheet], *, numbers: bool = True) -> bytes:
    """An XLSX workbook of `sheets` in which no cell is a formula: text is written as string cells (the risky ones
    with Excel's quote prefix, module docstring) and, with `numbers`, numbers as numbers (a number runs nothing)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    taken: set[str] = set()
    for spec in sheets:
        sheet = workbook.create_sheet(_sheet_title(spec.title, taken))
        for row_number, row in enumerate(spec.rows, start=1):
            for column_number, value in enumerate(row, start=1):
                cell = sheet.cell(row=row_number, column=column_number)
                if numbers and _is_number(value):
                    cell.value = value
                else:
                    text = XML_ILLEGAL.sub("\ufffd", _as_text(value))
                    if not text:
                        continue  # an empty cell stays empty (openpyxl would write an empty inline string)
                    cell.value = text
                    # openpyxl reads "=..." as a formula when the value is assigned; force a string cell.
                    cell.data_type = "s"
                    if starts_risky(text):
                        cell.quotePrefix = True
                if row_number - 1 in spec.bold_rows:
                    cell.font = bold
        if spec.freeze_rows:
            sheet.freeze_panes = f"A{spec.freeze_rows + 1}"
    if not taken:
        workbook.create_sheet("Sheet")
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def xlsx_bytes(header: Sequence, rows: Iterable[Sequence], sheet_title: str) -> bytes:
    """An XLSX workbook with one sheet in which every cell is a string cell (never a formula)."""
    return xlsx_workbook_bytes([XlsxSheet(sheet_title, [header, *rows])], numbers=False)


def xlsx_response(filename: str, header: Sequence, rows: Iterable[Sequence], sheet_title: str) -> HttpResponse:
    """An XLSX download: see `xlsx_bytes`."""
    name = safe_filename(filename)
    if not name.lower().endswith(".xlsx"):
        name += ".xlsx"
    content = xlsx_bytes(header, rows, sheet_title)
    return _attachment(HttpResponse(content, content_type=XLSX_CONTENT_TYPE), name)


__all__ = [
    "XlsxSheet",
    "csv_response",
    "is_risky",
    "neutralise",
    "safe_cell",
    "safe_filename",
    "xlsx_bytes",
    "xlsx_response",
    "xlsx_workbook_bytes",
]
