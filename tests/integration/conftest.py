import datetime

import pytest
from django.utils import timezone

from certificates.models import Kind
from tests.factories import CertificateTemplateFactory, CertificateTemplateVersionFactory, ForumEditionFactory

# The training world of the certificates tests is the trainings tests' own.
from tests.trainings.conftest import company, focal_point, past_cohort  # noqa: F401


def make_template(kind):
    return CertificateTemplateVersionFactory(template=CertificateTemplateFactory(kind=kind)).template


@pytest.fixture
def training_template(db):
    return make_template(Kind.TRAINING_COMPLETION)


@pytest.fixture
def forum_templates(db):
    return make_template(Kind.FORUM_PARTICIPATION), make_template(Kind.FORUM_SPEAKER)


@pytest.fixture
def edition(db):
    today = timezone.localdate()
    return ForumEditionFactory(
        starts_on=today - datetime.timedelta(days=3),
        ends_on=today - datetime.timedelta(days=1),
        registration_opens_at=timezone.now() - datetime.timedelta(days=60),
        registration_closes_at=timezone.now() - datetime.timedelta(days=5),
    )
