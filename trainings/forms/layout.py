"""What the training forms share: the crispy-forms helper with its submit button, the date-and-time widget."""

from crispy_forms.helper import FormHelper
from django import forms

from people.layout import form_helper


def submit_helper(label, css_class: str = "btn-primary") -> FormHelper:
    """A crispy-forms helper whose form ends with one submit button labelled `label` (people.layout.form_helper)."""
    return form_helper(label, css_class=css_class)


class LocalDateTimeInput(forms.DateTimeInput):
    """A native date-and-time picker, in the site's time zone."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")
