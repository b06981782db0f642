"""reports.periods: what `?period=` and the report form accept, and the days each period counts."""

import datetime

import pytest

from reports.periods import Period, period_from_key, quarter_period, year_period
from tests.factories import ForumEditionFactory


@pytest.mark.parametrize(
    "key",
    [
        "",
        "0",
        "-1",
        "2026²",
        "２０２６",
        "2026-q9",
        "2026-q0",
        "2026-Q1-extra",
        "1999",
        "2101",
        "2026-",
        "q3",
        "x" * 500,
    ],
)
def test_anything_but_a_year_a_quarter_or_an_edition_is_no_period(db, key):
    assert period_from_key(key) is None


def test_a_year_and_a_quarter_in_either_case_count_their_days():
    assert (
        period_from_key("2026")
        == year_period(2026)
        == Period("year", datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    )
    assert period_from_key(" 2026-Q4 ") == quarter_period(2026, 4)
    assert quarter_period(2026, 4).ends_on == datetime.date(2026, 12, 31)
    assert quarter_period(2027, 1).ends_on == datetime.date(2027, 3, 31)
    assert quarter_period(2028, 1).ends_on == datetime.date(2028, 3, 31)
    assert [period_from_key(f"2026-q{q}").label for q in (1, 2)] == ["Quarter 1, 2026", "Quarter 2, 2026"]


def test_an_edition_is_found_by_its_short_name_whatever_its_case(db):
    edition = ForumEditionFactory(slug="ATF-2027")
    period = period_from_key("edition-atf-2027")
    assert period.edition == edition
    assert (period.starts_on, period.ends_on) == (edition.starts_on, edition.ends_on)
    assert period_from_key(period.key) == period
    assert period_from_key("edition-nothing-here") is None


def test_the_dashboard_says_an_unknown_period_next_to_the_field_and_shows_the_defaults(organiser_client):
    response = organiser_client.get("/en/organiser/", {"period": "2026²"})
    assert response.status_code == 200
    assert 'id="period-error"' in response.text and 'value="2026²"' in response.text
