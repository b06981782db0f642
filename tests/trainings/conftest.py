import datetime

import pytest
from django.utils import timezone

from tests.factories import (
    CohortFactory,
    EnrollmentFactory,
    FocalPointFactory,
    MembershipFactory,
    OrganisationFactory,
    PastCohortFactory,
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
    return PastCohortFactory()


@pytest.fixture
def assessed_cohort(past_cohort):
    """`past_cohort`, whose course ends with an assessment (pass mark 70)."""
    course = past_cohort.course
    course.has_assessment, course.pass_mark = True, 70
    course.save()
    return past_cohort


@pytest.fixture
def upcoming():
    """A cohort whose one session starts in two days: a pre-test of its course is open (tests of assessments)."""
    cohort = CohortFactory()
    TrainingSessionFactory(cohort=cohort, starts_at=timezone.now() + datetime.timedelta(days=2))
    return cohort


# --- The roll-call: a session going on now, its trainer and three participants ---------------------------------


@pytest.fixture
def trainer(db):
    return UserFactory(given_name="Dara", family_name="Trainer", email="trainer@rollcall.example")


@pytest.fixture
def live_session(trainer):
    """A session that started an hour ago and ends in two hours, taught by `trainer`."""
    now = timezone.now()
    cohort = CohortFactory(
        code="COP-RC-01",
        starts_on=timezone.localdate(now) - datetime.timedelta(days=1),
        ends_on=timezone.localdate(now) + datetime.timedelta(days=1),
        trainers=[trainer],
        capacity=100,
    )
    return TrainingSessionFactory(
        cohort=cohort,
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=2),
        topic="Children's rights online",
    )


@pytest.fixture
def enrolled(live_session):
    """Three participants of the session's cohort, the first with a Khmer name."""
    names = [("Sok", "Vannak", "សុខ វណ្ណៈ"), ("Lim", "Sophea", ""), ("Chea", "Rithy", "")]
    return [
        EnrollmentFactory(
            cohort=live_session.cohort,
            user=UserFactory(family_name=family, given_name=given, native_name=native),
        )
        for family, given, native in names
    ]


@pytest.fixture
def trainer_client(client, trainer):
    client.force_login(trainer)
    return client
