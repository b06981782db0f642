"""The forms of the officers' case pages. They check input; the rules (which status may follow which, what an
erased case refuses) live in safeguarding.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from people import inputs

from .cases_selectors import CaseFilters
from .models import CaseEntry, Concern, Officer

TEXT_MAX = 5000


class CaseFilterForm(forms.Form):
    """The cases list's filters, read from the query string."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    owner = forms.ChoiceField(
        label=_("Owner"),
        required=False,
        choices=[("", _("Anyone")), ("mine", _("Mine")), ("nobody", _("Nobody yet"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any")), ("open", _("Open (not closed)")), *Concern.Status.choices]

    def filters(self) -> CaseFilters:
        if not self.is_valid():
            return CaseFilters()
        return CaseFilters(status=self.cleaned_data["status"], owner=self.cleaned_data["owner"])


class StatusForm(forms.Form):
    """The status a case moves to: the page offers only the next ones (Concern.next_statuses); the service
    refuses any other."""

    status = forms.ChoiceField(label=_("New status"), choices=Concern.Status.choices)


class OwnerForm(forms.Form):
    """Who owns the case: one of the officers, or nobody."""

    owner = forms.ChoiceField(label=_("Owner"), required=False)

    def __init__(self, *args, officers: list[Officer], **kwargs):
        super().__init__(*args, **kwargs)
        self.officers = {str(officer.pk): officer for officer in officers}
        self.fields["owner"].choices = [
            ("", _("Nobody")),
            *((pk, str(officer)) for pk, officer in self.officers.items()),
        ]

    def clean_owner(self) -> Officer | None:
        return self.officers.get(self.cleaned_data["owner"])


class _EntryForm(forms.Form):
    """One entry of the case's handling; `kind` says which (a hidden field: each form has its own prefix)."""

    kind = None
    text = forms.CharField(label=_("Text"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", self.kind)
        super().__init__(*args, **kwargs)


class NoteForm(_EntryForm):
    kind = CaseEntry.Kind.NOTE
    heading = _("Add a note")
    submit = _("Add the note")


class ActionForm(_EntryForm):
    kind = CaseEntry.Kind.ACTION
    heading = _("Add an action")
    submit = _("Add the action")

    due_on = inputs.DateField(label=_("To do by"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    field_order = ["text", "due_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = _("What is to be done")


class ReferralForm(_EntryForm):
    kind = CaseEntry.Kind.REFERRAL
    heading = _("Record a referral")
    submit = _("Record the referral")

    referred_to = forms.ChoiceField(label=_("Referred to"), choices=[("", "—"), *CaseEntry.ReferredTo.choices])

    field_order = ["referred_to", "text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = _("Who, when, and what was agreed")


class MessageForm(_EntryForm):
    kind = CaseEntry.Kind.TO_REPORTER
    heading = _("Write to the reporter")
    submit = _("Send the message")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = _("Message")
        self.fields["text"].help_text = _(
            "The reporter is not e-mailed: they read it when they open their follow-up link, which only they have. "
            "Write nothing they should not read, in words a child or a worried adult understands."
        )


ENTRY_FORMS = {form.kind: form for form in (NoteForm, ActionForm, ReferralForm, MessageForm)}
