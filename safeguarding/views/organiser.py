"""What organisers decide about safeguarding (/organiser/safeguarding/): who the officers are, how long closed cases
are kept, and the emergency numbers a reporter reads first (safeguarding.officers). Organisers with two-factor
authentication only (404 for everyone else). No case shows here: only how many there are in each status
(safeguarding.counts), for an organiser who is an officer too as for any other."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from people.errors import action_done, form_submit
from people.permissions import OrganiserRequiredMixin

from ..counts import concern_counts
from ..models import Concern
from ..officers import contacts_save, officer_appoint, officer_remove, retention_get, retention_set
from ..organiser_forms import ContactsForm, OfficerAppointForm, RetentionForm
from ..organiser_selectors import (
    contacts_default,
    edition_for_contacts,
    editions_with_contacts,
    officer_get,
    officer_list,
)
from ..permissions import officer_of

SETTINGS = "safeguarding_organiser:settings"


def _appointed(officer) -> str:
    return _("%(person)s is a safeguarding officer. They and the other officers are told by e-mail.") % {
        "person": officer
    }


def _kept(retention) -> str:
    return _("Closed cases are kept %(days)s days.") % {"days": retention.days_after_closing}


class SafeguardingSettingsView(OrganiserRequiredMixin, View):
    """GET: the officers (with whether each has two-factor set up), the form that names one, the retention, the
    counts of cases by status and the emergency numbers. POST: the form sent (naming an officer, or the retention),
    done or refused beside its field with the input kept."""

    template_name = "safeguarding/organiser/settings.html"

    def page(self, *, appoint_form=None, retention_form=None):
        retention = retention_get()
        labels = dict(Concern.Status.choices)
        officers = list(officer_list())
        context = {
            "officers": officers,
            "any_ready": any(officer.has_two_factor for officer in officers),
            "appoint_form": appoint_form or OfficerAppointForm(),
            "retention": retention,
            "retention_form": retention_form or RetentionForm(initial={"days": retention.days_after_closing}),
            "counts": [(labels[status], count) for status, count in concern_counts().items()],
            "default_contacts": contacts_default(),
            "editions": editions_with_contacts(),
            # An organiser who is an officer too finds the way to the cases; the cases themselves never show here.
            "is_officer": officer_of(self.request.user) is not None,
        }
        return render(self.request, self.template_name, context)

    def get(self, request):
        return self.page()

    def submit(self, form_class, service, *, page_key: str, said):
        """Call `service` with the sent form's input; the page again with the refusal beside its field, or the
        message `said(result)` and back to the page."""
        form = form_class(self.request.POST)
        done, result = form_submit(form, service, by=self.request.user)
        if not done:
            return self.page(**{page_key: form})
        messages.success(self.request, said(result))
        return redirect(SETTINGS)

    def post(self, request):
        if f"{OfficerAppointForm.prefix}-email" in request.POST:
            return self.submit(OfficerAppointForm, officer_appoint, page_key="appoint_form", said=_appointed)
        if f"{RetentionForm.prefix}-days" in request.POST:
            return self.submit(RetentionForm, retention_set, page_key="retention_form", said=_kept)
        return redirect(SETTINGS)


class OfficerRemoveView(OrganiserRequiredMixin, View):
    """POST: the officer is removed; the cases they owned wait for another officer; the other officers are told."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        officer = officer_get(pk=pk)
        action_done(
            request,
            officer_remove,
            _("%(person)s is no longer a safeguarding officer; the cases they owned wait for another officer.")
            % {"person": officer},
            officer=officer,
            by=request.user,
        )
        return redirect(SETTINGS)


def _contacts_save(*, edition, by, **numbers):
    return contacts_save(edition=edition, data=numbers, by=by)


class ContactsView(OrganiserRequiredMixin, View):
    """GET: the emergency numbers of one edition (`?edition=<slug>`; 404 for one that does not exist) or, without
    it, of everything else; POST: saved, or refused beside the field with the input kept."""

    template_name = "safeguarding/organiser/contacts.html"

    def page(self, form, edition):
        return render(self.request, self.template_name, {"form": form, "edition": edition})

    def get(self, request):
        edition = edition_for_contacts(request.GET.get("edition"))
        contacts = getattr(edition, "emergency_contacts", None) if edition else contacts_default()
        return self.page(ContactsForm(initial=ContactsForm.initial_of(contacts)), edition)

    def post(self, request):
        edition = edition_for_contacts(request.GET.get("edition"))
        form = ContactsForm(request.POST)
        done, _contacts = form_submit(form, _contacts_save, edition=edition, by=request.user)
        if not done:
            return self.page(form, edition)
        if edition is None:
            messages.success(request, _("The emergency numbers for everything but the forum are saved."))
        else:
            messages.success(request, _("The emergency numbers of %(edition)s are saved.") % {"edition": edition})
        return redirect(reverse(SETTINGS) + "#contacts")
