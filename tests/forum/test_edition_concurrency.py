"""Organisers raising capacity and quotas while delegates cancel and register, in parallel on PostgreSQL: the
freed seats are filled from the waiting list exactly once, and nothing is overbooked."""

from collections import Counter

from forum.models import ForumEdition, Registration
from forum.services.edition import edition_update, quota_set
from forum.services.lifecycle import registration_cancel
from forum.services.registration import registration_submit
from tests.concurrency import PARALLEL, run_in_threads
from tests.factories import CountryQuotaFactory, ForumEditionFactory, OrganiserFactory, RegistrationFactory, UserFactory
from tests.forum.helpers import registration_data

S = Registration.Status
pytestmark = PARALLEL


def test_edition_concurrency_capacity_and_quota_raised_during_cancellations_and_submissions():
    edition = ForumEditionFactory(mode=ForumEdition.Mode.AUTO, capacity=10, reference_prefix="PAR")
    CountryQuotaFactory(edition=edition, country="TH", seats=2)
    approved = RegistrationFactory.create_batch(8, edition=edition, status=S.APPROVED, country="KH")
    approved += RegistrationFactory.create_batch(2, edition=edition, status=S.APPROVED, country="TH")
    RegistrationFactory.create_batch(10, edition=edition, status=S.WAITLISTED, country="TH")
    RegistrationFactory.create_batch(10, edition=edition, status=S.WAITLISTED, country="KH")
    organiser = OrganiserFactory()
    newcomers = UserFactory.create_batch(10)
    data = registration_data(country="VN")

    jobs = [lambda: edition_update(edition=edition, data={"capacity": 20}, by=organiser)]
    jobs.append(lambda: quota_set(edition=edition, country="TH", seats=6, by=organiser))
    jobs += [lambda r=r: registration_cancel(registration=r, by=r.user) for r in approved[:5]]
    jobs += [lambda u=u: registration_submit(edition=edition, user=u, data=dict(data), visa=None) for u in newcomers]
    results = run_in_threads(jobs)
    errors = [result for result in results if isinstance(result, Exception)]
    assert errors == []

    edition.refresh_from_db()
    assert edition.capacity == 20
    statuses = Counter(Registration.objects.filter(edition=edition).values_list("status", flat=True))
    by_country = Counter(
        Registration.objects.filter(edition=edition, status=S.APPROVED).values_list("country", flat=True)
    )
    # Every seat is taken (plenty were waiting), never more; Thailand's quota holds.
    assert statuses[S.APPROVED] == 20
    assert by_country["TH"] <= 6
    assert statuses[S.CANCELLED] == 5
    assert sum(statuses.values()) == 40
    # Numbers are unique and contiguous.
    numbers = sorted(Registration.objects.filter(edition=edition).values_list("number", flat=True))
    assert numbers == list(range(1, 41))
