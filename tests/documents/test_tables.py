"""documents.tables: small numbers hidden, and no published total gives one back (secondary suppression)."""

import itertools
import random
from fractions import Fraction

import pytest

from documents.tables import SECONDARY, SMALL, TOTAL, Cube, Dimension, plain_table

COUNTRIES = Dimension("Country", (("KH", "Cambodia"), ("VN", "Viet Nam"), ("TH", "Thailand"), ("LA", "Lao PDR")))
SEXES = Dimension("Sex", (("female", "Female"), ("male", "Male"), ("another", "Another"), ("", "Not given")))
AGES = Dimension("Age", (("under_18", "Under 18"), ("18_24", "18–24"), ("25_39", "25–39"), ("40_plus", "40+")))
FACES = ((0, 1, 2), (0, 1), (0, 2), (1, 2))


def _cube(seed: int) -> Cube:
    rng = random.Random(seed)
    counts = {
        key: rng.choice([0, 0, 1, 2, 3, 4, 5, 7, 12, 30])
        for key in itertools.product(COUNTRIES.keys, SEXES.keys, AGES.keys)
    }
    return Cube([COUNTRIES, SEXES, AGES], counts)


def _lines(cube: Cube, faces):
    return [line for face in faces for line in cube._face_lines(face)]


def _derivable(cube: Cube, hidden: dict, faces) -> set:
    """Cells a reader works out from the published ones by subtracting along lines, repeated until nothing more
    comes out (what a reader with a spreadsheet does)."""
    known = {key for face in faces for key in cube._face_keys(face) if key not in hidden}
    found = set()
    changed = True
    while changed:
        changed = False
        for line in _lines(cube, faces):
            unknown = [key for key in line if key not in known]
            if len(unknown) == 1:
                known.add(unknown[0])
                found.add(unknown[0])
                changed = True
    return found


@pytest.mark.parametrize("seed", range(25))
def test_a_country_sex_age_cross_table_gives_no_hidden_cell_back(seed):
    cube = _cube(seed)
    hidden = cube.hidden(FACES)
    small = {key for key, why in hidden.items() if why == SMALL}
    assert small == {key for face in FACES for key in cube._face_keys(face) if 0 < cube.value(key) < 5}
    assert not _derivable(cube, hidden, FACES)
    for line in _lines(cube, FACES):
        assert sum(key in hidden for key in line) != 1


def test_every_cell_from_1_to_4_prints_as_less_than_5_and_zero_prints_as_0():
    counts = {("KH", "female"): 3, ("KH", "male"): 0, ("VN", "female"): 9, ("VN", "male"): 11}
    countries = Dimension("Country", (("KH", "Cambodia"), ("VN", "Viet Nam")))
    cube = Cube([countries, Dimension("Sex", SEXES.members[:2])], counts)
    (table,) = cube.faces((0, 1), titles=["People by country and sex"])
    cambodia, viet_nam, total = table.rows
    assert [cell.text for cell in cambodia.cells] == ["< 5", "0", "< 5"]
    # Viet Nam's female count would give Cambodia's back from the column's total (12 - 9): it hides too, then what
    # would give it back in turn (Viet Nam's total from its row).
    assert [cell.text for cell in viet_nam.cells] == ["x", "11", "x"]
    assert [cell.text for cell in total.cells] == ["12", "11", "23"]
    assert not _derivable(cube, cube.hidden([(0, 1)]), [(0, 1)])
    assert table.protected and table.has_hidden and table.note
    assert all(cell.shown_value is None for row in table.rows for cell in row.cells if cell.hidden)


def test_faces_published_together_hide_their_shared_totals_alike():
    cube = _cube(7)
    by_sex, by_age = cube.faces((0, 1), (0, 2), titles=["by sex", "by age"])
    # The countries' totals are one cell of the cube, shown in both tables: hidden in both or in neither.
    assert [row.cells[-1].text for row in by_sex.rows] == [row.cells[-1].text for row in by_age.rows]


