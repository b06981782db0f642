"""The organisers' forum pages: editions, quotas, policy versions, registrations (list, bulk, one by one),
exports and visa letters.

Every view is for organisers with two-factor authentication (OrganiserRequiredMixin: 404 for everyone else). Views
check input, call one service or selector and turn a domain error into a message on the page.
"""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from people.access import Kind, reveal_record, sheet_revealed
from people.errors import form_add_error
from people.permissions import OrganiserRequiredMixin

from ..errors import EditionError, ForumError, NoSeatLeft
from ..exports.pdf import visa_letter_response
from ..exports.sheets import registration_header, registration_rows, visa_header, visa_rows
from ..forms.organiser import (
    BulkActionForm,
    EditionForm,
    PolicyVersionForm,
    QuotaForm,
    RegistrationActionForm,
    RegistrationFilterForm,
)
from ..forms.youth import PaperConsentForm
from ..models import CountryQuota, Registration
from ..rules import letter_available
from ..selectors.editions import (
    edition_current_policy,
    edition_list_for_organisers,
    edition_policies,
    edition_quotas,
    seats_summary,
)
from ..selectors.registrations import (
    letter_registration_for_organiser,
    registration_get_for_organiser,
    registration_list,
    registrations_by_ids,
    visa_request_list,
)
from ..selectors.youth import youth_panel
from ..services.edition import (
    edition_create,
    edition_publish,
    edition_unpublish,
    edition_update,
    policy_publish_version,
    quota_delete,
    quota_set,
)
from ..services.lifecycle import registration_act, registration_bulk_decide
from ..services.visa import visa_letter_review
from .mixins import EditionScopeMixin

PAGE_SIZE = 50


BULK_RESULTS_KEY = "forum_organiser_bulk_results"


class EditionListView(OrganiserRequiredMixin, TemplateView):
    template_name = "forum/organiser/edition_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["editions"] = edition_list_for_organisers()
        return context


class EditionCreateView(OrganiserRequiredMixin, FormView):
    template_name = "forum/organiser/edition_form.html"
    form_class = EditionForm

    def get_initial(self):
        return {"time_zone": "Asia/Phnom_Penh", "country": "KH", "mode": "review", "show_seats_left": True}

    def form_valid(self, form):
        try:
            edition = edition_create(data=form.edition_data(), by=self.request.user)
        except ValidationError as error:
            form_add_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The forum “%(title)s” is created. Publish the code of conduct and the privacy notice, then publish it.")
            % {"title": edition.title},
        )
        return redirect("forum_organiser:edition", slug=edition.slug)


class EditionDetailView(OrganiserRequiredMixin, EditionScopeMixin, TemplateView):
    """An edition's overview: seats per country, quotas, policy versions, publishing."""

    template_name = "forum/organiser/edition_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["seats"] = seats_summary(edition=self.edition)
        context["policies"] = edition_policies(edition=self.edition)
        return context


class EditionUpdateView(OrganiserRequiredMixin, EditionScopeMixin, FormView):
    template_name = "forum/organiser/edition_form.html"
    form_class = EditionForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        # A copy: the form writes the typed values onto its instance, and the page around the form (title, tabs,
        # links by slug) must keep showing the saved edition when the form has errors.
        kwargs["instance"] = copy.copy(self.edition)
        return kwargs

    def form_valid(self, form):
        try:
            edition = edition_update(edition=self.edition, data=form.edition_data(), by=self.request.user)
        except ValidationError as error:
            form_add_error(form, error)
            return self.form_invalid(form)
        except EditionError as error:
            form.add_error("capacity", str(error.message))
            return self.form_invalid(form)
        messages.success(self.request, _("The forum is saved."))
        return redirect("forum_organiser:edition", slug=edition.slug)


class EditionPublishView(OrganiserRequiredMixin, EditionScopeMixin, View):
    http_method_names = ["post"]

    def post(self, request, slug):
        if request.POST.get("publish") == "1":
            try:
                edition_publish(edition=self.edition, by=request.user)
            except EditionError as error:
                messages.error(request, str(error.message))
            else:
                messages.success(request, _("The forum is published: delegates can see it."))
        elif request.POST.get("publish") == "0":
            edition_unpublish(edition=self.edition, by=request.user)
            messages.success(request, _("The forum is unpublished: delegates no longer see it."))
        return redirect("forum_organiser:edition", slug=self.edition.slug)


