"""How delegates appear on public pages (programme, speaker lists).

`public_name` gives "Youth delegate, <country>" for a youth delegate, ALWAYS for now: issue 4 will add the
guardian's consent to show a youth delegate's name, and only then may this function show it. Until then no
public page may print a youth delegate's name; use this function rather than `user.get_full_name()`.
"""

from django.utils.translation import gettext as _


def _registration_of(obj):
    from .models import Registration, SessionSpeaker

    if isinstance(obj, Registration):
        return obj
    if isinstance(obj, SessionSpeaker):
        return obj.registration
    return None


def _display_name(user) -> str:
    name = ""
    if hasattr(user, "get_full_name"):
        name = user.get_full_name() or ""
    return name.strip() or _("Delegate")


def public_name(obj) -> str:
    """The name to show publicly for a registration, a user or a session speaker."""
    from .models import Registration, SessionSpeaker

    if isinstance(obj, SessionSpeaker) and obj.registration_id is None:
        return obj.guest_name
    registration = _registration_of(obj)
    if registration is None:
        # A bare user: a youth delegate in any edition stays anonymous.
        youth = Registration.objects.filter(user=obj, is_youth=True).only("country").first()
        if youth is not None:
            return _("Youth delegate, %(country)s") % {"country": youth.country.name}
        return _display_name(obj)
    if registration.is_youth:
        return _("Youth delegate, %(country)s") % {"country": registration.country.name}
    return _display_name(registration.user)
