"""The organisers' privacy form: how long an edition's personal data is kept after the forum. It reads a whole
number; the bounds and the rest are privacy.retention.retention_days_set's."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .retention import MAX_DAYS, MIN_DAYS


class RetentionDaysForm(forms.Form):
    """One per edition on the page, prefixed with the edition's id so that a refusal shows beside its own field."""

    days = forms.IntegerField(
        label=_("Days kept after the forum"),
        widget=forms.NumberInput(attrs={"min": MIN_DAYS, "max": MAX_DAYS, "inputmode": "numeric"}),
    )

    def __init__(self, *args, edition, **kwargs):
        kwargs.setdefault("initial", {"days": edition.personal_data_days})
        super().__init__(*args, prefix=f"edition-{edition.pk}", **kwargs)
        self.edition = edition
