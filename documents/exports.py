"""Spreadsheet exports (CSV and XLSX) that cannot run as formulas when someone opens them.

Spreadsheet programs treat a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some of them, a tab or
a carriage return) as a formula: a registration form is the way in for ``=HYPERLINK(...)`` or ``=WEBSERVICE(...)``
payloads (CSV/formula injection, OWASP). So:

- CSV: such a text cell gets a leading apostrophe (``'=1+1``), which every spreadsheet shows as text.
- XLSX: every cell is written as a string cell (``data_type == "s"``), never a formula, and the risky ones also get
  Excel's "quote prefix" style so that editing the cell later keeps it text. The text itself is kept as written.

Phone numbers. ``+855 12 345 678`` starts with ``+`` but must stay readable, so it is kept as it is. The rule
(``PHONE_NUMBER``): a ``+`` followed only by digits and the separators space, hyphen, dot and parentheses, with
7 to 15 digits (E.164 numbers have at most 15). Such a cell holds no letter, so it can name no function and no
cell: at worst a spreadsheet could read it as arithmetic on numbers, which runs nothing and reaches nothing.
Everything else that starts with a risky character (``+1+1``, ``-2``, ``@SUM(1)``) is prefixed.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.http import HttpResponse
from django.utils.encoding import force_str

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PHONE_NUMBER = re.compile(r"^\+[0-9 ().-]+$")
PHONE_DIGITS = (7, 15)

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def is_phone_number(text: str) -> bool:
    """True for ``+855 12 345 678`` and the like: see the module's docstring."""
    if not PHONE_NUMBER.match(text):
        return False
    digits = sum(character.isdigit() for character in text)
    return PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]


def is_risky(text: str) -> bool:
    """True when a spreadsheet could read the text as a formula."""
    return text.startswith(FORMULA_TRIGGERS) and not is_phone_number(text)


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return force_str(value)


def safe_cell(value) -> str | int | float:
    """The value as a CSV cell: numbers as they are, text with a leading apostrophe if it could run as a formula.

    ``None`` is empty, booleans are ``yes``/``no``, dates ISO 8601; phone numbers stay readable (module docstring).
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = _as_text(value)
    if is_risky(text):
        return "'" + text
    return text


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
    """A CSV download in UTF-8 with a byte-order mark (so Excel shows Khmer), every cell through `safe_cell`."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
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
            text = _as_text(value)
            if not text:
                continue  # an empty cell stays empty (openpyxl would write an empty inline string)
            cell = sheet.cell(row=row_number, column=column_number)
            cell.value = text
            # openpyxl reads "=..." as a formula when the value is assigned; force a string cell.
            cell.data_type = "s"
            if text.startswith(FORMULA_TRIGGERS):
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
    "is_phone_number",
    "is_risky",
    "safe_cell",
    "safe_filename",
    "xlsx_bytes",
    "xlsx_response",
]
