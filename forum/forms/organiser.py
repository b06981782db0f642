"""Forms of the organisers' forum pages. They check input; the rules live in forum.edition_services and
forum.services."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from people import inputs
from people.dates import time_zone_choices

from ..models import ForumEdition, Participation, PolicyDocument, Registration
from ..selectors.registrations import RegistrationFilters
from ..services.edition import EDITION_FIELDS, validate_time_zone

WINDOW_FIELDS = ("registration_opens_at", "registration_closes_at")
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class EditionForm(forms.ModelForm):
    """An edition's settings. The registration window is typed in the edition's own time zone."""

    class Meta:
        model = ForumEdition
        formfield_callback = inputs.formfield
        fields = EDITION_FIELDS
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "registration_opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
            "registration_closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "description_km": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Named as on every page ("Phnom Penh, UTC+07:00"); the stored value stays the IANA name.
        self.fields["time_zone"].widget = forms.Select(
            choices=time_zone_choices(self.instance.starts_on, current=self.instance.time_zone)
        )
        self.fields["time_zone"].help_text = _("The registration window below and the programme are in this time zone.")
        for name in WINDOW_FIELDS:
            self.fields[name].help_text = _("In the forum's time zone.")
        # Left out of a submission (an older form, a script), it stays as it is.
        self.fields["intake"].required = False
        if self.instance.pk and not self.is_bound:
            tz = self._zone(self.instance.time_zone)
            for name in WINDOW_FIELDS:
                value = getattr(self.instance, name)
                if value is not None:
                    # Naive, so that the field shows it as it is instead of converting to the site's zone.
                    self.initial[name] = timezone.localtime(value, tz).replace(tzinfo=None)

    @staticmethod
    def _zone(name: str):
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return timezone.get_current_timezone()

    def clean_time_zone(self) -> str:
        value = self.cleaned_data["time_zone"].strip()
        validate_time_zone(value)
        return value

    def clean_intake(self) -> str:
        return self.cleaned_data.get("intake") or self.instance.intake or ForumEdition.Intake.OPEN

    def clean_reference_prefix(self) -> str:
        return self.cleaned_data["reference_prefix"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        tz_name = cleaned.get("time_zone")
        if tz_name:
            # The field read the typed time in the site's zone; it was meant in the forum's.
            tz = self._zone(tz_name)
            for name in WINDOW_FIELDS:
                value = cleaned.get(name)
                if value is not None:
                    naive = timezone.make_naive(value, timezone.get_current_timezone())
                    cleaned[name] = timezone.make_aware(naive, tz)
        opens, closes = cleaned.get("registration_opens_at"), cleaned.get("registration_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes_at", _("Registration must close after it opens."))
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        return cleaned

    def edition_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in EDITION_FIELDS if name in self.cleaned_data}


class QuotaForm(forms.Form):
    # A callable: country names are read in the language of each request, not once at import.
    country = forms.ChoiceField(label=_("Country"), choices=lambda: [("", "---------"), *countries])
    seats = forms.IntegerField(label=_("Seats"), min_value=0, max_value=100000)


class PolicyVersionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Policy"), choices=PolicyDocument.Kind.choices)
    text_en = forms.CharField(label=_("Text (English)"), widget=forms.Textarea(attrs={"rows": 6}))
    text_km = forms.CharField(label=_("Text (Khmer)"), widget=forms.Textarea(attrs={"rows": 6}), required=False)


class RegistrationFilterForm(forms.Form):
    """The list's filters and search, read from the query string."""

    YES_NO = [("", _("Any")), ("yes", _("Yes")), ("no", _("No"))]
    VISA = [*YES_NO, ("waiting", _("Letter outstanding"))]

    status = forms.ChoiceField(label=_("Status"), required=False)
    country = forms.ChoiceField(label=_("Country represented"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    youth = forms.ChoiceField(label=_("Youth delegate"), required=False, choices=YES_NO)
    visa = forms.ChoiceField(label=_("Visa letter"), required=False, choices=VISA)
    consent = forms.ChoiceField(label=_("Guardian's consent"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any")), *Registration.Status.choices]
        self.fields["category"].choices = [("", _("Any")), *Registration.Category.choices]
        self.fields["country"].choices = [("", _("Any")), *countries]
        self.fields["consent"].choices = [("", _("Any")), *Participation.choices]
        self.fields["q"].widget.attrs["placeholder"] = _("Name, e-mail, reference, organisation")

    def filters(self) -> RegistrationFilters:
        if not self.is_valid():
            return RegistrationFilters()
        data = self.cleaned_data
        return RegistrationFilters(
            status=data["status"],
            country=data["country"],
            category=data["category"],
            youth=data["youth"],
            visa=data["visa"],
            consent=data["consent"],
            search=data["q"].strip(),
        )


class IdListField(forms.Field):
    """Several registration ids from check boxes (`name=ids` repeated)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[int]:
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        ids = inputs.parse_ids(value)
        if ids is None:
            raise forms.ValidationError(_("Choose registrations from the list."), code="invalid")
        return sorted(set(ids))


class BulkActionForm(forms.Form):
    ACTIONS = [
        ("approve", _("Approve")),
        ("waitlist", _("Put on the waiting list")),
        ("reject", _("Reject")),
    ]
    MAX_ITEMS = 500

    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS)
    ids = IdListField(label=_("Registrations"))
    message = forms.CharField(
        label=_("Message to the delegates (optional; required to reject)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_ids(self) -> list[int]:
        ids = self.cleaned_data["ids"]
        if not ids:
            raise forms.ValidationError(_("Tick at least one registration."))
        if len(ids) > self.MAX_ITEMS:
            raise forms.ValidationError(_("At most %(max)s registrations at a time.") % {"max": self.MAX_ITEMS})
        return ids

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "reject" and not (cleaned.get("message") or "").strip():
            self.add_error("message", _("Give a reason for the rejection: it is sent to the delegates."))
        return cleaned


class RegistrationActionForm(forms.Form):
    ACTIONS = [
        ("approve", _("Approve")),
        ("waitlist", _("Put on the waiting list")),
        ("reject", _("Reject")),
        ("reopen", _("Reopen")),
        ("cancel", _("Cancel for the delegate")),
    ]

    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS)
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "reject" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Give a reason for the rejection: it is sent to the delegate."))
        return cleaned
