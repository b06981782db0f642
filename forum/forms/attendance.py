"""The day the organiser's live attendance page shows: one of the forum's days."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from people.dates import with_weekday


class AttendanceDayForm(forms.Form):
    day = forms.TypedChoiceField(
        label=_("Day"),
        coerce=datetime.date.fromisoformat,
        error_messages={"invalid_choice": _("Choose one of the forum's days.")},
    )

    def __init__(self, *args, days: list[datetime.date], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].choices = [(day.isoformat(), with_weekday(day)) for day in days]
