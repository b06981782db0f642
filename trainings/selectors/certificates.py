"""Reads of completion certificates: whether they can be issued at all, and a cohort's enrolments with theirs."""

from django.urls import reverse
from django.utils.translation import gettext as _

from certificates.models import Certificate, CertificateTemplate
from certificates.selectors import certificates_by_source
from certificates.sources import Source

from ..models import Cohort, Enrollment
from ..rules import certificate_outlived_completion

KIND = Certificate.Kind.TRAINING_COMPLETION


def training_template_exists() -> bool:
    """A training-completion template with a version: without one, completion is decided but issues nothing."""
    return CertificateTemplate.objects.filter(kind=KIND, versions__isnull=False).exists()


def cohort_enrollments_with_certificates(*, cohort: Cohort) -> list[Enrollment]:
    """The cohort's enrolments, each with `.certificate` (the valid one, else the newest, else None) and
    `.certificate_outlived` (rules.certificate_outlived_completion). Two queries whatever the size."""
    enrollments = list(
        Enrollment.objects.filter(cohort=cohort)
        .select_related("user", "organisation")
        .order_by("status", "user__family_name", "user__given_name", "pk")
    )
    certificates = certificates_by_source([enrollment.certificate_source_key for enrollment in enrollments])
    for enrollment in enrollments:
        enrollment.certificate = certificates.get(enrollment.certificate_source_key)
        enrollment.certificate_outlived = certificate_outlived_completion(
            enrollment=enrollment, certificate=enrollment.certificate
        )
    return enrollments


def cohort_certificates_summary(*, enrollments: list[Enrollment]) -> dict:
    """For the cohort page's certificates panel: whether the template is missing, and how many of these
    enrolments hold a certificate (valid, or withdrawn by its holder: Certificate.counted_q). Two queries."""
    keys = [enrollment.certificate_source_key for enrollment in enrollments]
    issued = Certificate.objects.filter(Certificate.counted_q(), source_key__in=keys).count() if keys else 0
    return {"template_missing": not training_template_exists(), "issued_count": issued}


def enrollment_source(pk: int) -> Source | None:
    """What a completion certificate ("enrollment:<pk>") was issued for, with the cohort's organiser page
    (certificates.sources; registered in TrainingsConfig.ready()). One query."""
    enrollment = Enrollment.objects.select_related("cohort__course").filter(pk=pk).first()
    if enrollment is None:
        return None
    cohort = enrollment.cohort
    return Source(
        _("Enrolment in cohort %(code)s, %(course)s") % {"code": cohort.code, "course": cohort.course.title},
        reverse("trainings_organiser:cohort", args=[cohort.pk]),
    )