def test_a_secondary_cell_is_the_smallest_count_above_zero_not_a_total():
    counts = {("KH", "female"): 2, ("KH", "male"): 20, ("KH", "another"): 6, ("VN", "female"): 10, ("VN", "male"): 10}
    countries = Dimension("Country", (("KH", "Cambodia"), ("VN", "Viet Nam")))
    cube = Cube([countries, Dimension("Sex", SEXES.members[:3])], counts)
    hidden = cube.hidden([(0, 1)])
    assert hidden[("KH", "female")] == SMALL
    assert hidden[("KH", "another")] == SECONDARY
    assert ("KH", TOTAL) not in hidden


def test_plain_tables_show_their_figures_with_totals_but_never_sum_shares():
    table = plain_table(
        title="Completion",
        row_heading="Course",
        columns=["People", "Completed %"],
        rows=[("Reporting", [3, 66.7], "/x/"), ("Guidelines", [2, 50])],
        totals=True,
        percent_columns=[1],
    )
    assert [cell.text for cell in table.rows[0].cells] == ["3", "66.7 %"]
    assert table.rows[0].link == "/x/"
    assert [cell.text for cell in table.rows[-1].cells] == ["5", "–"]
    assert not table.protected


def _rank(rows: list[list[Fraction]]) -> int:
    rows = [list(row) for row in rows]
    rank = 0
    for column in range(len(rows[0]) if rows else 0):
        pivot = next((index for index in range(rank, len(rows)) if rows[index][column] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for index in range(len(rows)):
            if index != rank and rows[index][column] != 0:
                factor = rows[index][column] / rows[rank][column]
                rows[index] = [a - factor * b for a, b in zip(rows[index], rows[rank], strict=True)]
        rank += 1
    return rank


def _solved(cube: Cube, hidden: dict, faces) -> list:
    """Hidden cells that the published totals give back exactly, all lines taken together (exact arithmetic: a
    cell is given back when adding its unit vector to the lines' equations does not raise their rank)."""
    unknown = {key: index for index, key in enumerate(sorted(hidden))}
    equations = []
    for line in _lines(cube, faces):
        *members, total = line
        row = [Fraction(0)] * len(unknown)
        for key in members:
            if key in unknown:
                row[unknown[key]] += 1
        if total in unknown:
            row[unknown[total]] -= 1
        if any(row):
            equations.append(row)
    rank = _rank(equations)
    solved = []
    for key, index in unknown.items():
        unit = [Fraction(int(position == index)) for position in range(len(unknown))]
        if _rank([*equations, unit]) == rank:
            solved.append(key)
    return solved


def _narrowed(cube: Cube, hidden: dict, faces, *, low_small: int = 1) -> dict:
    """What a reader works out of each hidden cell: bounds tightened line after line, from "< 5" meaning 1 to 4 and
    every count being at least 0 (written apart from documents.suppression, as a reader would)."""
    shown = {key: cube.value(key) for face in faces for key in cube._face_keys(face) if key not in hidden}
    bounds = {key: (low_small, 4) if why == SMALL else (0, 10**9) for key, why in hidden.items()}
    for _round in range(100):
        before = dict(bounds)
        for line in _lines(cube, faces):
            *members, total = line
            for key in line:
                if key not in bounds:
                    continue
                if key == total:
                    low = sum(shown.get(m, bounds.get(m, (0, 0))[0]) for m in members)
                    high = sum(shown.get(m, bounds.get(m, (0, 0))[1]) for m in members)
                else:
                    others = [m for m in members if m != key]
                    top_low, top_high = bounds.get(total, (shown.get(total),) * 2)
                    low = top_low - sum(shown.get(m, bounds.get(m, (0, 0))[1]) for m in others)
                    high = top_high - sum(shown.get(m, bounds.get(m, (0, 0))[0]) for m in others)
                bounds[key] = (max(bounds[key][0], low), min(bounds[key][1], high))
        if bounds == before:
            break
    return bounds


def _given_back(cube: Cube, faces, **kwargs) -> dict:
    hidden = cube.hidden(faces)
    return {key: low for key, (low, high) in _narrowed(cube, hidden, faces, **kwargs).items() if low == high}


def test_two_small_counts_that_fill_their_total_are_not_given_back():
    # Cambodia 4 + 4 = 8 shown: with "< 5" meaning 1 to 4, both would be 4, then Thailand's by its columns.
    countries = Dimension("Country", (("KH", "Cambodia"), ("TH", "Thailand")))
    cube = Cube(
        [countries, Dimension("Sex", SEXES.members[:2])],
        {("KH", "female"): 4, ("KH", "male"): 4, ("TH", "female"): 9, ("TH", "male"): 7},
    )
    assert not _given_back(cube, [(0, 1)])
    # 1 + 1 beside a 6: the two "< 5" would be 1 each.
    cube = Cube(
        [countries, Dimension("Sex", SEXES.members[:3])],
        {
            ("KH", "female"): 1,
            ("KH", "male"): 1,
            ("KH", "another"): 6,
            ("TH", "female"): 8,
            ("TH", "male"): 9,
            ("TH", "another"): 7,
        },
    )
    assert not _given_back(cube, [(0, 1)])


def test_hidden_cells_are_not_given_back_by_lines_taken_together():
    counts = {
        ("female", "under_18"): 6,
        ("male", "under_18"): 15,
        ("male", "40_plus"): 4,
        ("another", "under_18"): 11,
        ("another", "25_39"): 4,
        ("another", "40_plus"): 5,
    }
    sexes = Dimension("Sex", SEXES.members[:3])
    cube = Cube([sexes, AGES], {(s, a): counts.get((s, a), 0) for s in sexes.keys for a in AGES.keys})
    # Women's and men's totals (45 - 20) less their under-18s (32 - 11) would give the men of 40 and over (4).
    assert not _solved(cube, cube.hidden([(0, 1)]), [(0, 1)])
    assert not _given_back(cube, [(0, 1)])


ORGANISATIONS = Dimension(
    "Organisation type", (("government", "Government"), ("tech_company", "Company"), ("ngo", "NGO"))
)
REPORT_FACES = ((0, 2), (2, 3), (1, 2))  # country x sex, sex x age band, organisation type x sex


@pytest.mark.parametrize("seed", range(40))
def test_the_reports_faces_of_one_cube_give_no_hidden_cell_back(seed):
    rng = random.Random(seed)
    counts = {
        key: rng.choice([0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 9, 14])
        for key in itertools.product(COUNTRIES.keys, ORGANISATIONS.keys, SEXES.keys, AGES.keys)
    }
    cube = Cube([COUNTRIES, ORGANISATIONS, SEXES, AGES], counts)
    assert not _given_back(cube, REPORT_FACES)
    assert not _solved(cube, cube.hidden(REPORT_FACES), REPORT_FACES)


@pytest.mark.parametrize("seed", range(20))
def test_totals_published_elsewhere_stay_shown_and_still_give_nothing_back(seed):
    rng = random.Random(seed)
    counts = {key: rng.choice([0, 1, 2, 3, 6, 9]) for key in itertools.product(COUNTRIES.keys, SEXES.keys, AGES.keys)}
    cube = Cube([COUNTRIES, SEXES, AGES], counts)
    # Each country's total and the grand total are printed unprotected elsewhere (a headline, a seats table).
    fixed = [(country, TOTAL, TOTAL) for country in COUNTRIES.keys] + [(TOTAL, TOTAL, TOTAL)]
    faces = [(0, 1), (1, 2)]
    hidden = cube.hidden(faces, fixed=fixed)
    assert not set(fixed) & set(hidden)
    bounds = _narrowed(cube, hidden, faces)
    assert not [key for key, (low, high) in bounds.items() if low == high]
