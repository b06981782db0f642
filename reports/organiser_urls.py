"""The organiser console's own pages (namespace `organiser`): the dashboard, the organisations directory and the
programme reports. The domain apps mount their organiser pages beside these (config/urls.py)."""

from django.urls import include, path

from documents.urls import job_pages
from people import views as people_views

from .jobs import PROGRAMME
from .views import dashboard, reports

app_name = "organiser"

# A report's generations: documents' job pages (progress, the PDF and the XLSX), in the namespace
# organiser:report_jobs (reports.views.reports.JOBS).
REPORT_JOBS = job_pages(
    "",
    kinds=(PROGRAMME,),
    list_template="reports/jobs/list.html",
    detail_template="reports/jobs/detail.html",
    download="programme-report",
    parts=("pdf", "xlsx"),
)

urlpatterns = [
    path("", dashboard.DashboardView.as_view(), name="index"),
    path("organisations/", people_views.OrganisationListView.as_view(), name="organisations"),
    path("organisations/<int:pk>/", people_views.OrganisationDetailView.as_view(), name="organisation"),
    path("reports/", reports.ReportListView.as_view(), name="reports"),
    path("reports/<int:pk>/", reports.ReportDetailView.as_view(), name="report"),
    path("reports/<int:pk>/regenerate/", reports.ReportRegenerateView.as_view(), name="report_regenerate"),
    path("reports/generations/", include((REPORT_JOBS, "report_jobs"))),
]