class QuotaView(OrganiserRequiredMixin, EditionScopeMixin, FormView):
    """Country quotas: set one (new or changed) or remove one."""

    template_name = "forum/organiser/quotas.html"
    form_class = QuotaForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["seats"] = seats_summary(edition=self.edition)
        context["quotas"] = edition_quotas(edition=self.edition)
        return context

    def form_valid(self, form):
        try:
            quota = quota_set(
                edition=self.edition,
                country=form.cleaned_data["country"],
                seats=form.cleaned_data["seats"],
                by=self.request.user,
            )
        except EditionError as error:
            form.add_error("seats", str(error.message))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(country)s: %(seats)s seats.") % {"country": quota.country.name, "seats": quota.seats},
        )
        return redirect("forum_organiser:edition_quotas", slug=self.edition.slug)


class QuotaDeleteView(OrganiserRequiredMixin, EditionScopeMixin, View):
    http_method_names = ["post"]

    def post(self, request, slug, pk):
        quota = get_object_or_404(CountryQuota, edition=self.edition, pk=pk)
        quota_delete(quota=quota, by=request.user)
        messages.success(
            request, _("The quota of %(country)s is removed: only the total counts.") % {"country": quota.country.name}
        )
        return redirect("forum_organiser:edition_quotas", slug=self.edition.slug)


class PolicyView(OrganiserRequiredMixin, EditionScopeMixin, FormView):
    """Policy versions: every version ever published, and a form for a new one."""

    template_name = "forum/organiser/policies.html"
    form_class = PolicyVersionForm

    def get_initial(self):
        kind = self.request.GET.get("kind", "code_of_conduct")
        current = edition_current_policy(edition=self.edition, kind=kind) if kind else None
        initial = {"kind": kind}
        if current is not None:
            initial.update(text_en=current.text_en, text_km=current.text_km)
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["policies"] = edition_policies(edition=self.edition)
        return context

    def form_valid(self, form):
        try:
            policy = policy_publish_version(edition=self.edition, by=self.request.user, **form.cleaned_data)
        except EditionError as error:
            form.add_error(None, str(error.message))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(policy)s is published. New registrations agree to it; earlier ones keep the version they agreed to.")
            % {"policy": policy},
        )
        return redirect("forum_organiser:edition_policies", slug=self.edition.slug)


class RegistrationFilterMixin(EditionScopeMixin):
    def get_filter_form(self) -> RegistrationFilterForm:
        if not hasattr(self, "_filter_form"):
            self._filter_form = RegistrationFilterForm(self.request.GET or None)
        return self._filter_form

    def get_filters(self):
        return self.get_filter_form().filters()

    def querystring(self, **extra) -> str:
        items = self.get_filters().querystring_items() + list(extra.items())
        return urlencode(items)


class RegistrationListView(OrganiserRequiredMixin, RegistrationFilterMixin, TemplateView):
    template_name = "forum/organiser/registration_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = self.get_filters()
        paginator = Paginator(registration_list(edition=self.edition, filters=filters), PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("page"))
        context.update(
            filter_form=self.get_filter_form(),
            page_obj=page,
            registrations=page.object_list,
            querystring=self.querystring(),
            seats=seats_summary(edition=self.edition),
            bulk_form=BulkActionForm(),
            bulk_results=self.request.session.pop(BULK_RESULTS_KEY, None),
        )
        return context


class RegistrationBulkView(OrganiserRequiredMixin, EditionScopeMixin, View):
    """Approve, reject or waitlist the ticked registrations; the list then shows what happened to each."""

    http_method_names = ["post"]

    def post(self, request, slug):
        form = BulkActionForm(request.POST)
        back = reverse("forum_organiser:registrations", kwargs={"slug": self.edition.slug})
        # Back to the list as it was filtered: only the filters' own parameters, re-encoded.
        posted = QueryDict(request.POST.get("querystring", "")[:1000])
        filters = RegistrationFilterForm(posted).filters()
        if filters.querystring_items():
            back += "?" + urlencode(filters.querystring_items())
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(back)
        registrations = registrations_by_ids(edition=self.edition, ids=form.cleaned_data["ids"])
        outcomes = registration_bulk_decide(
            registrations=registrations,
            action=form.cleaned_data["action"],
            by=request.user,
            message=form.cleaned_data["message"].strip(),
        )
        request.session[BULK_RESULTS_KEY] = {
            "action": str(dict(BulkActionForm.ACTIONS)[form.cleaned_data["action"]]),
            "done": sum(outcome.ok for outcome in outcomes),
            "items": [outcome.__dict__ for outcome in outcomes],
            "waitlist_ids": [outcome.pk for outcome in outcomes if outcome.can_waitlist],
        }
        return redirect(back)


