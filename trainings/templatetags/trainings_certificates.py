"""The certificates panel on the organiser's cohort page (a link to the cohort's certificates, a warning)."""

from django import template

from certificates.models import Certificate

from ..selectors.certificates import training_template_exists

register = template.Library()


@register.inclusion_tag("trainings/organiser/certificates_panel.html")
def cohort_certificates_panel(cohort, enrollments):
    keys = [enrollment.certificate_source_key for enrollment in enrollments]
    return {
        "cohort": cohort,
        "template_missing": not training_template_exists(),
        "issued_count": Certificate.objects.filter(source_key__in=keys, status=Certificate.Status.VALID).count()
        if keys
        else 0,
    }
