"""Places in a cohort: enrolment (by the person, their focal point, an invitation or an organiser) and withdrawal.

The places of a cohort are counted only while its row is locked (`select_for_update`), in `enrollment_enrol`:
parallel enrolments wait for one another and never overfill it. What a place is and how many are left is
`rules.with_places`.
"""

from django.db import transaction
from django.utils import timezone

from people.models import Membership, Organisation, User
from people.services import membership_confirm, membership_request

from ..errors import AlreadyDecided, AlreadyEnrolled, CohortFull, EnrolmentClosed, NotAMember
from ..models import Cohort, Enrollment
from ..rules import enrolment_is_open, with_places
from ..selectors.company import company_people


def cohort_has_place(cohort: Cohort) -> bool:
    """Whether a place is left in the cohort. Decided for good only under the cohort's row lock (enrollment_enrol);
    without it, an early answer that may change."""
    return with_places(Cohort.objects.filter(pk=cohort.pk)).values_list("places_left", flat=True).get() > 0


@transaction.atomic
def enrollment_enrol(
    *, cohort: Cohort, user: User, organisation: Organisation | None, by: User | None, check_open: bool = True
) -> Enrollment:
    """Give `user` a place in `cohort`, for `organisation` (None: for themselves).

    The places are counted while the cohort row is locked, so parallel enrolments never overfill it.
    A person who withdrew and enrols again gets their old row back. Organisers may enrol into a closed
    cohort (`check_open=False`), never beyond its capacity.
    """
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if check_open and not enrolment_is_open(cohort):
        raise EnrolmentClosed
    existing = Enrollment.objects.filter(cohort=cohort, user=user).first()
    if existing is not None and existing.holds_place:
        raise AlreadyEnrolled
    if not cohort_has_place(cohort):
        raise CohortFull
    enrollment = existing or Enrollment(cohort=cohort, user=user)
    enrollment.organisation = organisation
    enrollment.status = Enrollment.Status.ENROLLED
    enrollment.enrolled_by = by
    enrollment.enrolled_at = timezone.now()
    enrollment.withdrawn_at = None
    enrollment.decision_clear()
    enrollment.save()
    return enrollment


@transaction.atomic
def enrollment_self_enrol(*, cohort: Cohort, user: User, organisation: Organisation | None) -> Enrollment:
    """A person enrols themselves, naming their company: an unconfirmed membership becomes a pending
    request that the company's focal point (or an organiser) confirms."""
    if organisation is not None:
        confirmed = Membership.objects.filter(
            user=user, organisation=organisation, status=Membership.Status.CONFIRMED
        ).exists()
        if not confirmed:
            membership_request(user=user, organisation=organisation)
    return enrollment_enrol(cohort=cohort, user=user, organisation=organisation, by=user)


@transaction.atomic
def enrollment_enrol_member(*, cohort: Cohort, organisation: Organisation, user: User, by: User) -> Enrollment:
    """A focal point enrols one of their company's people (confirmed, not a minor: selectors.company_people)."""
    if not company_people(organisation=organisation).filter(pk=user.pk).exists():
        raise NotAMember
    return enrollment_enrol(cohort=cohort, user=user, organisation=organisation, by=by)


@transaction.atomic
def enrollment_withdraw(*, enrollment: Enrollment, by: User | None, allow_decided: bool = False) -> Enrollment:
    """Withdraw a person; their place is free at once. Withdrawing twice changes nothing.

    Once completion is decided only organisers withdraw (`allow_decided`): it undoes a completion.
    """
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if not enrollment.holds_place:
        return enrollment
    if not enrollment.may_be_withdrawn(by_organiser=allow_decided):
        raise AlreadyDecided
    enrollment.status = Enrollment.Status.WITHDRAWN
    enrollment.withdrawn_at = timezone.now()
    enrollment.decision_clear()
    enrollment.save()
    return enrollment


@transaction.atomic
def company_membership_confirm(*, membership: Membership, by: User) -> Membership:
    """A focal point confirms a person who named their company; they now show on the company's pages."""
    return membership_confirm(membership=membership, by=by)
