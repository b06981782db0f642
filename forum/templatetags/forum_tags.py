from django import template

from forum.models import Registration

register = template.Library()

STATUS_CLASSES = {
    Registration.Status.SUBMITTED: "text-bg-info",
    Registration.Status.APPROVED: "text-bg-success",
    Registration.Status.WAITLISTED: "text-bg-warning",
    Registration.Status.REJECTED: "text-bg-danger",
    Registration.Status.CANCELLED: "text-bg-secondary",
}


@register.filter
def forum_status_class(status: str) -> str:
    """The Bootstrap badge class of a registration status."""
    return STATUS_CLASSES.get(status, "text-bg-light")
