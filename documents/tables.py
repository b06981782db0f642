"""Figures as tables: what a page, a PDF and a spreadsheet show of a count, and the small numbers they hide.

A `Table` is rows of `Cell`s under column headings, with totals, built once and shown everywhere (the include
`documents/_table.html`, the PDF, documents.exports for XLSX), so a figure reads the same in each.

Small numbers protect people: in a protected table every count from 1 to 4 prints as "< 5" (0 prints as 0), and
enough other cells are hidden too ("x") that no published total gives a hidden cell back (secondary suppression,
documents.suppression). Counts live in a `Cube` (one dimension per breakdown: country, sex, age band...) with every
total; a report publishes several of its faces (country x sex, sex x age band...), and the cells that two faces
share (a sex's total) are one cell, hidden in both or in neither.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import product

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .charts import needs_shaping
from .suppression import SECONDARY, SMALL, suppress

THRESHOLD = 5  # counts from 1 to THRESHOLD - 1 are hidden in a protected table
TOTAL = "__total__"  # a cube key's part for "all of this dimension"

SMALL_TEXT = _("< 5")
SECONDARY_TEXT = _("x")
SUPPRESSION_NOTE = _(
    "“< 5”: from 1 to 4 people, not shown to protect them. “x”: not shown, so that totals do not give a small "
    "number back."
)
TOTAL_LABEL = _("Total")

Key = tuple


@dataclass(frozen=True)
class Cell:
    """One figure: a count, a share (`percent`) or nothing known (None); `hidden` says why it is not shown."""

    value: int | float | None
    hidden: str = ""
    link: str = ""
    percent: bool = False

    @property
    def text(self) -> str:
        if self.hidden == SMALL:
            return str(SMALL_TEXT)
        if self.hidden:
            return str(SECONDARY_TEXT)
        if self.value is None:
            return "–"
        shown = number_format(self.value, decimal_pos=0 if isinstance(self.value, int) else 1, use_l10n=True)
        return f"{shown} %" if self.percent else shown

    @property
    def shown_value(self) -> int | float | None:
        """The value a chart or a spreadsheet may carry: None when it is hidden."""
        return None if self.hidden else self.value


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]
    link: str = ""
    is_total: bool = False


@dataclass(frozen=True)
class Table:
    """A caption, the heading of the label column, column headings and rows (the totals' row last, `is_total`)."""

    title: str
    row_heading: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    protected: bool = False
    note: str = ""
    key: str = ""  # a name for the sheet and the page's anchor, e.g. "forum-by-country"

    @property
    def has_hidden(self) -> bool:
        return any(cell.hidden for row in self.rows for cell in row.cells)

    @property
    def labels_need_shaping(self) -> bool:
        """Whether a chart of it numbers its bars in a PDF (documents.charts.bar_chart): its rows are numbered too."""
        return any(needs_shaping(row.label) for row in self.body)

    @property
    def headings_need_shaping(self) -> bool:
        """Whether a line chart of its columns numbers its lines in a PDF: its column headings are numbered too."""
        return any(needs_shaping(heading) for heading in self.columns)

    @property
    def is_wide(self) -> bool:
        """More columns than half a laptop's width holds: shown across the whole width."""
        return len(self.columns) > 3

    @property
    def is_long(self) -> bool:
        """More rows than a screen holds at a glance: a page folds it away (the chart shows its shape)."""
        return len(self.body) > 12

    @property
    def body(self) -> tuple[Row, ...]:
        return tuple(row for row in self.rows if not row.is_total)

    def column(self, index: int) -> list[Cell]:
        """The cells of one column, totals' row left out (what a chart of it draws)."""
        return [row.cells[index] for row in self.body]

    def total(self, column: int = -1) -> Cell | None:
        """The cell of the totals' row in `column` (the grand total by default), None without a totals' row."""
        totals = [row for row in self.rows if row.is_total]
        return totals[-1].cells[column] if totals else None


def _text(value) -> str:
    return str(value) if isinstance(value, Promise) else value


def plain_table(
    *,
    title: str,
    row_heading: str,
    columns: Sequence[str],
    rows: Iterable[tuple[str, Sequence[int | float | None]] | tuple[str, Sequence[int | float | None], str]],
    totals: bool = False,
    percent_columns: Iterable[int] = (),
    key: str = "",
    note: str = "",
) -> Table:
    """A table of figures that protect nobody (seats, sessions, scores, shares): shown as they are. Each row is
    (label, values) or (label, values, link); `totals` adds a row that sums each column (shares are not summed)."""
    percent = set(percent_columns)
    built = []
    sums = [0] * len(columns)
    for row in rows:
        label, values, link = (*row, "")[:3]
        built.append(
            Row(
                _text(label),
                tuple(Cell(value, percent=index in percent) for index, value in enumerate(values)),
                link=link,
            )
        )
        for index, value in enumerate(values):
            sums[index] += value or 0
    if totals:
        cells = tuple(
            Cell(None if index in percent else total, percent=index in percent) for index, total in enumerate(sums)
        )
        built.append(Row(str(TOTAL_LABEL), cells, is_total=True))
    return Table(_text(title), _text(row_heading), tuple(map(_text, columns)), tuple(built), key=key, note=note)


@dataclass(frozen=True)
class Dimension:
    """A breakdown of people: its heading and its members as (key, label), in the order shown."""

    heading: str
    members: tuple[tuple[str, str], ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(key for key, _label in self.members)


@dataclass
class Cube:
    """Counts of people along `dimensions` (each count's key has one member per dimension), with every total.

    `faces(...)` publishes some of its faces as protected tables, hiding small numbers jointly across them.
    """

    dimensions: Sequence[Dimension]
    counts: Mapping[Key, int]
    links: Callable[[Key], str] | None = None  # the list behind a cell, by its key (TOTAL for "all"), or ""
    # A reader who knows the people counted (a company's focal point knows its staff) learns from a 0 beside a
    # "< 5" whom the hidden count holds: with `hide_zeros`, 0 hides as a small count too.
    hide_zeros: bool = False
    _totals: dict | None = field(default=None, init=False, repr=False)

    def value(self, key: Key) -> int:
        """The count at `key`, where TOTAL in a place sums that dimension."""
        if self._totals is None:
            # Every count adds to each of the 2^n cells it belongs to (itself, then with any of its parts summed):
            # one pass over the counts, so a face's cells cost nothing more to read.
            totals: dict[Key, int] = {}
            places = range(len(self.dimensions))
            for cell, count in self.counts.items():
                for summed in product((False, True), repeat=len(self.dimensions)):
                    key_of = tuple(TOTAL if summed[index] else cell[index] for index in places)
                    totals[key_of] = totals.get(key_of, 0) + count
            self._totals = totals
        return self._totals.get(key, 0)

    def _face_keys(self, face: Sequence[int]) -> list[Key]:
        axes = [
            (*dimension.keys, TOTAL) if index in face else (TOTAL,) for index, dimension in enumerate(self.dimensions)
        ]
        return [tuple(key) for key in product(*axes)]

    def _face_lines(self, face: Sequence[int]) -> list[list[Key]]:
        """Each line of the face: the cells along one of its dimensions with their total, the others fixed."""
        lines = []
        for along in face:
            for key in self._face_keys(face):
                if key[along] != TOTAL:
                    continue
                line = [(*key[:along], member, *key[along + 1 :]) for member in self.dimensions[along].keys]
                lines.append([*line, key])
        return lines

    def hidden(
        self, faces: Sequence[Sequence[int]], *, threshold: int = THRESHOLD, fixed: Iterable[Key] = ()
    ) -> dict[Key, str]:
        """Which published cells hide, and why (SMALL or SECONDARY), for `faces` published together
        (documents.suppression). `fixed`: cells whose counts other figures publish unprotected (a headline of
        the grand total, a plain table of each country's total): never hidden, known to the reader."""
        published = {key: self.value(key) for face in faces for key in self._face_keys(face)}
        lines = [line for face in faces for line in self._face_lines(face)]
        fixed = set(fixed)
        grand = tuple(self._base())
        if self.value(grand) >= threshold:
            fixed.add(grand)  # how many people in all: every report says it (a headline); not small, never hidden
        return suppress(published, lines, threshold=threshold, hide_zeros=self.hide_zeros, fixed=fixed)

    def _cell(self, key: Key, hidden: Mapping[Key, str]) -> Cell:
        link = self.links(key) if self.links else ""
        return Cell(self.value(key), hidden=hidden.get(key, ""), link=link)

    def faces(
        self,
        *faces: Sequence[int],
        titles: Sequence[str],
        keys: Sequence[str] = (),
        threshold: int = THRESHOLD,
        fixed: Iterable[Key] = (),
    ) -> list[Table]:
        """The tables of `faces` (each one or two dimensions' indexes: rows, then columns; or three: rows, then the
        second and third crossed in the columns), small numbers hidden across all of them at once (`fixed`: see
        `hidden`)."""
        hidden = self.hidden(faces, threshold=threshold, fixed=fixed)
        return [
            self._table(face, title=_text(title), key=key, hidden=hidden)
            for face, title, key in zip(faces, titles, (*keys, *[""] * len(faces)), strict=False)
        ]

    def _base(self) -> list[str]:
        return [TOTAL] * len(self.dimensions)

    def _at(self, **parts) -> Key:
        key = self._base()
        for index, member in parts.items():
            key[int(index[1:])] = member
        return tuple(key)

    def _table(self, face: Sequence[int], *, title: str, key: str, hidden: Mapping[Key, str]) -> Table:
        rows_dim = self.dimensions[face[0]]
        column_parts: list[tuple[str, dict]] = []
        if len(face) == 1:
            column_parts = [(str(_("People")), {})]
        elif len(face) == 2:
            second = self.dimensions[face[1]]
            column_parts = [(label, {f"d{face[1]}": member}) for member, label in second.members]
            column_parts.append((str(TOTAL_LABEL), {}))
        else:
            second, third = self.dimensions[face[1]], self.dimensions[face[2]]
            for member, label in second.members:
                for inner, inner_label in third.members:
                    column_parts.append((f"{label} · {inner_label}", {f"d{face[1]}": member, f"d{face[2]}": inner}))
                column_parts.append((f"{label} · {TOTAL_LABEL}", {f"d{face[1]}": member}))
            column_parts.append((str(TOTAL_LABEL), {}))
        rows = []
        for member, label in (*rows_dim.members, (TOTAL, str(TOTAL_LABEL))):
            cells = tuple(
                self._cell(self._at(**{f"d{face[0]}": member}, **parts), hidden) for _heading, parts in column_parts
            )
            rows.append(Row(_text(label), cells, is_total=member == TOTAL))
        return Table(
            title,
            _text(rows_dim.heading),
            tuple(_text(heading) for heading, _parts in column_parts),
            tuple(rows),
            protected=True,
            note=str(SUPPRESSION_NOTE),
            key=key,
        )


__all__ = [
    "SECONDARY",
    "SMALL",
    "THRESHOLD",
    "TOTAL",
    "Cell",
    "Cube",
    "Dimension",
    "Row",
    "Table",
    "plain_table",
]
