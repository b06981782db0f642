"""What the check-in tests share: an edition whose first day is today (in the forum's time zone), people approved
with their badge's credential, a station at a day door, and a session with sign-up today."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import ForumEditionFactory, RoomFactory, SessionFactory

from .helpers import approved_people, make_station


@pytest.fixture
def edition(db):
    edition = ForumEditionFactory(reference_prefix="ATF27")
    today = timezone.localtime(timezone.now(), edition.zone).date()
    edition.starts_on, edition.ends_on = today, today + datetime.timedelta(days=2)
    edition.save(update_fields=["starts_on", "ends_on"])
    return edition


@pytest.fixture
def people(edition):
    return approved_people(edition, 3)


@pytest.fixture
def station(edition, organiser):
    return make_station(edition, organiser)


@pytest.fixture
def session(edition):
    """A session today with sign-up and 2 places, in a room of 40."""
    start = timezone.localtime(timezone.now(), edition.zone).replace(minute=0, second=0, microsecond=0)
    return SessionFactory(
        room=RoomFactory(edition=edition, name="Room B", capacity=40),
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=30),
        requires_signup=True,
        signup_capacity=2,
    )
