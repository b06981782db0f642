"""On PostgreSQL, in parallel: organisers marking the same delegate as having attended leave one active override
(the others are told it exists, no database error); an override removed while certificates are issued either
came first (no certificate) or after (a certificate issued on its strength), never a certificate without it."""

from certificates.models import Certificate
from forum.errors import ForumCertificateError
from forum.models import AttendanceOverride
from forum.services.attendance import attendance_override_grant, attendance_override_remove
from forum.services.certificates import participation_certificates_issue
from tests.concurrency import PARALLEL, run_in_threads
from tests.factories import OrganiserFactory
from tests.forum.attendance.helpers import overridden
from tests.integration.conftest import forum_templates  # noqa: F401

pytestmark = PARALLEL


def test_parallel_overrides_leave_one_active(approved):
    registration = approved()
    organisers = [OrganiserFactory() for _ in range(4)]
    jobs = [
        (lambda by=by: attendance_override_grant(registration=registration, reason=f"By {by.pk}", by=by))
        for by in organisers
    ]

    results = run_in_threads(jobs)

    assert sum(isinstance(r, AttendanceOverride) for r in results) == 1
    assert all(isinstance(r, AttendanceOverride | ForumCertificateError) for r in results), results
    assert AttendanceOverride.objects.filter(removed_at__isnull=True).count() == 1


def test_removal_and_issuing_in_parallel(approved, forum_templates):  # noqa: F811
    for _ in range(5):
        registration = approved()  # checked in on no day: only the override lets them attend
        override = overridden(registration)
        edition = registration.edition
        jobs = [
            lambda r=registration: attendance_override_remove(registration=r, reason="Not there", by=None),
            lambda r=registration, e=edition: participation_certificates_issue(
                edition=e, registration_ids=[r.pk], by=None
            ),
        ]

        removed, issued = run_in_threads(jobs)

        assert isinstance(removed, AttendanceOverride), removed
        override.refresh_from_db()
        certificate = Certificate.objects.filter(source_key=f"registration:{registration.pk}").first()
        if isinstance(issued, ForumCertificateError):
            assert certificate is None
        else:
            assert certificate is not None and certificate.issued_at <= override.removed_at
