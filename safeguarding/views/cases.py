"""The safeguarding officers' pages: the cases, one case with everything about it and its handling, an attachment,
and the access log. Officers with two-factor authentication only (safeguarding.permissions); everyone else,
organisers included, gets 404.

What is logged (safeguarding.models.AccessLog): every opening of a case's page (also when it is shown again with a
refused form), every change (by the services) and every attachment downloaded; the cases list writes one line
without a case ("case list"), since it shows every case's reference, place and owner. Reading the access log itself
is not logged: it shows no case's content, and a line per reading would bury the lines it is read for."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from people.errors import action_done, form_add_error
from people.inputs import parse_id
from people.private_pages import private_response

from .. import services
from ..cases_forms import ENTRY_FORMS, CaseFilterForm, OwnerForm, StatusForm
from ..cases_selectors import (
    access_log,
    attachment_get,
    case_attachments,
    case_entries,
    case_get,
    case_list,
    case_log,
    officer_choices,
)
from ..errors import SafeguardingError
from ..models import AccessLog, CaseEntry
from ..permissions import OfficerRequiredMixin

PAGE_SIZE = 50
ENTRY_ADDED = {
    CaseEntry.Kind.NOTE: gettext_lazy("The note is added."),
    CaseEntry.Kind.ACTION: gettext_lazy("The action is added."),
    CaseEntry.Kind.REFERRAL: gettext_lazy("The referral is recorded."),
    CaseEntry.Kind.TO_REPORTER: gettext_lazy(
        "The message is kept for the reporter: they read it on their follow-up link."
    ),
}


def _case_url(concern, anchor: str = "") -> str:
    url = reverse("safeguarding:case", kwargs={"pk": concern.pk})
    return f"{url}#{anchor}" if anchor else url


class CaseListView(OfficerRequiredMixin, TemplateView):
    """Every case, open urgent ones first, filtered by status and owner; its open actions counted."""

    template_name = "safeguarding/cases/list.html"

    def get(self, request, *args, **kwargs):
        services.log(concern=None, actor=request.user, action=AccessLog.Action.VIEWED, detail="case list")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filter_form = CaseFilterForm(self.request.GET or None)
        paginator = Paginator(case_list(filters=filter_form.filters(), officer=self.officer), PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("page"))
        context.update(filter_form=filter_form, page_obj=page, cases=page.object_list, officer=self.officer)
        return context


class CaseDetailView(OfficerRequiredMixin, TemplateView):
    """Everything about a case: what was reported, its attachments, its handling by kind, the forms that change
    it, and its access log. Every opening is logged first."""

    template_name = "safeguarding/cases/detail.html"

    def get_case(self):
        return case_get(pk=self.kwargs["pk"])

    def get(self, request, pk):
        return self.render_case(self.get_case())

    def render_case(self, concern, *, status: int = 200, bound: dict | None = None):
        """The case's page (`bound`: a refused entry form by its kind, shown with its errors and input)."""
        services.case_viewed(concern=concern, officer=self.officer)
        log_lines, log_more = case_log(concern)
        context = self.get_context_data(concern=concern, officer=self.officer, log_lines=log_lines, log_more=log_more)
        if not concern.is_erased:
            bound = bound or {}
            officers = officer_choices()
            context.update(
                attachments=case_attachments(concern),
                entries=case_entries(concern),
                owner_form=OwnerForm(initial={"owner": concern.owner_id or ""}, officers=officers),
                entry_forms={kind: bound.get(kind) or form() for kind, form in ENTRY_FORMS.items()},
                can_write_to_reporter=bool(concern.token_hash),
            )
        return self.render_to_response(context, status=status)


class _CaseChangeView(CaseDetailView):
    """A form of the case's page: posts here, the service decides, and the officer goes back to the case."""

    http_method_names = ["post"]


