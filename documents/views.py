"""Job pages: start, list, follow the progress, download, retry. The app that owns the kinds mounts them in its
own URL namespace (documents.urls.job_pages; e.g. certificates/organiser_urls.py), naming the kinds, the templates and
the URL to go back to.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from people.access import Kind, reveal_record
from people.inputs import local_path

from . import jobs, selectors
from .errors import JobError
from .exports import XLSX_CONTENT_TYPE
from .forms import JobStartForm
from .kinds import PrintKind
from .kinds import get as get_kind

PAGE_SIZE = 30
CONTENT_TYPES = {"pdf": "application/pdf", "zip": "application/zip", "xlsx": XLSX_CONTENT_TYPE}


class JobViewMixin:
    """Lets through whoever every one of `kinds` lets through (its gate), and names URLs in the mounting
    namespace, so that `{% url namespace|add:":job" job.pk %}` works in the templates."""

    kinds: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        for name in self.kinds:
            response = get_kind(name).gate(request)
            if response is not None:
                return response
        return super().dispatch(request, *args, **kwargs)

    def url_name(self, name: str) -> str:
        return f"{self.request.resolver_match.namespace}:{name}"

    def to_job(self, pk: int):
        return redirect(self.url_name("job"), pk=pk)

    def job(self):
        return selectors.job_get(pk=self.kwargs["pk"], kinds=self.kinds)

    def get_context_data(self, **kwargs):
        return super().get_context_data(namespace=self.request.resolver_match.namespace, **kwargs)


class JobStartView(JobViewMixin, View):
    """POST repeated `ids_field` values, the title (documents.forms.JobStartForm) and optionally `next`: starts a
    job of `kind`, shows its page; an empty selection goes back to `next` or to `back_url_name`."""

    kind = ""
    ids_field = "item"
    back_url_name = "jobs"
    http_method_names = ["post"]

    @property
    def kinds(self) -> tuple[str, ...]:
        return (self.kind,)

    def post(self, request):
        kind = self.kind
        form = JobStartForm(request.POST, ids_field=self.ids_field)
        back = local_path(request.POST.get("next", ""), request) or reverse(self.url_name(self.back_url_name))
        if not form.is_valid():
            messages.error(request, get_kind(kind).nothing_chosen)
            return redirect(back)
        try:
            job = jobs.job_start(
                kind=kind,
                ids=form.ids(),
                title=form.titles(),
                by=request.user,
                back_url=local_path(form.cleaned_data["next"], request),
            )
        except JobError as error:
            if error.job is not None:
                messages.info(request, error.message)
                return self.to_job(error.job.pk)
            messages.error(request, error.message)
            return redirect(back)
        return self.to_job(job.pk)


class JobListView(JobViewMixin, TemplateView):
    def get_context_data(self, **kwargs):
        page = Paginator(selectors.job_list(kinds=self.kinds), PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(page=page, jobs=page.object_list, **kwargs)


class JobDetailView(JobViewMixin, TemplateView):
    def get_context_data(self, **kwargs):
        job = self.job()
        report = selectors.job_delivery_report(job=job) if job.is_delivery else None
        return super().get_context_data(job=job, report=report, **kwargs)


class JobStatusView(JobViewMixin, View):
    """What the progress bar polls every two seconds (static/js/print_progress.js)."""

    def get(self, request, pk: int):
        job = self.job()
        # Signed-in pages are Cache-Control: private, no-store already (people.private_pages).
        return JsonResponse(
            {
                "status": job.status,
                "status_display": job.get_status_display(),
                "over": job.is_over,
                "done": job.done,
                "total": job.total,
                "percent": job.percent,
                "count_display": _("%(done)s of %(total)s") % {"done": job.done, "total": job.total},
            }
        )


class JobRetryView(JobViewMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk: int):
        job = self.job()
        try:
            jobs.job_retry(job=job)
        except JobError as error:
            messages.error(request, error.message)
            if error.job is not None:
                return self.to_job(error.job.pk)
        else:
            messages.success(request, _("The job is queued again."))
        return self.to_job(pk)


class JobDownloadView(JobViewMixin, View):
    """The job's results from private storage, while they are kept; 404 otherwise."""

    part = "pdf"  # one of PrintJob.PARTS

    def get(self, request, pk: int):
        job = self.job()
        field = job.result_file(self.part)
        if not job.has_results or not field:
            raise Http404
        try:
            handle = field.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        name = f"{slugify(job.title_en)[:60] or slugify(job.kind_label) or 'job'}-{job.pk}.{self.part}"
        if isinstance(get_kind(job.kind), PrintKind):  # badges, certificates: people's names, written in the log
            reveal_record(by=request.user, kind=Kind.PRINT, subject=f"{job} ({self.part.upper()})", people=job.total)
        return FileResponse(handle, as_attachment=True, filename=name, content_type=CONTENT_TYPES[self.part])
