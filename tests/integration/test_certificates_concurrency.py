"""On PostgreSQL, in parallel: the completion decision and an organiser issuing for the same enrolments, or two
organisers ticking the same delegates, still give one valid certificate per source and no gap in serials."""

from certificates.models import Certificate
from forum.services.certificates import participation_certificates_issue
from tests.concurrency import PARALLEL, run_in_threads
from tests.factories import AttendanceRecordFactory, EnrollmentFactory, OrganiserFactory, RegistrationFactory
from tests.forum.attendance.helpers import check_in
from trainings.services import completion
from trainings.services.certificates import cohort_certificates_issue

pytestmark = PARALLEL


def _serial_numbers():
    return sorted(int(serial.rsplit("-", 1)[1]) for serial in Certificate.objects.values_list("serial", flat=True))


def test_decision_and_organiser_issue_in_parallel_give_one_certificate_each(past_cohort, training_template):
    enrollments = [EnrollmentFactory(cohort=past_cohort) for _ in range(6)]
    for enrollment in enrollments:
        for session in past_cohort.sessions.all():
            AttendanceRecordFactory(session=session, enrollment=enrollment)
    organisers = [OrganiserFactory() for _ in range(3)]
    ids = [e.pk for e in enrollments]
    jobs = [lambda: completion.cohort_decide_completion(cohort=past_cohort, force=True)] + [
        (lambda by=by: cohort_certificates_issue(cohort=past_cohort, enrollment_ids=ids, by=by)) for by in organisers
    ]

    results = run_in_threads(jobs)

    assert not [r for r in results if isinstance(r, Exception)], results
    for enrollment in enrollments:
        assert Certificate.objects.filter(source_key=f"enrollment:{enrollment.pk}", status="valid").count() == 1
    numbers = _serial_numbers()
    assert numbers == list(range(numbers[0], numbers[0] + len(enrollments)))


def test_two_organisers_ticking_the_same_delegates(edition, forum_templates):
    registrations = [RegistrationFactory(edition=edition, status="approved") for _ in range(5)]
    for registration in registrations:
        check_in(registration, day=0)
    ids = [r.pk for r in registrations]
    organisers = [OrganiserFactory() for _ in range(4)]
    jobs = [
        (lambda by=by: participation_certificates_issue(edition=edition, registration_ids=ids, by=by))
        for by in organisers
    ]

    results = run_in_threads(jobs)

    assert not [r for r in results if isinstance(r, Exception)], results
    assert Certificate.objects.count() == 5
    assert sum(len(outcome.issued) for outcome in results) == 5
    assert {c.source_key for c in Certificate.objects.all()} == {f"registration:{pk}" for pk in ids}
