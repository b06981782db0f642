"""The form that asks for a programme report: a year or a quarter ("2026", "2026-Q3") or a forum edition, and a
language. Each period is whole days from its first to its last, so an end before a start cannot be asked for."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from forum.models import ForumEdition

from .periods import Period, edition_period, period_from_key


class EditionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, edition: ForumEdition) -> str:
        return edition.title


class ReportRequestForm(forms.Form):
    period = forms.CharField(
        label=_("Year or quarter"),
        help_text=_("A year such as 2026, or a quarter such as 2026-Q3."),
        max_length=40,
        required=False,
    )
    edition = EditionChoiceField(
        label=_("Or a forum edition"),
        queryset=ForumEdition.objects.order_by("-starts_on", "-pk"),
        to_field_name="slug",
        required=False,
        empty_label="—",
        error_messages={"invalid_choice": _("Choose one of the forum editions.")},
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="en")

    def clean_period(self) -> Period | None:
        text = self.cleaned_data["period"].strip()
        if not text:
            return None
        period = period_from_key(text)
        if period is None or period.edition is not None:
            raise forms.ValidationError(_("Enter a year such as 2026 or a quarter such as 2026-Q3."))
        return period

    def clean(self):
        cleaned = super().clean()
        period, edition = cleaned.get("period"), cleaned.get("edition")
        if self.has_error("period") or self.has_error("edition"):
            return cleaned
        if period is not None and edition is not None:
            self.add_error("edition", _("Choose a year or a quarter, or a forum edition, not both."))
        elif period is None and edition is None:
            self.add_error("period", _("Enter a year or a quarter, or choose a forum edition."))
        return cleaned

    @property
    def span(self) -> Period:
        """The period asked for (once the form is valid)."""
        edition = self.cleaned_data["edition"]
        return edition_period(edition) if edition is not None else self.cleaned_data["period"]
