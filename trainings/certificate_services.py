"""Training-completion certificates: issued automatically when completion is decided, or by an organiser.

`certificates` knows nothing about trainings; this module hands it what an enrolment's certificate certifies.
Every certificate of an enrolment carries `source_key = "enrollment:<pk>"`, so issuing again returns the
valid one already issued (see certificates/README.md).
"""

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate, CertificateTemplate
from certificates.services import CertificateError, certificate_issue
from people.models import User

from .models import Cohort, Enrollment

logger = logging.getLogger(__name__)

KIND = Certificate.Kind.TRAINING_COMPLETION


class EnrollmentCertificateError(Exception):
    """A certificate could not be issued; `message` is translated and shown on the page."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass
class IssueOutcome:
    issued: list[Certificate] = field(default_factory=list)  # new certificates
    existing: list[Certificate] = field(default_factory=list)  # already there, returned unchanged


def source_key(enrollment: Enrollment | int) -> str:
    return f"enrollment:{getattr(enrollment, 'pk', enrollment)}"


def training_template_exists() -> bool:
    return CertificateTemplate.objects.filter(kind=KIND, versions__isnull=False).exists()


def enrollment_certificate_issue(*, enrollment: Enrollment, issued_by: User | None) -> Certificate:
    """Issue (or return the valid) completion certificate of one enrolment. Raises CertificateError.

    What it certifies is copied from the course (title, hours, guideline version) and the cohort (dates);
    the name and language are the participant's; the organisation (for its focal point) is the enrolment's.
    """
    cohort = enrollment.cohort
    course = cohort.course
    user = enrollment.user
    return certificate_issue(
        kind=KIND,
        recipient=user,
        recipient_name_latin=user.get_full_name() or user.email,
        recipient_name_native=user.native_name,
        recipient_language=user.language,
        organisation=enrollment.organisation,
        subject_en=course.title_en,
        subject_km=course.title_km,
        starts_on=cohort.starts_on,
        ends_on=cohort.ends_on,
        hours=getattr(course, "hours", None),
        guideline_version=getattr(course, "guideline_version", "") or "",
        source_key=source_key(enrollment),
        issued_by=issued_by,
    )


def completion_certificates_issue(*, enrollments: list[Enrollment]) -> list[Certificate]:
    """Called by the completion decision, inside its transaction, for the enrolments that became completed.

    Without a training-completion template nothing is issued and completion goes on: the problem is logged
    and the organiser sees a warning on the cohort page (then issues from the cohort's certificates page).
    """
    if not enrollments:
        return []
    if not training_template_exists():
        logger.warning(
            "No training-completion certificate template: no certificate issued for enrolments %s",
            [enrollment.pk for enrollment in enrollments],
        )
        return []
    rows = Enrollment.objects.select_related("user", "organisation", "cohort__course").filter(
        pk__in=[enrollment.pk for enrollment in enrollments]
    )
    certificates = []
    for enrollment in rows.order_by("pk"):
        try:
            certificates.append(enrollment_certificate_issue(enrollment=enrollment, issued_by=None))
        except CertificateError as error:  # certificate_issue's savepoint has rolled back; completion stands
            logger.warning("Certificate for enrolment %s not issued: %s", enrollment.pk, error.message)
    return certificates


@transaction.atomic
def cohort_certificates_issue(*, cohort: Cohort, enrollment_ids: list[int], by: User) -> IssueOutcome:
    """An organiser issues certificates for the chosen enrolments of a cohort, whatever their status
    (the organiser decides), except withdrawn ones. Already issued ones come back unchanged.
    """
    # Locked in pk order (as the completion decision does): parallel issues for the same enrolments wait, so
    # the "already issued" count below is exact.
    enrollments = list(
        Enrollment.objects.select_related("user", "organisation", "cohort__course")
        .select_for_update(of=("self",))
        .filter(cohort=cohort, pk__in=enrollment_ids)
        .order_by("pk")
    )
    if len(enrollments) != len(set(enrollment_ids)):
        raise EnrollmentCertificateError(_("Some of the chosen enrolments are not in this cohort."))
    if any(enrollment.status == Enrollment.Status.WITHDRAWN for enrollment in enrollments):
        raise EnrollmentCertificateError(_("A withdrawn enrolment gets no certificate."))
    valid_before = set(
        Certificate.objects.filter(
            source_key__in=[source_key(enrollment) for enrollment in enrollments], status=Certificate.Status.VALID
        ).values_list("source_key", flat=True)
    )
    outcome = IssueOutcome()
    for enrollment in enrollments:
        try:
            certificate = enrollment_certificate_issue(enrollment=enrollment, issued_by=by)
        except CertificateError as error:
            raise EnrollmentCertificateError(error.message) from error
        (outcome.existing if source_key(enrollment) in valid_before else outcome.issued).append(certificate)
    return outcome
