import datetime

import pytest
from django.utils import timezone

from tests.factories import (
    CohortFactory,
    FocalPointFactory,
    MembershipFactory,
    OrganisationFactory,
    TrainingSessionFactory,
    UserFactory,
)


@pytest.fixture
def company(db):
    return OrganisationFactory(name="Mekong Mobile")


@pytest.fixture
def focal_point(company):
    return FocalPointFactory(organisation=company, user=UserFactory(email="focal@mekong.example")).user


@pytest.fixture
def focal_client(client, focal_point):
    client.force_login(focal_point)
    return client


@pytest.fixture
def staff_member(company):
    return MembershipFactory(organisation=company, user=UserFactory(given_name="Vannak", family_name="Sok")).user


@pytest.fixture
def cohort(db):
    return CohortFactory(capacity=5)


@pytest.fixture
def past_cohort(db):
    """A cohort whose three sessions are over."""
    today = timezone.localdate()
    cohort = CohortFactory(
        starts_on=today - datetime.timedelta(days=10), ends_on=today - datetime.timedelta(days=8), capacity=30
    )
    start = timezone.now() - datetime.timedelta(days=10)
    for day in range(3):
        TrainingSessionFactory(
            cohort=cohort,
            starts_at=start + datetime.timedelta(days=day),
            ends_at=start + datetime.timedelta(days=day, hours=3),
        )
    return cohort
