"""How delegates appear on public pages (programme, speaker lists).

`public_name` gives "Youth delegate, <country>" for a youth delegate unless their guardian consented to their
name being shown (forum.models.YouthDetails.name_consent). No public page may print a youth delegate's
name any other way: use this function rather than `user.get_full_name()`. Lists load
`registration__youth_details` with the registration, so that this costs no query per speaker.
"""

from django.utils.translation import gettext as _

from .models import Registration, SessionSpeaker, YouthDetails


def _registration_of(obj):
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
    if isinstance(obj, SessionSpeaker) and obj.registration_id is None:
        return obj.guest_name
    registration = _registration_of(obj)
    if registration is None:
        return withheld_name(obj) or _display_name(obj)
    if registration.is_youth and not _name_consented(registration):
        return _("Youth delegate, %(country)s") % {"country": registration.country.name}
    return _display_name(registration.user)


def withheld_name(user) -> str:
    """For a person who is a youth delegate of any edition whose guardian has not allowed their name to be shown:
    "Youth delegate, <country>", to print instead of the name; "" when the name may be shown (one query).

    Registered with people.minors (forum.apps), which certificates ask before public verification prints a name."""
    youth = (
        Registration.objects.filter(user=user, is_youth=True)
        .exclude(youth_details__name_consent=True)
        .only("country")
        .first()
    )
    if youth is None:
        return ""
    return _("Youth delegate, %(country)s") % {"country": youth.country.name}


def speaker_detail(speaker) -> str:
    """Title and organisation of a speaker, for public pages (nothing for a youth delegate)."""
    if speaker.registration_id is None:
        return ", ".join(part for part in (speaker.guest_title, speaker.guest_organisation) if part)
    if speaker.registration.is_youth:
        return ""
    return speaker.registration.position


def _name_consented(registration) -> bool:
    try:
        details = registration.youth_details
    except YouthDetails.DoesNotExist:
        return False
    return bool(details.name_consent)


def minor_user_ids():
    """Everyone with a youth registration in any edition, whatever its status: the minors that people.minors asks
    about (registered in forum.apps), so that no company focal point sees them."""
    return Registration.objects.filter(is_youth=True).values("user_id")
