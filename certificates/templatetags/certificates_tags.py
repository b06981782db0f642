from django import template

from certificates.models import Certificate

register = template.Library()


@register.simple_tag
def certificates_summary() -> dict:
    """Two counts for the organiser overview card."""
    return {
        "valid": Certificate.objects.filter(status=Certificate.Status.VALID).count(),
        "revoked": Certificate.objects.filter(status=Certificate.Status.REVOKED).count(),
    }
