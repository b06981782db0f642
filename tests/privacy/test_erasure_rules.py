"""privacy.rules.erasure_check: who may be erased now, and the forum's time zone deciding when an edition is under
way."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from forum.models import Nomination, Registration
from privacy.rules import erasure_check
from safeguarding.models import Officer
from tests.factories import (
    ForumEditionFactory,
    NominationFactory,
    NominatorFactory,
    OrganiserFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _edition(first: int, last: int, **fields):
    today = timezone.localdate()
    return ForumEditionFactory(
        starts_on=today + datetime.timedelta(days=first),
        ends_on=today + datetime.timedelta(days=last),
        registration_opens_at=timezone.now() - datetime.timedelta(days=400),
        registration_closes_at=timezone.now() - datetime.timedelta(days=390),
        **fields,
    )


@pytest.mark.parametrize(
    ("first", "last", "status", "refused"),
    [
        (-1, 1, Registration.Status.APPROVED, True),
        (0, 0, Registration.Status.WAITLISTED, True),
        (-1, 1, Registration.Status.CANCELLED, False),  # not registered any more
        (1, 3, Registration.Status.APPROVED, False),  # not begun: it is cancelled
        (-3, -1, Registration.Status.APPROVED, False),  # over
    ],
)
def test_erasure_waits_only_while_a_forum_they_are_registered_for_is_under_way(first, last, status, refused):
    edition = _edition(first, last)
    registration = RegistrationFactory(edition=edition, status=status)
    reason = erasure_check(registration.user)
    assert bool(reason) is refused
    if refused:
        assert edition.title in reason and "under way" in reason


def test_under_way_is_decided_in_the_forums_time_zone():
    now = timezone.now()
    ahead = now.astimezone(zoneinfo.ZoneInfo("Pacific/Kiritimati")).date()  # UTC+14
    behind = now.astimezone(zoneinfo.ZoneInfo("Pacific/Pago_Pago")).date()  # UTC-11, a day or two earlier
    assert ahead > behind
    first = _edition(0, 0, time_zone="Pacific/Kiritimati")
    first.starts_on = first.ends_on = ahead
    assert first.is_under_way and not first.has_ended
    first.time_zone = "Pacific/Pago_Pago"
    assert not first.has_begun and not first.is_under_way
    first.starts_on = first.ends_on = behind - datetime.timedelta(days=1)
    assert first.has_ended and not first.is_under_way


def test_organisers_and_superusers_are_asked_to_give_up_the_role_first():
    assert "another organiser" in erasure_check(OrganiserFactory())
    assert "another organiser" in erasure_check(UserFactory(is_superuser=True))
    assert erasure_check(UserFactory()) is None


def test_safeguarding_officers_are_asked_to_be_removed_first():
    officer = Officer.objects.create(user=UserFactory())
    assert "safeguarding officer" in erasure_check(officer.user)


def test_nominators_wait_while_their_delegation_stands():
    nominator = NominatorFactory()
    NominationFactory(nominator=nominator)
    assert nominator.edition.title in erasure_check(nominator.user)
    Nomination.objects.filter(nominator=nominator).update(status=Nomination.Status.WITHDRAWN)
    assert erasure_check(nominator.user) is None


def test_nominators_of_a_forum_that_is_over_may_go():
    nominator = NominatorFactory(edition=_edition(-5, -3))
    NominationFactory(nominator=nominator)
    assert erasure_check(nominator.user) is None
