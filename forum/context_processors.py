"""What the shared layout shows of the forum, read only when a page shows it (lazily, once per request)."""

from functools import cache

from .selectors.editions import editions_for_programme_menu, editions_upcoming


def forum(request) -> dict:
    return {
        # The organisers' side menu: one programme editor per current edition.
        "programme_menu_editions": cache(lambda: editions_for_programme_menu()),
        # The home page: the forum editions to come.
        "forum_upcoming_editions": cache(lambda: editions_upcoming()),
    }
