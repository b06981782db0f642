from django import template

from forum.models import Registration
from people.badges import badge_class_filter

register = template.Library()

register.filter(
    "forum_status_class",
    badge_class_filter(
        {
            Registration.Status.SUBMITTED: "text-bg-info",
            Registration.Status.APPROVED: "text-bg-success",
            Registration.Status.WAITLISTED: "text-bg-warning",
            Registration.Status.REJECTED: "text-bg-danger",
            Registration.Status.CANCELLED: "text-bg-secondary",
        },
        default="text-bg-light",
    ),
)
