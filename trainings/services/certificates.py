"""Training-completion certificates: issued automatically when completion is decided, or by an organiser.

`certificates` knows nothing about trainings; this module hands it what an enrolment's certificate certifies.
Every certificate of an enrolment carries its `certificate_source_key` (`"enrollment:<pk>"`), so issuing again
returns the valid one already issued (see certificates/README.md).
"""

import logging

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate
from certificates.services import (
    CertificateError,
    IssueOutcome,
    certificate_issue,
    certificates_issue,
    recipient_fields,
    sources_lock,
)
from people.models import User

from ..errors import NotCertifiable
from ..models import Cohort, Enrollment
from ..selectors.certificates import KIND, training_template_exists

logger = logging.getLogger(__name__)


def _certificate_request(enrollment: Enrollment) -> dict:
    """What an enrolment's completion certificate certifies: the course (title, hours, guideline version) and the
    cohort (dates); the name and language are the participant's; the organisation (for its focal point) is the
    enrolment's."""
    cohort = enrollment.cohort
    course = cohort.course
    return {
        "kind": KIND,
        **recipient_fields(enrollment.user),
        "organisation": enrollment.organisation,
        "subject_en": course.title_en,
        "subject_km": course.title_km,
        "starts_on": cohort.starts_on,
        "ends_on": cohort.ends_on,
        "hours": course.hours,
        "guideline_version": course.guideline_version,
        "source_key": enrollment.certificate_source_key,
    }


def completion_certificates_issue(*, enrollments: list[Enrollment]) -> list[Certificate]:
    """Called by the completion decision, inside its transaction, for the enrolments that became completed: their
    certificates in one batch (certificates_issue: a fixed number of queries, the e-mails after the commit).

    Without a training-completion template nothing is issued and completion goes on: the problem is logged
    and the organiser sees a warning on the cohort page (then issues from the cohort's certificates page). A batch
    that cannot be issued is issued one by one, so that one enrolment's problem holds back no other.
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
    requests = {enrollment.pk: _certificate_request(enrollment) for enrollment in rows.order_by("pk")}
    try:
        outcome = certificates_issue(requests=list(requests.values()), issued_by=None)
    except CertificateError:  # certificates_issue's savepoint has rolled back; completion stands
        return _issued_one_by_one(requests)
    by_source = {certificate.source_key: certificate for certificate in outcome.issued + outcome.existing}
    return [by_source[request["source_key"]] for request in requests.values()]


def _issued_one_by_one(requests: dict[int, dict]) -> list[Certificate]:
    certificates = []
    for pk, request in requests.items():
        try:
            certificates.append(certificate_issue(**request, issued_by=None))
        except CertificateError as error:  # certificate_issue's savepoint has rolled back; completion stands
            logger.warning("Certificate for enrolment %s not issued: %s", pk, error.message)
    return certificates


@transaction.atomic
def cohort_certificates_issue(*, cohort: Cohort, enrollment_ids: list[int], by: User) -> IssueOutcome:
    """An organiser issues certificates for the chosen enrolments of a cohort, whatever their status
    (the organiser decides), except withdrawn ones. Already issued ones come back unchanged.

    Raises NotCertifiable for an enrolment of another cohort or a withdrawn one, CertificateError when a
    certificate cannot be issued (no template...); nothing of the batch stays then.
    """
    chosen = Enrollment.objects.select_related("user", "organisation", "cohort__course").filter(cohort=cohort)
    enrollments = sources_lock(chosen, enrollment_ids)
    if enrollments is None:
        raise NotCertifiable(_("Some of the chosen enrolments are not in this cohort."))
    if not all(enrollment.holds_place for enrollment in enrollments):
        raise NotCertifiable(_("A withdrawn enrolment gets no certificate."))
    return certificates_issue(requests=[_certificate_request(enrollment) for enrollment in enrollments], issued_by=by)
