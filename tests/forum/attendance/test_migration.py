"""The participation certificates issued before check-in existed keep their right: each valid one becomes an
attendance override, dated and signed as the certificate was; a revoked one does not."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.factories import CertificateFactory, OrganiserFactory, RegistrationFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("forum", "0008_badge_credentials")]
AFTER = [("forum", "0009_attendance_overrides")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_the_latest():
    yield
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_ticks_of_issued_certificates_become_overrides(back_to_the_latest):
    # Made through the current models at the latest schema; then the schema goes back to before 0009 (later columns
    # such as the reach copy go, the rows stay) and forward through 0009 alone.
    ticked, revoked, untouched = (RegistrationFactory(status="approved") for _ in range(3))
    organiser = OrganiserFactory()
    issued_at = timezone.now() - datetime.timedelta(days=30)
    CertificateFactory(
        kind="forum_participation", source_key=f"registration:{ticked.pk}", issued_at=issued_at, issued_by=organiser
    )
    CertificateFactory(
        kind="forum_participation",
        source_key=f"registration:{revoked.pk}",
        status="revoked",
        revoked_at=timezone.now(),
        revoked_reason="The participation it certifies was cancelled.",
    )
    CertificateFactory(kind="training_completion", source_key=f"enrollment:{untouched.pk}")

    _migrate(BEFORE)
    apps = _migrate(AFTER)

    override = apps.get_model("forum", "AttendanceOverride")
    rows = list(override.objects.values_list("registration_id", "created_at", "created_by_id", "removed_at"))
    assert rows == [(ticked.pk, issued_at, organiser.pk, None)]
    assert override.objects.get().reason.startswith("Recorded before check-in existed")
