import datetime

import pytest
from django.utils import timezone

from certificates.models import Kind
from tests.factories import (
    CertificateTemplateFactory,
    CertificateTemplateVersionFactory,
    FocalPointFactory,
    ForumEditionFactory,
    OrganisationFactory,
    PastCohortFactory,
    UserFactory,
)


def make_template(kind):
    return CertificateTemplateVersionFactory(template=CertificateTemplateFactory(kind=kind)).template


@pytest.fixture
def training_template(db):
    return make_template(Kind.TRAINING_COMPLETION)


@pytest.fixture
def forum_templates(db):
    return make_template(Kind.FORUM_PARTICIPATION), make_template(Kind.FORUM_SPEAKER)


@pytest.fixture
def past_cohort(db):
    """A cohort whose three sessions are over."""
    return PastCohortFactory()


@pytest.fixture
def company(db):
    return OrganisationFactory(name="Mekong Mobile")


@pytest.fixture
def focal_point(company):
    return FocalPointFactory(organisation=company, user=UserFactory(email="focal@mekong.example")).user


@pytest.fixture
def edition(db):
    today = timezone.localdate()
    return ForumEditionFactory(
        starts_on=today - datetime.timedelta(days=3),
        ends_on=today - datetime.timedelta(days=1),
        registration_opens_at=timezone.now() - datetime.timedelta(days=60),
        registration_closes_at=timezone.now() - datetime.timedelta(days=5),
    )
