from django import template

from forum.privacy import public_name as _public_name
from forum.privacy import speaker_detail as _speaker_detail

register = template.Library()


@register.filter
def public_name(obj) -> str:
    """The name a public page may show (youth delegates anonymised: forum.privacy)."""
    return _public_name(obj)


@register.filter
def speaker_detail(speaker) -> str:
    """Title and organisation of a speaker, for public pages (forum.privacy)."""
    return _speaker_detail(speaker)
