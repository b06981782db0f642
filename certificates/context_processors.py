"""What the shared layout shows of certificates, read only when a page shows it (lazily, once per request)."""

from functools import cache

from .selectors import certificate_counts


def certificates(request) -> dict:
    # The organiser console's overview card (templates/includes/organiser_cards_certificates.html).
    return {"certificate_counts": cache(certificate_counts)}
