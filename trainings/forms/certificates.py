"""The organiser's choice of enrolments to issue certificates for."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Enrollment


class EnrollmentCertificatesForm(forms.Form):
    """Enrolments of one cohort (withdrawn ones excluded); choices come from the list the page already read."""

    enrollments = forms.TypedMultipleChoiceField(
        label=_("Enrolments"),
        coerce=int,
        error_messages={
            "required": _("Choose at least one person."),
            "invalid_choice": _("One of the chosen people is not in this cohort or has withdrawn."),
        },
    )

    def __init__(self, *args, enrollments: list[Enrollment], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrollments"].choices = [
            (enrollment.pk, str(enrollment.user)) for enrollment in enrollments if enrollment.holds_place
        ]
