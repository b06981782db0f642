"""The job pages an app mounts in its own URL namespace, under the names documents' views reverse (`jobs`, `job`,
`job_status`, `job_retry`, `job_pdf`, `job_zip`): the list, a job's page and progress, retry, and its merged PDF and
ZIP named `<download>.pdf` and `<download>.zip`. Starting a job stays with the app (JobStartView, one a kind)."""

from django.urls import path

from . import views


def job_pages(prefix: str, *, kinds, list_template: str, detail_template: str, download: str) -> list:
    job = f"{prefix}<int:pk>/"
    return [
        path(prefix, views.JobListView.as_view(kinds=kinds, template_name=list_template), name="jobs"),
        path(job, views.JobDetailView.as_view(kinds=kinds, template_name=detail_template), name="job"),
        path(f"{job}status.json", views.JobStatusView.as_view(kinds=kinds), name="job_status"),
        path(f"{job}retry/", views.JobRetryView.as_view(kinds=kinds), name="job_retry"),
        path(f"{job}{download}.pdf", views.JobDownloadView.as_view(kinds=kinds, part="pdf"), name="job_pdf"),
        path(f"{job}{download}.zip", views.JobDownloadView.as_view(kinds=kinds, part="zip"), name="job_zip"),
    ]
