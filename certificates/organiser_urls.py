from django.urls import path

from documents import views as jobs
from documents.urls import job_pages

from . import organiser_views as views
from .jobs import DELIVER, KINDS, PRINT

app_name = "certificates_organiser"

# Print and e-mail jobs: documents' job pages, shown for certificates' kinds (certificates.jobs).
JOB_LIST = "certificates/print/job_list.html"
JOB_DETAIL = "certificates/print/job_detail.html"
START = {"ids_field": "certificate", "back_url_name": "list"}

urlpatterns = [
    path("", views.CertificateListView.as_view(), name="list"),
    path("<int:pk>/", views.CertificateDetailView.as_view(), name="detail"),
    path("<int:pk>/revoke/", views.CertificateRevokeView.as_view(), name="revoke"),
    path("<int:pk>/reissue/", views.CertificateReissueView.as_view(), name="reissue"),
    path("<int:pk>/pdf/", views.CertificateOrganiserPdfView.as_view(), name="pdf"),
    path("templates/", views.TemplateListView.as_view(), name="templates"),
    path("templates/new/", views.TemplateCreateView.as_view(), name="template_create"),
    path("templates/<int:pk>/edit/", views.TemplateEditView.as_view(), name="template_edit"),
    path("versions/<int:pk>/preview.pdf", views.VersionPreviewView.as_view(), name="version_preview"),
    path("signatories/", views.SignatoryListView.as_view(), name="signatories"),
    path("signatories/new/", views.SignatoryCreateView.as_view(), name="signatory_create"),
    path("print/", jobs.JobStartView.as_view(kind=PRINT, **START), name="print_start"),
    path("deliver/", jobs.JobStartView.as_view(kind=DELIVER, **START), name="deliver_start"),
    *job_pages("jobs/", kinds=KINDS, list_template=JOB_LIST, detail_template=JOB_DETAIL, download="certificates"),
]
