"""Each session's average rating on the organiser's programme editor, from the edition's "each session" survey."""

import pytest
from django.urls import reverse

from tests.surveys.results_world import survey_of_sessions

pytestmark = pytest.mark.django_db


def _edition_with_rated_sessions(count: int):
    """A past edition of `count` sessions; the first has 5 ratings (shown), the others 4 (too few to show)."""
    edition, _survey, sessions = survey_of_sessions(
        [5] + [4] * (count - 1), rating=lambda _number, answer: answer % 2 + 4
    )
    return edition, sessions


# From 3 sessions on, the sessions held back hold 8 responses or more between them: with 2, the 4 of the one held
# back would show as the survey's figures minus the first's, so the first is held back too (tests/surveys/
# test_small_cells.py).
@pytest.mark.parametrize("count", [3, 20])
def test_editor_shows_ratings_where_visible_at_a_fixed_query_count(organiser_client, django_assert_num_queries, count):
    edition, sessions = _edition_with_rated_sessions(count)
    url = reverse("forum_organiser:programme", kwargs={"slug": edition.slug})
    with django_assert_num_queries(17):
        page = organiser_client.get(url).content.decode()
    assert f'data-testid="rating-{sessions[0].pk}"' in page
    assert "Rated 4.4 of 5 (5 ratings)" in page  # 4, 5, 4, 5, 4
    assert all(f'data-testid="rating-{session.pk}"' not in page for session in sessions[1:])
