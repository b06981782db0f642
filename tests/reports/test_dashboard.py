"""The organiser's dashboard page: organisers only, its sections, and a fixed number of queries whatever the data."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import CourseFactory, EnrollmentFactory, PastCohortFactory
from tests.factories.forum import ForumEditionFactory
from tests.reports.test_forum_figures import ZONE, _grow


def _world(size: int) -> None:
    today = timezone.localdate(timezone=ZONE)
    edition = ForumEditionFactory(starts_on=today + datetime.timedelta(days=20), ends_on=today + datetime.timedelta(22))
    _grow(edition, size)
    cohort = PastCohortFactory(course=CourseFactory(title_en="Reporting incidents"))
    for index in range(size):
        status = ("completed", "not_completed")[index % 2]
        EnrollmentFactory(cohort=cohort, status=status, decided_at=timezone.now())


@pytest.mark.parametrize("size", [2, 20])
def test_the_dashboard_runs_a_fixed_number_of_queries(size, organiser_client, django_assert_num_queries):
    _world(size)
    organiser_client.get("/en/organiser/")  # the session's first page reads what every later one finds cached
    with django_assert_num_queries(32):  # and one for the safeguarding counts
        response = organiser_client.get("/en/organiser/")
    assert response.status_code == 200
    assert response.text.count('role="img"') >= 3
    assert f">{size}<" in response.text  # the registrations headline


def test_the_dashboard_shows_each_section_and_the_cards(organiser_client):
    _world(3)
    page = organiser_client.get("/en/organiser/").text
    for anchor in ('id="forum"', 'id="trainings"', 'id="feedback"'):
        assert anchor in page
    assert "/en/organiser/reports/" in page and "/en/organiser/organisations/" in page
