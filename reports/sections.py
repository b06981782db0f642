"""What the dashboard and the report show, domain by domain: a section of headline figures and of figures (a table
with its chart). reports.forum and reports.trainings build them; the dashboard's page, the report's PDF and its
XLSX show the same objects, so their numbers cannot differ."""

from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from documents.charts import bar_chart
from documents.tables import Cell, Table


@dataclass(frozen=True)
class Headline:
    """One number at a glance ("Registrations: 412"), linked to the list behind it; `detail` says against what
    ("of 500 seats")."""

    label: str
    cell: Cell
    detail: str = ""


@dataclass(frozen=True)
class Figure:
    """A table and, where a picture helps, its chart (documents.charts SVG). The table is always shown.

    In a PDF, a chart whose labels need shaping numbers them (documents.charts): a bar chart its bars, the table's
    rows (`numbers="rows"`); a line chart its lines, the table's columns (`numbers="columns"`). The table numbers
    them alike."""

    table: Table
    chart: SafeString | str = ""
    numbers: str = "rows"

    @property
    def pdf_numbers_rows(self) -> bool:
        return bool(self.chart) and self.numbers == "rows" and self.table.labels_need_shaping

    @property
    def pdf_numbers_columns(self) -> bool:
        return bool(self.chart) and self.numbers == "columns" and self.table.headings_need_shaping


@dataclass
class Section:
    key: str  # "forum", "trainings", "feedback": the page's anchor and the sheets' prefix
    title: str
    headlines: list[Headline] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    empty: str = ""  # said instead of figures when there is nothing to count

    @property
    def tables(self) -> list[Table]:
        return [figure.table for figure in self.figures]


def column_chart(table: Table, *, column: int = -1, max_value: int | None = None, for_pdf: bool = False) -> str:
    """A bar chart of one column of `table` (its last by default), one bar a row in the table's order, a value not
    known drawing no bar in its place; nothing when a cell of the column is hidden (a chart without its hidden bars
    would draw a shape that is not there) or when no value is above zero."""
    cells = table.column(column)
    if not cells or any(cell.hidden for cell in cells) or not any(cell.value for cell in cells):
        return ""
    return bar_chart(
        name=table.title,
        labels=[row.label for row in table.body],
        values=[cell.value for cell in cells],
        max_value=max_value,
        for_pdf=for_pdf,
    )