class _HandlingView(_CaseChangeView):
    """A status or owner form: its one field is the service's argument of the same name."""

    service = None
    done = refused = ""

    def get_form(self):
        raise NotImplementedError

    def post(self, request, pk):
        concern = self.get_case()
        form = self.get_form()
        if form.is_valid():
            action_done(request, self.service, self.done, concern=concern, officer=self.officer, **form.cleaned_data)
        else:
            messages.error(request, self.refused)
        return redirect(_case_url(concern, "handling"))


class CaseStatusView(_HandlingView):
    service = staticmethod(services.case_set_status)
    done = gettext_lazy("The status is changed.")
    refused = gettext_lazy("Choose one of the statuses offered.")

    def get_form(self):
        return StatusForm(self.request.POST)


class CaseOwnerView(_HandlingView):
    service = staticmethod(services.case_set_owner)
    done = gettext_lazy("The owner is changed.")
    refused = gettext_lazy("Choose one of the officers offered.")

    def get_form(self):
        return OwnerForm(self.request.POST, officers=officer_choices())


class CaseEntryView(_CaseChangeView):
    """A note, an action, a referral or a message to the reporter (the hidden `kind` says which form it is).
    Refused input comes back next to its field, kept; a refusal about the whole case comes back as a message."""

    def post(self, request, pk):
        concern = self.get_case()
        form_class = ENTRY_FORMS.get(request.POST.get("kind"))
        if form_class is None:
            messages.error(request, _("Unknown kind of entry."))
            return redirect(_case_url(concern))
        form = form_class(request.POST)
        if form.is_valid():
            try:
                services.case_add_entry(concern=concern, kind=form.kind, officer=self.officer, **form.cleaned_data)
            except SafeguardingError as error:
                if error.field not in form.fields:
                    messages.error(request, error.message)
                    return redirect(_case_url(concern))
                form_add_error(form, error)
            except ValidationError as error:
                form_add_error(form, error)
            else:
                messages.success(request, ENTRY_ADDED[form.kind])
                return redirect(_case_url(concern, form.kind))
        return self.render_case(concern, status=400, bound={form.kind: form})


class ActionDoneView(_CaseChangeView):
    def post(self, request, pk, entry):
        concern = self.get_case()
        action = get_object_or_404(CaseEntry, pk=parse_id(entry) or 0, concern=concern)
        action_done(request, services.action_done, _("The action is marked done."), entry=action, officer=self.officer)
        return redirect(_case_url(concern, "action"))


class AttachmentView(OfficerRequiredMixin, View):
    """An attachment of the case, always downloaded (never shown in the page: a file a reporter sent may be
    anything), under a name that says nothing of the reporter's own; every download is logged first."""

    http_method_names = ["get"]

    def get(self, request, pk, attachment):
        concern = case_get(pk=pk)
        attachment, number = attachment_get(concern=concern, pk=attachment)
        # Only a missing file is a 404: a storage that fails (a timeout is an OSError too) answers operations' 503.
        # It is recorded as opened once the storage has given it, not when the officer only got the 503 page.
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        services.attachment_opened(attachment=attachment, officer=self.officer)
        name = attachment.file.name.rsplit("/", 1)[-1]
        extension = name.rsplit(".", 1)[-1] if "." in name else "bin"
        response = FileResponse(
            handle,
            content_type=attachment.content_type or "application/octet-stream",
            as_attachment=True,
            filename=f"{concern.reference}-{number}.{extension}",
        )
        response["X-Content-Type-Options"] = "nosniff"
        return private_response(response)


class AccessLogView(OfficerRequiredMixin, TemplateView):
    """The whole access log, newest first: appointments and removals of officers, every view, change, download
    and erasure; `?case=<id>` for one case's lines."""

    template_name = "safeguarding/cases/log.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = parse_id(self.request.GET.get("case"))
        paginator = Paginator(access_log(concern_pk=case), PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("page"))
        context.update(page_obj=page, lines=page.object_list, case_filter=case)
        return context
