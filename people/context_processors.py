from functools import cache

from .permissions import is_focal_point, is_organiser


def roles(request) -> dict:
    """Role flags for the navigation, computed lazily (and once per request) so pages that never show them pay
    nothing and pages that show them twice pay once."""
    user = request.user

    return {
        "nav_is_organiser": cache(lambda: is_organiser(user)),
        "nav_is_focal_point": cache(lambda: is_focal_point(user)),
    }
