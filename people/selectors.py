from django.db.models import Count, Q, QuerySet

from .models import Membership, Organisation, User


def user_primary_membership(*, user: User) -> Membership | None:
    """The person's organisation as shown on the profile: confirmed first, then the newest request."""
    return (
        Membership.objects.filter(user=user).select_related("organisation").order_by("-status", "-created_at").first()
    )


def organisation_list(*, search: str = "") -> QuerySet[Organisation]:
    """The directory for organisers, with member counts, searchable by name."""
    organisations = Organisation.objects.annotate(
        member_count=Count("memberships", distinct=True),
        focal_point_count=Count("memberships", filter=Q(memberships__is_focal_point=True), distinct=True),
    ).order_by("name", "country")
    if search:
        organisations = organisations.filter(name__icontains=search)
    return organisations


def organisation_memberships(*, organisation: Organisation) -> QuerySet[Membership]:
    """Members of one organisation, pending requests first."""
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("status", "user__family_name", "user__given_name")
    )
