"""Erasures in parallel (PostgreSQL's row locks): the same account erased twice at once is erased once, a seat
freed by an erasure goes to one person waiting, never past the forum's capacity, and a registration submitted
meanwhile does not outlive the erasure."""

from django.db import connections

from forum.errors import ForumError
from forum.models import ForumEdition, Registration
from privacy.erasure import KEEP, ErasureRefused, person_erase
from tests.concurrency import PARALLEL, run_in_threads
from tests.factories import ForumEditionFactory, RegistrationFactory, UserFactory
from tests.forum.helpers import submit_adult

pytestmark = PARALLEL

Status = Registration.Status


def test_one_account_erased_twice_at_once_is_erased_once():
    user = UserFactory()
    RegistrationFactory(user=user, status=Status.APPROVED)
    results = run_in_threads([lambda: person_erase(user, certificates=KEEP)] * 2)
    assert sum(isinstance(result, ErasureRefused) for result in results) == 1
    (summary,) = [result for result in results if not isinstance(result, Exception)]
    assert (summary.registrations, summary.cancelled) == (1, 1)


def test_seats_freed_by_erasures_in_parallel_go_to_the_waiting_list_within_capacity():
    edition = ForumEditionFactory(capacity=2, mode=ForumEdition.Mode.REVIEW)
    seated = [RegistrationFactory(edition=edition, status=Status.APPROVED) for _ in range(2)]
    waiting = [RegistrationFactory(edition=edition, status=Status.WAITLISTED) for _ in range(3)]
    jobs = [lambda user=registration.user: person_erase(user, certificates=KEEP) for registration in seated]
    assert not any(isinstance(result, Exception) for result in run_in_threads(jobs))
    connections.close_all()
    statuses = dict(Registration.objects.filter(edition=edition).values_list("pk", "status"))
    assert [statuses[registration.pk] for registration in seated] == [Status.CANCELLED] * 2
    assert sorted(statuses[registration.pk] for registration in waiting) == sorted(
        [Status.APPROVED, Status.APPROVED, Status.WAITLISTED]
    )


def test_a_registration_submitted_during_an_erasure_does_not_outlive_it():
    """registration_submit takes the account's row lock first, as the erasure does: either the erasure comes first
    and the registration is refused, or the registration does and the erasure cancels and anonymises it."""
    edition = ForumEditionFactory(capacity=50, mode=ForumEdition.Mode.AUTO)
    people = [UserFactory() for _ in range(4)]
    jobs = []
    for user in people:
        jobs += [
            lambda user=user: person_erase(user, certificates=KEEP),
            lambda user=user: submit_adult(edition, user=user, position="Head of trust"),
        ]
    results = run_in_threads(jobs)
    connections.close_all()
    for erased, submitted in zip(results[::2], results[1::2], strict=True):
        assert not isinstance(erased, Exception), erased
        assert isinstance(submitted, (Registration, ForumError)), submitted
    registrations = Registration.objects.filter(user__in=people)
    assert not registrations.filter(status__in=Registration.ACTIVE_STATUSES).exists()
    assert set(registrations.values_list("position", flat=True)) <= {""}
