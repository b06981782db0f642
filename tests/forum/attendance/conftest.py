import datetime

import pytest
from django.utils import timezone

from tests.factories import ForumEditionFactory, RegistrationFactory


@pytest.fixture
def edition(db):
    """A two-day forum that is on today (its second and last day), two check-in days asked for a certificate."""
    today = timezone.localdate()
    return ForumEditionFactory(
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today,
        days_for_certificate=2,
        registration_opens_at=timezone.now() - datetime.timedelta(days=60),
        registration_closes_at=timezone.now() - datetime.timedelta(days=5),
    )


@pytest.fixture
def approved(edition):
    def make(**kwargs):
        return RegistrationFactory(edition=edition, status="approved", **kwargs)

    return make
