from django import template
from django.db.models import Count, Q

from certificates.models import Certificate

register = template.Library()


@register.simple_tag
def certificates_summary() -> dict:
    """Valid and revoked counts for the organiser overview card, in one query."""
    return Certificate.objects.aggregate(
        valid=Count("pk", filter=Q(status=Certificate.Status.VALID)),
        revoked=Count("pk", filter=Q(status=Certificate.Status.REVOKED)),
    )