class RegistrationDetailView(OrganiserRequiredMixin, EditionScopeMixin, TemplateView):
    """Everything about one registration, incl. the visa details and the full history; single actions."""

    template_name = "forum/organiser/registration_detail.html"

    def get_registration(self) -> Registration:
        return registration_get_for_organiser(edition=self.edition, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registration = kwargs.get("registration") or self.get_registration()
        passport = getattr(registration, "visa_request", None) if registration.needs_visa_letter else None
        if passport is not None:  # the page shows the passport's number: written in the access log
            subject = _("Passport details of %(reference)s") % {"reference": registration.reference}
            reveal_record(by=self.request.user, kind=Kind.PASSPORT, subject=subject, people=1)
        context.update(
            registration=registration,
            passport=passport,
            action_form=kwargs.get("action_form") or RegistrationActionForm(),
            letter_available=letter_available(registration),
            no_seat=kwargs.get("no_seat", False),
            # The nomination the registration came from (forum.services.nominations), if any.
            nomination=getattr(registration, "nomination", None),
        )
        if registration.is_youth:
            # Youth delegates: consent, chaperone, documents and who opened them.
            context.update(youth_panel(registration=registration))
            context["paper_form"] = kwargs.get("paper_form") or PaperConsentForm()
        return context

    def post(self, request, slug, pk):
        registration = self.get_registration()
        form = RegistrationActionForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(registration=registration, action_form=form), status=400
            )
        action, reason = form.cleaned_data["action"], form.cleaned_data["reason"].strip()
        try:
            done = registration_act(registration=registration, action=action, by=request.user, reason=reason)
        except NoSeatLeft as error:
            messages.error(request, str(error.message))
            registration = self.get_registration()
            return self.render_to_response(
                self.get_context_data(registration=registration, action_form=form, no_seat=True), status=409
            )
        except ForumError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, done)
        return redirect("forum_organiser:registration", slug=self.edition.slug, pk=registration.pk)


class VisaReviewView(OrganiserRequiredMixin, EditionScopeMixin, View):
    """Passport details changed after approval are checked: the delegate's letter is released."""

    http_method_names = ["post"]

    def post(self, request, slug, pk):
        registration = registration_get_for_organiser(edition=self.edition, pk=pk)
        try:
            visa_letter_review(registration=registration, by=request.user)
        except ForumError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The visa letter is released: the delegate can download it."))
        return redirect("forum_organiser:registration", slug=self.edition.slug, pk=registration.pk)


class OrganiserVisaLetterView(OrganiserRequiredMixin, View):
    def get(self, request, slug, pk):
        registration = letter_registration_for_organiser(slug=slug, pk=pk)
        subject = _("Visa letter of %(reference)s") % {"reference": registration.reference}
        reveal_record(by=request.user, kind=Kind.VISA_LETTERS, subject=subject, people=1)
        return visa_letter_response(registration=registration)


class RegistrationExportView(OrganiserRequiredMixin, RegistrationFilterMixin, View):
    """The list as it is filtered, as CSV or XLSX. No passport data here: see VisaExportView."""

    def get(self, request, slug, fmt):
        registrations = registration_list(edition=self.edition, filters=self.get_filters())
        rows, header = registration_rows(registrations, edition=self.edition), registration_header(self.edition)
        subject = _("Registrations of %(edition)s") % {"edition": self.edition}
        name, title = f"{self.edition.slug}-registrations", _("Registrations")
        return sheet_revealed(request, fmt, filename=name, header=header, rows=rows, title=title, subject=subject)


class VisaExportView(OrganiserRequiredMixin, RegistrationFilterMixin, View):
    """Passport details of the filtered registrations that asked for a visa letter: organisers only."""

    def get(self, request, slug, fmt):
        rows = visa_rows(visa_request_list(edition=self.edition, filters=self.get_filters()))
        subject = _("Passport details of the visa requests of %(edition)s") % {"edition": self.edition}
        name, title, kind = f"{self.edition.slug}-visa-requests", _("Visa requests"), Kind.PASSPORT
        return sheet_revealed(
            request, fmt, filename=name, header=visa_header(), rows=rows, title=title, subject=subject, kind=kind
        )
