"""Reads for the cohort certificates page."""

from certificates.models import Certificate

from .certificate_services import source_key
from .models import Cohort, Enrollment


def certificates_by_source(keys: list[str]) -> dict[str, Certificate]:
    """The certificate to show for each source key: the valid one, else the newest (revoked) one. One query."""
    chosen: dict[str, Certificate] = {}
    for certificate in Certificate.objects.filter(source_key__in=keys).order_by("issued_at", "pk"):
        current = chosen.get(certificate.source_key)
        if current is None or not current.is_valid or certificate.is_valid:
            chosen[certificate.source_key] = certificate
    return chosen


def cohort_enrollments_with_certificates(*, cohort: Cohort) -> list[Enrollment]:
    """The cohort's enrolments, each with `.certificate` (or None). Two queries whatever the size."""
    enrollments = list(
        Enrollment.objects.filter(cohort=cohort)
        .select_related("user", "organisation")
        .order_by("status", "user__family_name", "user__given_name", "pk")
    )
    certificates = certificates_by_source([source_key(enrollment) for enrollment in enrollments])
    for enrollment in enrollments:
        enrollment.certificate = certificates.get(source_key(enrollment))
    return enrollments
