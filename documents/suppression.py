"""Which cells of published tables of counts hide, so that small numbers cannot be read or worked out.

The cells are published in lines: the cells along one breakdown with their total (a row of a table and its
total, a column and its total). Two rules, applied until neither hides anything more:

1. Primary: every count from 1 to `threshold - 1` hides (SMALL; "< 5"), and 0 too when zeros would tell (a focal
   point who knows the people counted).
2. Secondary (SECONDARY; "x"), so that no hidden cell can be worked out:
   - a line that hides exactly one cell would give it back from its total: it hides one more;
   - a reader also knows that a "< 5" holds 1 to 4 (or 0 to 4), and that every count is at least 0. From the lines
     and these bounds, each hidden cell's lowest and highest possible value are worked out, line after line, as a
     reader with a spreadsheet would (interval propagation); a cell whose lowest and highest meet is given back, and
     one more cell of one of its lines hides;
   - lines taken together (one row's total less another's...) may give a hidden cell back exactly even when no
     line alone does: the equations of all the lines are solved together (`_determined`), and such a cell's line
     hides one more too.
   The cell chosen is the smallest count above zero of the line, a cell before a total, a zero only when nothing
   else is left; never one of `fixed` (published unprotected elsewhere, so known to every reader anyway).

A reader with a linear-programming solver who combines the equations with the bounds might still narrow a hidden
cell further than either check alone; `tests/documents/test_tables.py` checks random cross-tables of the report's
shape against both.
"""

from collections.abc import Collection, Iterable, Mapping, Sequence
from math import inf

SMALL = "small"  # hidden because it counts 1 to 4
SECONDARY = "secondary"  # hidden so that a total does not give a small one back

Key = tuple


def _bounds(
    values: Mapping[Key, int],
    lines: Sequence[Sequence[Key]],
    hidden: Mapping[Key, str],
    *,
    threshold: int,
    smallest: int,
) -> dict[Key, list[float]]:
    """The lowest and highest value of each hidden cell that a reader can work out from the shown ones."""
    bounds = {key: [smallest, threshold - 1] if why == SMALL else [0, inf] for key, why in hidden.items()}
    for _round in range(50):
        changed = False
        for line in lines:
            # Members add up to the total (the line's last cell): sum(sign * value) == 0.
            terms = [(key, 1) for key in line[:-1]] + [(line[-1], -1)]
            unknown = [(key, sign) for key, sign in terms if key in bounds]
            if not unknown:
                continue
            known = sum(sign * values[key] for key, sign in terms if key not in bounds)
            for key, sign in unknown:
                low = high = -known
                for other, other_sign in unknown:
                    if other is key:
                        continue
                    other_low, other_high = bounds[other]
                    if other_sign > 0:
                        low, high = low - other_high, high - other_low
                    else:
                        low, high = low + other_low, high + other_high
                if sign < 0:
                    low, high = -high, -low
                own = bounds[key]
                if low > own[0] or high < own[1]:
                    own[0], own[1] = max(own[0], low), min(own[1], high)
                    changed = True
        if not changed:
            break
    return bounds


def _determined(lines: Sequence[Sequence[Key]], hidden: Mapping[Key, str]) -> list[Key]:
    """The hidden cells that the lines' totals give back exactly, taken all together (not only one line at a
    time): a cell is given back when its unit vector lies in the space the lines' equations span over the hidden
    cells, i.e. when a row of their reduced echelon form is that cell alone. Small whole coefficients: floats with
    a tolerance are exact enough."""
    unknown = {key: index for index, key in enumerate(hidden)}
    rows = []
    for line in lines:
        row = {}
        for key, sign in [(key, 1.0) for key in line[:-1]] + [(line[-1], -1.0)]:
            if key in unknown:
                row[unknown[key]] = row.get(unknown[key], 0.0) + sign
        if row:
            rows.append(row)
    pivots: list[tuple[int, dict]] = []  # (pivot column, row with 1 there), kept reduced against each other
    for row in rows:
        for column, pivot_row in pivots:
            factor = row.get(column, 0.0)
            if abs(factor) > 1e-9:
                for index, value in pivot_row.items():
                    row[index] = row.get(index, 0.0) - factor * value
        row = {index: value for index, value in row.items() if abs(value) > 1e-9}
        if not row:
            continue
        column = min(row)
        scale = row[column]
        row = {index: value / scale for index, value in row.items()}
        for number, (other_column, other) in enumerate(pivots):
            factor = other.get(column, 0.0)
            if abs(factor) > 1e-9:
                reduced = dict(other)
                for index, value in row.items():
                    reduced[index] = reduced.get(index, 0.0) - factor * value
                pivots[number] = (other_column, {i: v for i, v in reduced.items() if abs(v) > 1e-9})
        pivots.append((column, row))
    keys = list(unknown)
    return [keys[column] for column, row in pivots if len(row) == 1]


def _choose(line: Sequence[Key], values: Mapping[Key, int], hidden: Mapping[Key, str], fixed: Collection[Key]):
    candidates = [key for key in line if key not in hidden and key not in fixed]
    if not candidates:
        return None
    total = line[-1]
    return min(candidates, key=lambda key: (values[key] == 0, key == total, values[key]))


def suppress(
    values: Mapping[Key, int],
    lines: Iterable[Sequence[Key]],
    *,
    threshold: int,
    hide_zeros: bool = False,
    fixed: Collection[Key] = (),
) -> dict[Key, str]:
    """The cells to hide among `values` (every published cell), and why, for `lines` (each: its members, then its
    total). `fixed` cells are known from elsewhere: never hidden, and counted as known."""
    lines = [list(line) for line in lines]
    fixed = set(fixed)
    smallest = 0 if hide_zeros else 1
    hidden = {key: SMALL for key, value in values.items() if smallest <= value < threshold and key not in fixed}
    while True:
        changed = True
        while changed:
            changed = False
            for line in lines:
                if sum(key in hidden for key in line) == 1 and (choice := _choose(line, values, hidden, fixed)):
                    hidden[choice] = SECONDARY
                    changed = True
        bounds = _bounds(values, lines, hidden, threshold=threshold, smallest=smallest)
        given_back = [key for key, (low, high) in bounds.items() if low == high] or _determined(lines, hidden)
        added = False
        for key in given_back:
            for line in lines:
                if key in line and (choice := _choose(line, values, hidden, fixed)):
                    hidden[choice] = SECONDARY
                    added = True
                    break
            if added:
                break
        if not added:
            return hidden
