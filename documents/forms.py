"""The form behind a job's start button (e.g. templates/certificates/includes/print_actions.html)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from people.inputs import parse_id


class IdListField(forms.Field):
    """Repeated id values; anything that is not a positive whole number is dropped."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else [value] if value else []
        ids = (parse_id(str(raw).strip()) for raw in values)
        return [pk for pk in ids if pk is not None]


class JobStartForm(forms.Form):
    """The items' ids come in repeated fields named `ids_field` (e.g. "certificate"), with a title and where to go
    back to."""

    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    next = forms.CharField(required=False, max_length=300, widget=forms.HiddenInput)

    def __init__(self, *args, ids_field: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.ids_field = ids_field
        self.fields[ids_field] = IdListField(label=_("Items"))

    def ids(self) -> list[int]:
        return self.cleaned_data[self.ids_field]
