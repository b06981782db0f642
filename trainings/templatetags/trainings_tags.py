"""Data for the training hooks in shared templates (navigation, home page, organiser overview)."""

from django import template

from trainings import selectors

register = template.Library()


@register.simple_tag
def trainings_open_cohorts(limit: int = 6):
    """The next cohorts open for enrolment, with their course and places left (one query)."""
    return list(selectors.cohorts_open()[:limit])


@register.simple_tag
def trainings_user_is_trainer(user) -> bool:
    return selectors.user_is_trainer(user=user)


@register.simple_tag
def trainings_organiser_summary() -> dict:
    return selectors.organiser_summary()
