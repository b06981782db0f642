"""documents.tables: small numbers hidden, and no published total gives one back (secondary suppression)."""

import itertools
import random

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
