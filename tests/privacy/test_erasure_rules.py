"""privacy.rules.erasure_check: who may be erased now (roles others rely on: organisers, officers, nominators,
chaperones of youth delegates, trainers, the only focal point of an organisation in training), and the forum's time
zone deciding when an edition is under way."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from forum.models import Nomination, Participation, Registration, YouthDetails
from privacy.erasure import KEEP, ErasureRefused, person_erase
from privacy.rules import erasure_check
from safeguarding.models import Officer
from tests.factories import (
    CohortFactory,
    EnrollmentFactory,
    FocalPointFactory,
    ForumEditionFactory,
    NominationFactory,
    NominatorFactory,
    OrganiserFactory,
    PastCohortFactory,
    RegistrationFactory,
    UserFactory,
)
from trainings.models import Enrollment

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


def _youth_chaperoned_by(chaperone, *, status=Registration.Status.APPROVED, edition=None):
    edition = edition or _edition(10, 12)
    mine = RegistrationFactory(edition=edition, user=chaperone, status=Registration.Status.APPROVED)
    youth = RegistrationFactory(edition=edition, is_youth=True, category=Registration.Category.YOUTH, status=status)
    YouthDetails.objects.create(
        registration=youth,
        date_of_birth=edition.starts_on.replace(year=edition.starts_on.year - 15),
        guardian_name="A Guardian",
        guardian_email="a.guardian@example.org",
        chaperone_registration=mine,
        participation=Participation.GIVEN,
        consent_given_at=timezone.now(),
    )
    return youth


def test_the_chaperone_of_a_youth_delegate_is_asked_for_another_chaperone_first():
    chaperone = UserFactory()
    youth = _youth_chaperoned_by(chaperone)
    reason = erasure_check(chaperone)
    assert reason == (
        f"You are the chaperone of a youth delegate at {youth.edition.title}: ask the organisers to name another "
        "chaperone first."
    )
    with pytest.raises(ErasureRefused):
        person_erase(chaperone, certificates=KEEP)
    youth.refresh_from_db()
    assert youth.status == Registration.Status.APPROVED


@pytest.mark.parametrize(
    ("status", "dates"),
    [(Registration.Status.CANCELLED, (10, 12)), (Registration.Status.APPROVED, (-5, -3))],
)
def test_no_chaperone_hold_once_the_youth_is_not_registered_or_the_forum_is_over(status, dates):
    chaperone = UserFactory()
    _youth_chaperoned_by(chaperone, status=status, edition=_edition(*dates))
    assert erasure_check(chaperone) is None


def test_a_trainer_waits_until_their_cohort_has_ended():
    trainer = UserFactory()
    cohort = CohortFactory(trainers=[trainer])
    reason = erasure_check(trainer)
    assert cohort.code in reason and cohort.course.title in reason and "another trainer" in reason
    cohort.starts_on = cohort.ends_on = timezone.localdate() - datetime.timedelta(days=1)
    cohort.save()
    assert erasure_check(trainer) is None


def test_the_only_focal_point_of_an_organisation_with_staff_in_training_waits():
    focal = FocalPointFactory()
    organisation = focal.organisation
    enrolment = EnrollmentFactory(cohort=CohortFactory(), organisation=organisation)
    reason = erasure_check(focal.user)
    assert organisation.name in reason and "another focal point" in reason
    second = FocalPointFactory(organisation=organisation)
    assert erasure_check(focal.user) is None
    second.delete()
    Enrollment.objects.filter(pk=enrolment.pk).update(status=Enrollment.Status.WITHDRAWN, withdrawn_at=timezone.now())
    assert erasure_check(focal.user) is None


def test_a_focal_point_whose_staff_trained_in_the_past_may_go():
    focal = FocalPointFactory()
    EnrollmentFactory(cohort=PastCohortFactory(), organisation=focal.organisation)
    assert erasure_check(focal.user) is None
