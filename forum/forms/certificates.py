"""The organiser's choice of delegates (who attended) and speakers to issue certificates for, and a delegate's
attendance override (its reason)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from people.validators import validate_no_control_characters


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
    """The choices are the approved registrations that attended (forum.selectors.attendance.with_attendance)."""

    field_name = "attended"
    required_message = _("Tick at least one delegate who attended.")
    invalid_message = _("One of the chosen delegates is not an approved delegate of this forum who attended.")


class SpeakersForm(_ChoiceForm):
    field_name = "speakers"
    required_message = _("Tick at least one speaker.")
    invalid_message = _("One of the chosen speakers cannot get a certificate for this forum.")


class AttendanceOverrideForm(forms.Form):
    """An organiser marks a delegate as having attended: the reason is required (it goes into the history)."""

    reason = forms.CharField(
        label=_("Why this delegate counts as having attended"),
        max_length=500,
        validators=[validate_no_control_characters],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: signed the paper list on both days; the badge was left at the hotel."),
        error_messages={"required": _("Say why this delegate counts as having attended.")},
    )


class AttendanceOverrideRemoveForm(forms.Form):
    """Taking an override back: the reason is optional (who and when are kept whatever)."""

    removal_reason = forms.CharField(
        label=_("Why it is removed (optional)"),
        max_length=500,
        required=False,
        validators=[validate_no_control_characters],
        widget=forms.Textarea(attrs={"rows": 2}),
    )
