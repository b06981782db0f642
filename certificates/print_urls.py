"""Print and delivery jobs, included from organiser_urls (names join the `certificates_organiser` namespace)."""

from django.urls import path

from . import print_views as views

urlpatterns = [
    path("print/", views.JobStartView.as_view(kind="print"), name="print_start"),
    path("deliver/", views.JobStartView.as_view(kind="deliver"), name="deliver_start"),
    path("jobs/", views.JobListView.as_view(), name="jobs"),
    path("jobs/<int:pk>/", views.JobDetailView.as_view(), name="job"),
    path("jobs/<int:pk>/status.json", views.JobStatusView.as_view(), name="job_status"),
    path("jobs/<int:pk>/retry/", views.JobRetryView.as_view(), name="job_retry"),
    path("jobs/<int:pk>/certificates.pdf", views.JobDownloadView.as_view(part="pdf"), name="job_pdf"),
    path("jobs/<int:pk>/certificates.zip", views.JobDownloadView.as_view(part="zip"), name="job_zip"),
]
