"""The form behind the Print / E-mail buttons (templates/certificates/includes/print_actions.html)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from people.inputs import parse_id


class IdListField(forms.Field):
    """Repeated `certificate` values; anything that is not a positive whole number is dropped."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else [value] if value else []
        ids = (parse_id(str(raw).strip()) for raw in values)
        return [pk for pk in ids if pk is not None]

    def validate(self, value):
        if not value:
            raise forms.ValidationError(_("Choose at least one certificate."), code="required")


class JobStartForm(forms.Form):
    certificate = IdListField(label=_("Certificates"))
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    next = forms.CharField(required=False, max_length=300, widget=forms.HiddenInput)
