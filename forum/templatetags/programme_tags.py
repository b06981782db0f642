from django import template

from forum.privacy import public_name as _public_name

register = template.Library()


@register.filter
def public_name(obj) -> str:
    """The name a public page may show (youth delegates anonymised: forum.privacy)."""
    return _public_name(obj)


@register.filter
def speaker_detail(speaker) -> str:
    """Title and organisation of a speaker, for public pages (nothing for a youth delegate)."""
    if speaker.registration_id is None:
        return ", ".join(part for part in (speaker.guest_title, speaker.guest_organisation) if part)
    if speaker.registration.is_youth:
        return ""
    return speaker.registration.position


@register.simple_tag
def programme_editions(limit: int = 3):
    """Editions that have not ended, soonest first (one query), for the organisers' side navigation."""
    import datetime

    from django.utils import timezone

    from forum.models import ForumEdition

    since = timezone.localdate() - datetime.timedelta(days=30)
    return (
        ForumEdition.objects.filter(ends_on__gte=since)
        .order_by("starts_on", "pk")
        .only("slug", "title_en", "title_km")[:limit]
    )
