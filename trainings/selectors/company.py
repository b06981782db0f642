"""Reads of a company's page: the people its focal point sees and manages, and their enrolments."""

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from people.minors import exclude_minors
from people.models import Membership, Organisation, User

from ..models import Enrollment
from .enrolment import with_attendance_so_far


def focal_point_organisations(*, user: User) -> QuerySet[Organisation]:
    """The organisations whose confirmed focal point the person is."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user,
        memberships__is_focal_point=True,
        memberships__status=Membership.Status.CONFIRMED,
    ).order_by("name")


def company_people(*, organisation: Organisation) -> QuerySet[User]:
    """The people a company's focal point sees and manages: its confirmed members, minors left out (people.minors).

    The one home of that rule: the company page's lists, its enrol form's choices, withdrawals and the enrol
    services all ask here.
    """
    members = User.objects.filter(
        memberships__organisation=organisation, memberships__status=Membership.Status.CONFIRMED
    )
    return exclude_minors(members, field="pk")


def company_members(*, organisation: Organisation) -> QuerySet[Membership]:
    """Confirmed members of the organisation (the only people a focal point sees), minors left out."""
    return (
        exclude_minors(
            Membership.objects.filter(organisation=organisation, status=Membership.Status.CONFIRMED), field="user"
        )
        .select_related("user")
        .order_by("user__family_name", "user__given_name", "user__email")
    )


def company_pending_memberships(*, organisation: Organisation) -> QuerySet[Membership]:
    """People waiting for the focal point's confirmation, minors left out (organisers confirm those)."""
    return (
        exclude_minors(
            Membership.objects.filter(organisation=organisation, status=Membership.Status.PENDING), field="user"
        )
        .select_related("user")
        .order_by("created_at")
    )


def company_enrollments(*, organisation: Organisation, now: datetime.datetime | None = None) -> QuerySet[Enrollment]:
    """The company's enrolments of the people its focal point sees (`company_people`), by cohort."""
    enrollments = (
        Enrollment.objects.filter(
            organisation=organisation, user__in=company_people(organisation=organisation).values("pk")
        )
        .select_related("user", "cohort__course")
        .order_by("-cohort__starts_on", "cohort__code", "user__family_name", "user__given_name")
    )
    return with_attendance_so_far(enrollments, now or timezone.now())
