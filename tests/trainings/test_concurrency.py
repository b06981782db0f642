"""Capacity and one-account-per-e-mail under parallel requests: needs PostgreSQL's row locks."""

import threading

import pytest
from django.db import connection, connections

from people.models import User
from tests.factories import CohortFactory, FocalPointFactory, OrganisationFactory, UserFactory
from trainings import errors
from trainings.models import Enrollment
from trainings.services import enrolment, invitations

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (parallel transactions and row locks)")


def _run_in_threads(count, work):
    barrier = threading.Barrier(count)
    outcomes = []
    lock = threading.Lock()

    def run(index):
        try:
            barrier.wait()
            try:
                result = work(index)
            except errors.TrainingError as error:
                result = type(error).__name__
            with lock:
                outcomes.append(result)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_enrollment_enrol_parallel_never_overfills_the_cohort():
    cohort = CohortFactory(capacity=5)
    users = UserFactory.create_batch(20)

    outcomes = _run_in_threads(
        20, lambda index: enrolment.enrollment_self_enrol(cohort=cohort, user=users[index], organisation=None).pk
    )

    assert len(outcomes) == 20
    assert outcomes.count("CohortFull") == 15
    enrolled = Enrollment.objects.filter(cohort=cohort, status=Enrollment.Status.ENROLLED)
    assert enrolled.count() == 5
    assert enrolled.values("user").distinct().count() == 5


def test_enrollment_enrol_same_person_in_parallel_gives_one_row():
    cohort = CohortFactory(capacity=10)
    user = UserFactory()

    outcomes = _run_in_threads(
        8, lambda index: enrolment.enrollment_self_enrol(cohort=cohort, user=user, organisation=None).pk
    )

    assert outcomes.count("AlreadyEnrolled") == 7
    assert Enrollment.objects.filter(cohort=cohort, user=user).count() == 1


def test_invitation_accepted_in_parallel_gives_one_account():
    cohort = CohortFactory(capacity=10)
    company = OrganisationFactory()
    focal_point = FocalPointFactory(organisation=company).user
    invitation = invitations.Invitation(
        email="same.person@example.org",
        given_name="Same",
        family_name="Person",
        language="en",
        organisation=company,
        cohort=cohort,
        inviter=focal_point,
    )

    def work(index):
        return invitations.invitation_accept_new(invitation=invitation, password="Mekong-river-2027").user.pk

    outcomes = _run_in_threads(6, work)

    assert len(outcomes) == 6
    assert outcomes.count("InvitationRefused") == 5
    assert User.objects.filter(email__iexact="same.person@example.org").count() == 1
    assert Enrollment.objects.filter(cohort=cohort).count() == 1
