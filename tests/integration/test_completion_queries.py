"""Deciding a cohort's completion issues its certificates in bulk: the decisions, the certificates and their serials
in a fixed number of queries whatever the cohort's size; each certificate's e-mail then costs one query (its note
in people.SentEmail; the test settings deliver tasks at once)."""

import pytest

from certificates.models import Certificate
from tests.factories import EnrollmentFactory
from trainings.models import AttendanceRecord, Enrollment
from trainings.services import completion

pytestmark = pytest.mark.django_db
P = AttendanceRecord.Status.PRESENT


@pytest.mark.parametrize(("size", "queries"), [(3, 33), (6, 36)])
def test_deciding_a_cohort_issues_its_certificates_in_bulk(
    size, queries, past_cohort, training_template, django_assert_num_queries, django_capture_on_commit_callbacks, outbox
):
    enrollments = [EnrollmentFactory(cohort=past_cohort, attended=[P, P, P]) for _ in range(size)]
    failing = EnrollmentFactory(cohort=past_cohort, attended=[P, None, None])

    with django_assert_num_queries(queries), django_capture_on_commit_callbacks(execute=True):
        newly = completion.cohort_decide_completion(cohort=past_cohort)

    assert sorted(e.pk for e in newly) == [e.pk for e in enrollments]
    certificates = Certificate.objects.filter(source_key__in=[e.certificate_source_key for e in enrollments])
    assert certificates.count() == size
    numbers = sorted(int(serial.rsplit("-", 1)[1]) for serial in certificates.values_list("serial", flat=True))
    assert numbers == list(range(1, size + 1))  # one block of consecutive serials
    assert sorted(message.to[0] for message in outbox) == sorted(e.user.email for e in enrollments)
    decided = dict(Enrollment.objects.filter(cohort=past_cohort).values_list("pk", "status"))
    assert decided == {**{e.pk: "completed" for e in enrollments}, failing.pk: "not_completed"}
