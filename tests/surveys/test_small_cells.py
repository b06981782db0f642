"""Small cells stay suppressed: in an anonymous survey of each session, a session answered by fewer than five shows
nothing of its own (no average, no row of the export saying it is about that session; no row says when it was
given), and neither does the complement that would give it away (the whole survey's figures minus the sessions
shown)."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from surveys.results import export_rows, survey_results
from tests.surveys.results_world import survey_of_sessions

pytestmark = pytest.mark.django_db


def _survey_of_sessions(*answered: int, anonymous: bool = True):
    """A closed survey of each session; session n has answered[n] responses, each rating 4 (5 for the last
    session's, so that its people's answers would show in the complement)."""
    _edition, survey, sessions = survey_of_sessions(
        answered, anonymous=anonymous, rating=lambda number, _answer: 5 if number == len(answered) - 1 else 4
    )
    return survey, sessions


def _shown(survey) -> dict[int, bool]:
    return {row.part.id: row.visible for row in survey_results(survey).parts}


def test_a_lone_small_session_hides_the_one_that_would_give_it_away():
    # 6 + 1 responses: the survey's results show (7), so the big session's average would give the lone person's.
    survey, (big, lone) = _survey_of_sessions(6, 1)

    results = survey_results(survey)

    assert results.visible
    assert _shown(survey) == {big.pk: False, lone.pk: False}
    assert all(row.average is None and row.count == 0 for row in results.parts)


def test_the_smallest_session_shown_is_held_back_until_the_held_back_hold_five():
    survey, (big, middle, lone) = _survey_of_sessions(7, 5, 1)

    assert _shown(survey) == {big.pk: True, middle.pk: False, lone.pk: False}


def test_small_sessions_that_hold_five_between_them_hide_nothing_more():
    survey, (big, small, other) = _survey_of_sessions(5, 3, 2)

    assert _shown(survey) == {big.pk: True, small.pk: False, other.pk: False}


def test_the_export_of_an_anonymous_survey_names_no_held_back_session():
    survey, (big, middle, lone) = _survey_of_sessions(7, 5, 1)
    labels = {row.part.id: row.part.label for row in survey_results(survey).parts}

    header, rows = export_rows(survey)

    assert header[:2] == ["Response", "About"] and "Date" not in header
    assert [row[1] for row in rows].count(labels[big.pk]) == 7
    assert [row[1] for row in rows].count("") == 6
    assert labels[lone.pk] not in {row[1] for row in rows} and labels[middle.pk] not in {row[1] for row in rows}
    # The rows come in the order of their random ids: not by session, by date or as they were given.
    assert [row[0] for row in rows] == sorted(row[0] for row in rows)


def test_the_csv_of_the_survey_holds_no_held_back_session(client, organiser):
    survey, (_big, lone) = _survey_of_sessions(6, 1)
    client.force_login(organiser)

    content = client.get(reverse("survey_results:csv", kwargs={"pk": survey.pk})).content.decode("utf-8-sig")

    rows = list(csv.reader(io.StringIO(content)))[1:]
    assert len(rows) == 7 and {row[1] for row in rows} == {""}


def test_a_named_survey_shows_every_session_with_its_rows():
    survey, (big, lone) = _survey_of_sessions(6, 1, anonymous=False)

    assert _shown(survey) == {big.pk: True, lone.pk: True}
    header, rows = export_rows(survey)
    assert header[:4] == ["Response", "Date", "About", "Respondent"]
    assert all(isinstance(row[1], datetime.date) and row[2] for row in rows)


@pytest.mark.parametrize("answered", [(6, 1), (60, 30, 4)])
def test_the_export_costs_the_same_queries_at_any_size(client, organiser, django_assert_num_queries, answered):
    survey, _sessions = _survey_of_sessions(*answered)
    client.force_login(organiser)
    url = reverse("survey_results:csv", kwargs={"pk": survey.pk})
    # The request's own and the results' check (as the results page's), then the items with their options, the
    # edition's sessions, the responses per session, the responses and their answers with their options.
    with django_assert_num_queries(18):
        response = client.get(url)
    assert response.status_code == 200


def test_a_held_back_session_shows_not_even_how_many_answered_it(client, organiser):
    # "1 response" beside a session one person attended would say that this person answered.
    survey, (big, lone) = _survey_of_sessions(6, 1)
    client.force_login(organiser)

    page = client.get(reverse("survey_results:results", kwargs={"pk": survey.pk})).content.decode()

    assert {row.part.id: row.responses for row in survey_results(survey).parts} == {big.pk: None, lone.pk: None}
    table = page[page.index('id="part-ratings"') :]
    table = table[: table.index("</table>")]
    assert ">1</td>" not in table and ">6</td>" not in table
    assert table.count("not shown: too few responses in this session or another") == 2
