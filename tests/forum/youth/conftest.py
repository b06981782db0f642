import pytest

from forum.models import ForumEdition
from tests.factories import ForumEditionFactory


@pytest.fixture
def auto_edition(db):
    return ForumEditionFactory(slug="atf-2027", mode=ForumEdition.Mode.AUTO, capacity=2, reference_prefix="ATF27")


@pytest.fixture
def review_edition(db):
    return ForumEditionFactory(slug="atf-2028", mode=ForumEdition.Mode.REVIEW, capacity=5, reference_prefix="ATF28")


@pytest.fixture
def commit(django_capture_on_commit_callbacks, outbox):
    """Run a block and its on-commit callbacks (the e-mails), as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
