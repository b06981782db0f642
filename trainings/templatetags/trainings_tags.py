"""Data for the training hooks in shared templates (navigation, home page, organiser overview), and the badge
classes of the training pages (no query: they read what the view has loaded)."""

from django import template

from trainings.models import AttendanceRecord
from trainings.permissions import user_is_trainer
from trainings.rules import counts_as_attended
from trainings.selectors.cohorts import cohorts_open, organiser_summary

register = template.Library()


@register.simple_tag
def trainings_open_cohorts(limit: int = 6):
    """The next cohorts open for enrolment, with their course and places left (one query)."""
    return list(cohorts_open()[:limit])


@register.simple_tag
def trainings_user_is_trainer(user) -> bool:
    return user_is_trainer(user)


@register.simple_tag
def trainings_organiser_summary() -> dict:
    return organiser_summary()


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
