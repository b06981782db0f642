"""Reads for the cohort certificates page."""

from certificates.selectors import certificates_by_source

from .models import Cohort, Enrollment


def cohort_enrollments_with_certificates(*, cohort: Cohort) -> list[Enrollment]:
    """The cohort's enrolments, each with `.certificate` (or None). Two queries whatever the size."""
    enrollments = list(
        Enrollment.objects.filter(cohort=cohort)
        .select_related("user", "organisation")
        .order_by("status", "user__family_name", "user__given_name", "pk")
    )
    certificates = certificates_by_source([enrollment.certificate_source_key for enrollment in enrollments])
    for enrollment in enrollments:
        enrollment.certificate = certificates.get(enrollment.certificate_source_key)
    return enrollments
