"""The organiser's choice of delegates (attended) and speakers to issue certificates for."""

from django import forms
from django.utils.translation import gettext_lazy as _


class _ChoiceForm(forms.Form):
    field_name = ""
    required_message = ""
    invalid_message = ""

    def __init__(self, *args, choices: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.field_name] = forms.TypedMultipleChoiceField(
            coerce=int,
            choices=choices,
            error_messages={"required": self.required_message, "invalid_choice": self.invalid_message},
        )


class AttendedDelegatesForm(_ChoiceForm):
    """Approved delegates only: the choices are the approved registrations the page lists."""

    field_name = "attended"
    required_message = _("Tick at least one delegate who attended.")
    invalid_message = _("One of the chosen delegates is not an approved delegate of this forum.")


class SpeakersForm(_ChoiceForm):
    field_name = "speakers"
    required_message = _("Tick at least one speaker.")
    invalid_message = _("One of the chosen speakers cannot get a certificate for this forum.")
