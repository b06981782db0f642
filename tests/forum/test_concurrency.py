"""Parallel requests never overbook: PostgreSQL row locks serialise seat decisions per edition.

Each thread opens its own database connection (Django gives every thread one) and closes it at the end;
a barrier makes them start together.
"""

from collections import Counter

from forum.errors import ForumError
from forum.models import ForumEdition, Registration, RegistrationEvent
from forum.services.lifecycle import registration_approve, registration_cancel
from forum.services.registration import registration_submit
from tests.concurrency import PARALLEL, run_in_threads
from tests.factories import ForumEditionFactory, OrganisationFactory, OrganiserFactory, RegistrationFactory, UserFactory
from tests.forum.helpers import registration_data

S = Registration.Status
pytestmark = PARALLEL


def _assert_history_consistent(edition):
    for registration in Registration.objects.filter(edition=edition).prefetch_related("events"):
        events = list(registration.events.order_by("created_at", "pk"))
        assert events, registration
        assert events[0].from_status == ""
        for before, after in zip(events, events[1:], strict=False):
            assert after.from_status == before.to_status, (registration, events)
        assert events[-1].to_status == registration.status


def test_concurrency_30_parallel_submissions_take_exactly_the_10_seats_left():
    edition = ForumEditionFactory(mode=ForumEdition.Mode.AUTO, capacity=13, reference_prefix="RUSH")
    for registration in RegistrationFactory.create_batch(3, edition=edition, status=S.APPROVED):  # 10 seats remain
        RegistrationEvent.objects.create(registration=registration, from_status="", to_status=S.APPROVED)
    users = UserFactory.create_batch(30)
    data = registration_data()

    def job(user):
        return lambda: registration_submit(edition=edition, user=user, data=dict(data), visa=None)

    results = run_in_threads([job(user) for user in users])

    errors = [result for result in results if isinstance(result, Exception)]
    assert errors == []
    new = Registration.objects.filter(edition=edition, user__in=users)
    assert new.count() == 30
    assert Counter(new.values_list("status", flat=True)) == {S.APPROVED: 10, S.WAITLISTED: 20}
    assert Registration.objects.filter(edition=edition, status=S.APPROVED).count() == 13
    numbers = list(Registration.objects.filter(edition=edition).values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == 33
    assert sorted(numbers) == list(range(1, 34))
    assert RegistrationEvent.objects.filter(registration__in=new).count() == 30
    _assert_history_consistent(edition)


def test_concurrency_parallel_cancellations_and_approvals_never_overbook():
    edition = ForumEditionFactory(mode=ForumEdition.Mode.AUTO, capacity=10)
    organiser = OrganiserFactory()
    approved = RegistrationFactory.create_batch(10, edition=edition, status=S.APPROVED)
    waiting = RegistrationFactory.create_batch(8, edition=edition, status=S.WAITLISTED)
    submitted = RegistrationFactory.create_batch(12, edition=edition, status=S.SUBMITTED)
    for registration in approved + waiting + submitted:
        RegistrationEvent.objects.create(registration=registration, from_status="", to_status=registration.status)

    def cancel(registration):
        return lambda: registration_cancel(
            registration=Registration.objects.get(pk=registration.pk), by=registration.user, reason="Cannot come"
        )

    def approve(registration):
        return lambda: registration_approve(registration=Registration.objects.get(pk=registration.pk), by=organiser)

    jobs = [cancel(r) for r in approved[:6]] + [approve(r) for r in submitted]
    results = run_in_threads(jobs)

    unexpected = [r for r in results if isinstance(r, Exception) and not isinstance(r, ForumError)]
    assert unexpected == []
    statuses = Counter(Registration.objects.filter(edition=edition).values_list("status", flat=True))
    assert statuses[S.APPROVED] == 10  # never more than capacity, and every freed seat was filled
    assert statuses[S.CANCELLED] == 6
    assert sum(statuses.values()) == 30  # nothing lost, nothing duplicated
    approvals_by_organiser = sum(1 for r in results[6:] if isinstance(r, Registration))
    refused = sum(1 for r in results[6:] if isinstance(r, ForumError))
    assert approvals_by_organiser + refused == 12
    promoted = RegistrationEvent.objects.filter(
        registration__edition=edition, from_status=S.WAITLISTED, to_status=S.APPROVED, actor=None
    ).count()
    # The 6 freed seats went either to the oldest waiting delegates or to an organiser's approval.
    assert approvals_by_organiser + promoted == 6
    promoted_pks = set(
        Registration.objects.filter(pk__in=[r.pk for r in waiting], status=S.APPROVED).values_list("pk", flat=True)
    )
    assert promoted_pks == {r.pk for r in waiting[:promoted]}  # oldest first
    _assert_history_consistent(edition)


def test_concurrency_parallel_delegates_naming_the_same_new_organisation_share_one_entry():
    edition = ForumEditionFactory(mode=ForumEdition.Mode.REVIEW, capacity=50)
    users = UserFactory.create_batch(8)

    def job(user):
        data = {
            "category": Registration.Category.CIVIL_SOCIETY,
            "organisation": None,
            "new_organisation_name": "Mekong Youth Safety Network",
            "country": "KH",
        }
        return lambda: registration_submit(edition=edition, user=user, data=data, visa=None)

    results = run_in_threads([job(user) for user in users])
    assert [r for r in results if isinstance(r, Exception)] == []
    organisations = {r.organisation_id for r in Registration.objects.filter(edition=edition)}
    assert len(organisations) == 1
    assert Registration.objects.filter(edition=edition).count() == 8


def test_concurrency_the_same_person_submitting_five_times_at_once_gets_one_registration():
    from forum.errors import AlreadyRegistered

    edition = ForumEditionFactory(mode=ForumEdition.Mode.AUTO, capacity=5)
    user = UserFactory()
    organisation = OrganisationFactory()
    data = {"category": Registration.Category.MEDIA, "organisation": organisation, "country": "KH"}
    results = run_in_threads(
        [lambda: registration_submit(edition=edition, user=user, data=dict(data), visa=None) for _ in range(5)]
    )
    assert sum(isinstance(r, Registration) for r in results) == 1
    assert sum(isinstance(r, AlreadyRegistered) for r in results) == 4
    assert Registration.objects.filter(edition=edition, user=user).count() == 1
