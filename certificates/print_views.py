"""Organiser pages of print and delivery jobs: start, follow the progress, download, retry."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from people.inputs import local_path
from people.permissions import OrganiserRequiredMixin

from . import print_selectors as selectors
from . import print_services as services
from .print_forms import JobStartForm
from .print_models import CertificateJob

PAGE_SIZE = 30


class JobStartView(OrganiserRequiredMixin, View):
    """POST repeated `certificate` ids, `title` and optionally `next`: starts the job, shows its page."""

    kind = CertificateJob.Kind.PRINT
    http_method_names = ["post"]

    def post(self, request):
        form = JobStartForm(request.POST)
        back = local_path(request.POST.get("next", ""), request) or reverse("certificates_organiser:list")
        if not form.is_valid():
            messages.error(request, _("Choose at least one certificate."))
            return redirect(back)
        try:
            job = services.certificate_job_start(
                kind=self.kind,
                certificate_ids=form.cleaned_data["certificate"],
                title=form.cleaned_data["title"],
                by=request.user,
                back_url=local_path(form.cleaned_data["next"], request),
            )
        except services.CertificateJobError as error:
            if error.job is not None:
                messages.info(request, error.message)
                return redirect("certificates_organiser:job", pk=error.job.pk)
            messages.error(request, error.message)
            return redirect(back)
        return redirect("certificates_organiser:job", pk=job.pk)


class JobListView(OrganiserRequiredMixin, TemplateView):
    template_name = "certificates/print/job_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(selectors.job_list(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(page=page, jobs=page.object_list)
        return context


class JobDetailView(OrganiserRequiredMixin, TemplateView):
    template_name = "certificates/print/job_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = selectors.job_get(pk=self.kwargs["pk"])
        report = selectors.job_delivery_report(job=job) if job.kind == CertificateJob.Kind.DELIVER else None
        context.update(job=job, report=report)
        return context


class JobStatusView(OrganiserRequiredMixin, View):
    """What the progress bar polls every two seconds."""

    def get(self, request, pk: int):
        job = selectors.job_get(pk=pk)
        response = JsonResponse(
            {
                "status": job.status,
                "status_display": job.get_status_display(),
                "done": job.done,
                "total": job.total,
                "percent": job.percent,
                "count_display": _("%(done)s of %(total)s") % {"done": job.done, "total": job.total},
            }
        )
        response["Cache-Control"] = "no-store"
        return response


class JobRetryView(OrganiserRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk: int):
        job = selectors.job_get(pk=pk)
        try:
            services.certificate_job_retry(job=job, by=request.user)
        except services.CertificateJobError as error:
            messages.error(request, error.message)
            if error.job is not None:
                return redirect("certificates_organiser:job", pk=error.job.pk)
        else:
            messages.success(request, _("The job is queued again."))
        return redirect("certificates_organiser:job", pk=pk)


class JobDownloadView(OrganiserRequiredMixin, View):
    """The job's results from private storage; organisers only (others 404), while they are kept."""

    part = "pdf"

    def get(self, request, pk: int):
        job = selectors.job_get(pk=pk)
        field = job.pdf_file if self.part == "pdf" else job.zip_file
        if not job.has_results or not field:
            raise Http404
        try:
            handle = field.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        name = f"{slugify(job.title)[:60] or 'certificates'}-{job.pk}.{self.part}"
        content_type = "application/pdf" if self.part == "pdf" else "application/zip"
        return FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
