from .permissions import is_focal_point, is_organiser


def roles(request) -> dict:
    """Role flags for the navigation, computed lazily so pages that never show them pay nothing."""
    user = request.user

    return {
        "nav_is_organiser": lambda: is_organiser(user),
        "nav_is_focal_point": lambda: is_focal_point(user),
    }
