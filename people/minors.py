"""Who is a minor, for every page and download that must not show one to a company's focal point.

A minor's name, e-mail address and certificates go to themselves and to organisers only: no focal point sees them
among their company's people (trainings) or downloads their certificate (certificates). Whether someone is a minor
is known where their age is: a youth delegate's forum registration. `people` knows neither forum nor the apps that
ask, so the app that knows registers a source when it starts (`forum.apps`), and everyone asks here:

- `is_minor(user)` for one person (one query);
- `exclude_minors(queryset, field=...)` for a list: a subquery in the list's own query, no extra query;
- `withheld_name(user)`: what a public page (certificate verification) prints instead of a minor's name that
  their guardian has not allowed to be shown ("" when the name may be shown).

Someone stays a minor once they have been one: a youth registration in any edition, whatever its status.
Erring that way keeps a purged or past youth delegate out of every list.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .models import User


@dataclass(frozen=True)
class MinorsSource:
    """What an app that knows ages tells: `user_ids()`, a one-column queryset of the ids of users who are minors
    (usable as a subquery), and `withheld_name(user)`, the text to print instead of a minor's name when it may not
    be shown ("" otherwise)."""

    user_ids: Callable[[], QuerySet]
    withheld_name: Callable[[User], str]


_sources: list[MinorsSource] = []


def minors_source_register(source: MinorsSource) -> None:
    """Called once by an app that knows ages (forum registers youth delegates); registering twice is harmless."""
    if source not in _sources:
        _sources.append(source)


def _is_minor_condition(field: str) -> Q | None:
    condition = None
    for source in _sources:
        part = Q(**{f"{field}__in": source.user_ids()})
        condition = part if condition is None else condition | part
    return condition


def exclude_minors(queryset: QuerySet, *, field: str) -> QuerySet:
    """The queryset without the rows whose `field` (a user, e.g. "user", "recipient", "pk") is a minor.

    Rows whose `field` is empty stay.
    """
    condition = _is_minor_condition(field)
    return queryset if condition is None else queryset.exclude(condition)


def is_minor(user) -> bool:
    """True for a minor; False for anyone else, an anonymous visitor and None (an erased account)."""
    if user is None or not getattr(user, "pk", None):
        return False
    condition = _is_minor_condition("pk")
    return condition is not None and User.objects.filter(condition, pk=user.pk).exists()


def withheld_name(user) -> str:
    """What a public page prints instead of this person's names ("Youth delegate, Cambodia"), or "" when their
    names may be shown (one query per source)."""
    if user is None or not getattr(user, "pk", None):
        return ""
    for source in _sources:
        text = source.withheld_name(user)
        if text:
            return text
    return ""
