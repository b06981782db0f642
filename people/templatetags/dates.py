"""Dates in templates, the way people.dates writes them: `{% load dates %}`, then `{% date_span starts ends %}`,
`{% time_span session.starts_at session.ends_at short=True %}`, `{{ day|with_weekday }}`."""

from django import template

from people import dates

register = template.Library()


@register.simple_tag
def date_span(starts_on, ends_on=None, *, short: bool = False) -> str:
    return dates.date_span(starts_on, ends_on, short=short)


@register.simple_tag
def time_span(starts_at, ends_at=None, *, short: bool = False) -> str:
    return dates.time_span(starts_at, ends_at, short=short)


@register.filter
def with_weekday(value, format_name: str = "DATE_FORMAT") -> str:
    """`{{ day.date|with_weekday }}`: "Tuesday 1 December 2026"."""
    if value in (None, ""):
        return ""
    return dates.with_weekday(value, format_name)
