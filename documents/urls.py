"""The job pages an app mounts in its own URL namespace, under the names documents' views reverse (`jobs`, `job`,
`job_status`, `job_retry`, `job_<part>`): the list, a job's page and progress, retry, and its result files named
`<download>.<part>`, one URL per part the kinds make: a merged PDF and a ZIP for printing (the default), a PDF and
an XLSX for building (documents.kinds.BuildKind.parts). Starting a job stays with the app (JobStartView, one a
kind)."""

from django.urls import path

from . import views


def job_pages(
    prefix: str,
    *,
    kinds,
    list_template: str,
    detail_template: str,
    download: str,
    parts: tuple[str, ...] = ("pdf", "zip"),
) -> list:
    job = f"{prefix}<int:pk>/"
    return [
        path(prefix, views.JobListView.as_view(kinds=kinds, template_name=list_template), name="jobs"),
        path(job, views.JobDetailView.as_view(kinds=kinds, template_name=detail_template), name="job"),
        path(f"{job}status.json", views.JobStatusView.as_view(kinds=kinds), name="job_status"),
        path(f"{job}retry/", views.JobRetryView.as_view(kinds=kinds), name="job_retry"),
        *(
            path(f"{job}{download}.{part}", views.JobDownloadView.as_view(kinds=kinds, part=part), name=f"job_{part}")
            for part in parts
        ),
    ]
