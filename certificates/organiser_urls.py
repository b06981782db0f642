from django.urls import include, path

from . import organiser_views as views

app_name = "certificates_organiser"

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
    path("", include("certificates.print_urls")),
]
