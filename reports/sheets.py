"""The programme report as a workbook: a cover sheet (title, period, when it was made, each section's headline
figures) and one sheet per table (its title, its headings, its rows). A hidden cell reads as on the page ("< 5",
"x"); every other count is a number; text is formula-safe (documents.exports). Call it in the report's language.
"""

import datetime

from django.utils import formats
from django.utils.translation import gettext as _

from documents.exports import XlsxSheet, xlsx_workbook_bytes
from documents.tables import Cell, Table

from .periods import Period
from .sections import Section


def cell_value(cell: Cell):
    """What a spreadsheet's cell holds: the hidden text, the number, or nothing for a figure not known."""
    if cell.hidden:
        return cell.text
    return "" if cell.value is None else cell.value


def table_rows(table: Table) -> list[list]:
    rows = [[table.title], [table.row_heading, *table.columns]]
    rows += [[row.label, *(cell_value(cell) for cell in row.cells)] for row in table.rows]
    if table.note and (table.has_hidden or not table.protected):
        rows += [[], [table.note]]
    return rows


def _cover(title: str, period: Period, generated_at: datetime.datetime, sections: list[Section]) -> XlsxSheet:
    rows: list[list] = [
        [str(title)],
        [period.label],
        [_("Generated on %(date)s") % {"date": formats.date_format(generated_at, "DATE_FORMAT")}],
    ]
    for section in sections:
        rows += [[], [section.title]]
        rows += [[headline.label, cell_value(headline.cell), headline.detail] for headline in section.headlines]
        if not section.figures and section.empty:
            rows.append([section.empty])
    return XlsxSheet(_("Report"), rows, bold_rows=(0,), freeze_rows=0)


def sheet_name(section: Section, index: int, table: Table) -> str:
    """A table's sheet: its key ("forum-by-country"), the same in every language; else the section's and its rank."""
    return table.key or f"{section.key}-{index}"


def report_workbook(
    *, title, period: Period, generated_at: datetime.datetime, sections: list[Section], **_context
) -> bytes:
    sheets = [_cover(title, period, generated_at, sections)]
    for section in sections:
        for index, table in enumerate(section.tables, start=1):
            sheets.append(
                XlsxSheet(sheet_name(section, index, table), table_rows(table), bold_rows=(0, 1), freeze_rows=2)
            )
    return xlsx_workbook_bytes(sheets)
