from functools import cache

from .permissions import has_organiser_role, is_focal_point


def roles(request) -> dict:
    """Role flags for the navigation, computed lazily (and once per request) so pages that never show them pay
    nothing and pages that show them twice pay once."""
    user = request.user

    return {
        # The role, not the power: an organiser without an authenticator is shown the way to set one up.
        "nav_is_organiser": cache(lambda: has_organiser_role(user)),
        "nav_is_focal_point": cache(lambda: is_focal_point(user)),
    }
