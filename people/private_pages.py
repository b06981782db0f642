"""Pages with a person's data are never kept: `Cache-Control: private, no-store`, from one place.

No shared cache (a proxy, a venue's network) and no browser cache may keep them, so the next person on a shared
phone or laptop cannot go back to them. `PrivatePagesMiddleware` marks every response to a signed-in person;
`private_page` marks a view that a secret link opens without signing in.
"""

from functools import wraps

from django.utils.cache import patch_cache_control


def private_response(response):
    """The response, marked `Cache-Control: private, no-store` (a `public` it had is dropped)."""
    patch_cache_control(response, private=True, no_store=True)
    return response


def private_page(view):
    """For a view that a secret link opens without signing in and that shows personal data (a calendar feed of
    one person's sessions...): its responses are private and never stored. Signed-in pages need nothing: see
    PrivatePagesMiddleware."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return private_response(view(request, *args, **kwargs))

    return wrapped


class PrivatePagesMiddleware:
    """Every response to a signed-in person is `Cache-Control: private, no-store`.

    Signed-in pages show personal data (a profile, a registration with passport or youth details, an agenda, a
    company's people, the organiser's lists), and every one of them at least shows the person's name in the menu,
    so the rule is by who asks, not by a list of views that a new page could miss. Pages for anonymous visitors
    (the programme, the catalogue, verification) stay cacheable; those a secret link opens use `private_page`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            private_response(response)
        return response
