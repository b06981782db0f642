""" "Attended the forum": checked in at the day doors on at least the edition's number of days, or an organiser's
override with its reason (forum.selectors.attendance.with_attendance); issuing participation certificates asks it;
the override keeps its history."""

import pytest
from django.db import IntegrityError, transaction

from certificates.models import Certificate
from forum.errors import ForumCertificateError
from forum.models import AttendanceOverride, Registration
from forum.selectors.attendance import with_attendance
from forum.services.attendance import attendance_override_grant, attendance_override_remove
from forum.services.certificates import participation_certificates_issue
from tests.factories import OrganiserFactory, SessionFactory
from tests.factories.programme import RoomFactory, forum_time
from tests.forum.attendance.helpers import check_in, overridden, station
from tests.integration.conftest import forum_templates  # noqa: F401

pytestmark = pytest.mark.django_db


def _attendance(registration):
    row = with_attendance(Registration.objects.filter(pk=registration.pk), edition=registration.edition).get()
    return row.days_checked_in, row.has_override, row.attended


def test_one_of_two_days_is_not_attended_two_are(approved):
    registration = approved()
    assert _attendance(registration) == (0, False, False)
    check_in(registration, day=0)
    assert _attendance(registration) == (1, False, False)
    check_in(registration, day=1)
    assert _attendance(registration) == (2, False, True)


def test_only_counting_check_ins_at_a_day_door_count(approved, edition):
    registration = approved()
    check_in(registration, day=0)
    # A second scan the same day (another station, offline), a refused scan and a room door's check-in: no day more.
    check_in(registration, day=0, counts=False, outcome="already", offline=True)
    check_in(registration, day=1, counts=False, outcome="wrong_day")
    session = SessionFactory(
        room=RoomFactory(edition=edition), starts_at=forum_time(edition, 1, 10), ends_at=forum_time(edition, 1, 11)
    )
    check_in(registration, day=1, session=session)
    assert _attendance(registration) == (1, False, False)


def test_an_override_is_attended_and_removing_it_falls_back_to_check_ins(approved):
    registration = approved()
    check_in(registration, day=0)
    organiser = OrganiserFactory()
    override = attendance_override_grant(registration=registration, reason="  Paper list, day 2  ", by=organiser)
    assert (override.reason, override.created_by, override.is_active) == ("Paper list, day 2", organiser, True)
    assert _attendance(registration) == (1, True, True)

    attendance_override_remove(registration=registration, reason="Was not there", by=organiser)
    assert _attendance(registration) == (1, False, False)
    override.refresh_from_db()
    assert (override.removed_by, override.removal_reason) == (organiser, "Was not there")
    assert override.removed_at is not None

    # Granted again: a new row; the history keeps both, newest first.
    attendance_override_grant(registration=registration, reason="Found on the day-2 list", by=organiser)
    history = list(registration.attendance_overrides.order_by("-created_at", "-pk"))
    assert [(o.reason, o.is_active) for o in history] == [
        ("Found on the day-2 list", True),
        ("Paper list, day 2", False),
    ]


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_an_override_needs_a_reason(approved, reason):
    registration = approved()
    with pytest.raises(ForumCertificateError) as error:
        attendance_override_grant(registration=registration, reason=reason, by=None)
    assert error.value.field == "reason"
    assert not AttendanceOverride.objects.exists()


def test_the_database_refuses_an_override_without_reason_or_a_second_active_one(approved):
    registration = approved()
    with pytest.raises(IntegrityError), transaction.atomic():
        AttendanceOverride.objects.create(registration=registration, reason="")
    overridden(registration)
    with pytest.raises(IntegrityError), transaction.atomic():
        overridden(registration)


def test_an_override_is_refused_twice_and_for_a_registration_not_approved(approved, edition):
    registration = approved()
    attendance_override_grant(registration=registration, reason="Paper list", by=None)
    with pytest.raises(ForumCertificateError, match="already"):
        attendance_override_grant(registration=registration, reason="Again", by=None)
    waiting = approved()
    Registration.objects.filter(pk=waiting.pk).update(status="waitlisted")
    with pytest.raises(ForumCertificateError, match="approved"):
        attendance_override_grant(registration=waiting, reason="Paper list", by=None)
    with pytest.raises(ForumCertificateError, match="no override"):
        attendance_override_remove(registration=waiting, by=None)


def test_issuing_refuses_a_delegate_with_one_of_two_days_and_gives_one_with_an_override(approved, forum_templates):  # noqa: F811
    half = approved()
    edition = half.edition
    check_in(half, day=0)
    with pytest.raises(ForumCertificateError, match="fewer than 2 days"):
        participation_certificates_issue(edition=edition, registration_ids=[half.pk], by=None)
    assert not Certificate.objects.exists()

    overridden(half)
    outcome = participation_certificates_issue(edition=edition, registration_ids=[half.pk], by=None)
    assert [c.source_key for c in outcome.issued] == [f"registration:{half.pk}"]


def test_issuing_for_two_checked_in_days(approved, forum_templates):  # noqa: F811
    registration = approved()
    door = station(registration.edition)
    check_in(registration, day=0, at=door)
    check_in(registration, day=1, at=door)
    outcome = participation_certificates_issue(
        edition=registration.edition, registration_ids=[registration.pk], by=None
    )
    assert len(outcome.issued) == 1
