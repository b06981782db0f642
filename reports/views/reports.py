"""The programme reports (`/organiser/reports/`): the list and the form that asks for one, a report's page (its
figures live, its latest generation's progress, its files) and regenerating it. Organisers only (two-factor
authentication). The generations' own pages (progress, files) are documents' job pages, mounted in the namespace
JOBS (reports/organiser_urls.py)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from people.permissions import OrganiserRequiredMixin

from ..dashboard import dashboard_sections
from ..errors import ReportBusy
from ..forms import ReportRequestForm
from ..selectors import report_get, report_list
from ..services import report_generate, report_request

JOBS = "organiser:report_jobs"


class ReportListView(OrganiserRequiredMixin, TemplateView):
    """The reports, each with its latest generation and its files; POST asks for one (an existing one opens)."""

    template_name = "reports/list.html"

    def get_context_data(self, form: ReportRequestForm | None = None, **kwargs):
        return super().get_context_data(
            reports=report_list(), form=form or ReportRequestForm(), namespace=JOBS, **kwargs
        )

    def post(self, request):
        form = ReportRequestForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        report, created = report_request(period=form.span, language=form.cleaned_data["language"], by=request.user)
        if created:
            messages.success(request, _("The report is being generated."))
        else:
            messages.info(request, _("This report exists already: here it is."))
        return redirect(report)


class ReportDetailView(OrganiserRequiredMixin, TemplateView):
    """A report: its figures as the dashboard shows them now, its latest generation and the files it offers."""

    template_name = "reports/detail.html"

    def get_context_data(self, **kwargs):
        report = report_get(pk=self.kwargs["pk"])
        sections = dashboard_sections(period=report.span)
        return super().get_context_data(report=report, job=report.job, sections=sections, namespace=JOBS, **kwargs)


class ReportRegenerateView(OrganiserRequiredMixin, View):
    """POST: generate the report again; refused while a generation of it runs."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        report = report_get(pk=pk)
        try:
            report_generate(report=report, by=request.user)
        except ReportBusy as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("The report is being generated again; its files stay until the new ones are done.")
            )
        return redirect(report)
