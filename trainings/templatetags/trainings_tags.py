"""Filters of the training pages (badge classes, bilingual text): they read what the view has loaded, never the
database."""

from django import template

from people.badges import badge_class_filter
from people.i18n import localized as _localized
from trainings.models import AttendanceRecord, Enrollment
from trainings.rules import counts_as_attended

register = template.Library()

register.filter(
    "enrollment_status_class",
    badge_class_filter(
        {
            Enrollment.Status.ENROLLED: "text-bg-primary",
            Enrollment.Status.COMPLETED: "text-bg-success",
            Enrollment.Status.NOT_COMPLETED: "text-bg-danger",
            Enrollment.Status.WITHDRAWN: "text-bg-secondary",
        },
        default="text-bg-primary",
    ),
)


@register.filter
def attendance_badge_class(record: AttendanceRecord | None, course) -> str:
    """A participant's mark of one session: attended by the course's rule, absent, another mark, or none yet."""
    if record is None:
        return "text-bg-light"
    if counts_as_attended(record.status, course):
        return "text-bg-success"
    if record.status == AttendanceRecord.Status.ABSENT:
        return "text-bg-danger"
    return "text-bg-secondary"


@register.filter
def localized(obj, field: str) -> str:
    """`obj.<field>_km` for a Khmer reader when there is one, else `obj.<field>_en` (people.i18n.localized)."""
    return _localized(obj, field)
