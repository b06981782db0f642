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
    """The items' ids come in repeated fields named `ids_field` (e.g. "certificate"), with the job's title in each
    language (`title_en`, `title_km`: templates/certificates/includes/job_titles.html), or one `title` for all, and
    where to go back to."""

    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    title_km = forms.CharField(label=_("Title (Khmer)"), max_length=200, required=False)
    next = forms.CharField(required=False, max_length=300, widget=forms.HiddenInput)

    def __init__(self, *args, ids_field: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.ids_field = ids_field
        self.fields[ids_field] = IdListField(label=_("Items"))

    def ids(self) -> list[int]:
        return self.cleaned_data[self.ids_field]

    def titles(self) -> dict[str, str]:
        """{language: title} for documents.jobs.job_start; `title` stands in for a language without its own."""
        data = self.cleaned_data
        return {code: data.get(f"title_{code}") or data["title"] for code in ("en", "km")}
