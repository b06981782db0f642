"""Statuses shown as Bootstrap badges, for every app: the app's template library names the badge class of each of
its statuses, and `badge_class_filter` turns that table into the filter its templates use. So no template compares
statuses, and no filter queries: it reads the status the view has loaded."""

from collections.abc import Callable, Mapping


def badge_class_filter(classes: Mapping[str, str], *, default: str) -> Callable[[str], str]:
    """A template filter: the badge class of a status named in `classes`, `default` for any other."""

    def badge_class(status: str) -> str:
        return classes.get(status, default)

    return badge_class
