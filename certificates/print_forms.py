"""The form behind the Print / E-mail buttons (templates/certificates/includes/print_actions.html)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class IdListField(forms.Field):
    """Repeated `certificate` values; anything that is not a positive whole number is dropped."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else [value] if value else []
        ids = []
        for raw in values:
            text = str(raw).strip()
            if text.isdigit() and 0 < int(text) < 2**31:
                ids.append(int(text))
        return ids

    def validate(self, value):
        if not value:
            raise forms.ValidationError(_("Choose at least one certificate."), code="required")


class JobStartForm(forms.Form):
    certificate = IdListField(label=_("Certificates"))
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    next = forms.CharField(required=False, max_length=300, widget=forms.HiddenInput)
