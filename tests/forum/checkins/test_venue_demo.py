"""seed_demo's venue: stations for the first day (a main door, a room door, a walk-in desk) and a first day of
check-ins, with a double admission for the organisers' report; running it again changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from documents.models import PrintJob
from forum.jobs import BADGES_A6
from forum.models import CheckIn, ForumEdition, Registration, Station
from forum.selectors.stations import station_report

pytestmark = pytest.mark.django_db


def test_venue_demo_has_stations_and_a_first_day_of_checkins():
    call_command("seed_demo", stdout=StringIO())
    edition = ForumEdition.objects.get(slug="atf-2027")
    stations = Station.objects.filter(edition=edition)
    assert {"Main door", "Walk-in desk"} <= set(stations.values_list("name", flat=True))
    assert stations.filter(session__isnull=False).exists() and stations.filter(admits_walk_ins=True).exists()
    assert CheckIn.objects.filter(station__edition=edition, counts=True, session__isnull=True).count() >= 3
    assert CheckIn.objects.filter(station__edition=edition, counts=True, session__isnull=False).exists()
    assert len(station_report(edition=edition)["double"]) == 1
    badges = PrintJob.objects.get(kind=BADGES_A6)  # everyone's badges, printed by the worker `make run` starts
    approved = Registration.objects.holding_seat().filter(edition=edition).count()
    assert badges.total == approved and badges.title_km and badges.title_km != badges.title_en
    counts = (Station.objects.count(), CheckIn.objects.count(), PrintJob.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (Station.objects.count(), CheckIn.objects.count(), PrintJob.objects.count()) == counts
