from django import template
from django.utils import timezone

from forum.models import ForumEdition, Registration

register = template.Library()

STATUS_CLASSES = {
    Registration.Status.SUBMITTED: "text-bg-info",
    Registration.Status.APPROVED: "text-bg-success",
    Registration.Status.WAITLISTED: "text-bg-warning",
    Registration.Status.REJECTED: "text-bg-danger",
    Registration.Status.CANCELLED: "text-bg-secondary",
}


@register.simple_tag
def forum_upcoming_editions(limit: int = 3):
    """Published editions that have not ended yet, soonest first (one query, for the home page)."""
    today = timezone.localdate()
    return ForumEdition.objects.filter(is_published=True, ends_on__gte=today).order_by("starts_on", "pk")[:limit]


@register.filter
def forum_status_class(status: str) -> str:
    """The Bootstrap badge class of a registration status."""
    return STATUS_CLASSES.get(status, "text-bg-light")


@register.filter
def forum_seats_left(edition) -> int:
    """Seats left of an edition annotated with `approved_count` (see selectors.edition_list_published)."""
    return max(edition.capacity - getattr(edition, "approved_count", 0), 0)
