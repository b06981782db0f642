from django.urls import path

from . import certificate_views
from . import organiser_views as views

app_name = "forum_organiser"

urlpatterns = [
    path("", views.EditionListView.as_view(), name="editions"),
    path("new/", views.EditionCreateView.as_view(), name="edition_create"),
    path("<slug:slug>/", views.EditionDetailView.as_view(), name="edition"),
    path("<slug:slug>/edit/", views.EditionUpdateView.as_view(), name="edition_edit"),
    path("<slug:slug>/publish/", views.EditionPublishView.as_view(), name="edition_publish"),
    path("<slug:slug>/quotas/", views.QuotaView.as_view(), name="edition_quotas"),
    path("<slug:slug>/quotas/<int:pk>/delete/", views.QuotaDeleteView.as_view(), name="quota_delete"),
    path("<slug:slug>/policies/", views.PolicyView.as_view(), name="edition_policies"),
    path(
        "<slug:slug>/certificates/",
        certificate_views.ParticipationCertificatesView.as_view(),
        name="certificates",
    ),
    path(
        "<slug:slug>/certificates/speakers/",
        certificate_views.SpeakerCertificatesView.as_view(),
        name="certificates_speakers",
    ),
    path("<slug:slug>/registrations/", views.RegistrationListView.as_view(), name="registrations"),
    path("<slug:slug>/registrations/bulk/", views.RegistrationBulkView.as_view(), name="registrations_bulk"),
    path(
        "<slug:slug>/registrations/export.<str:fmt>",
        views.RegistrationExportView.as_view(),
        name="registrations_export",
    ),
    path("<slug:slug>/registrations/visa-export.<str:fmt>", views.VisaExportView.as_view(), name="visa_export"),
    path("<slug:slug>/registrations/<int:pk>/", views.RegistrationDetailView.as_view(), name="registration"),
    path(
        "<slug:slug>/registrations/<int:pk>/visa-review/",
        views.VisaReviewView.as_view(),
        name="visa_review",
    ),
    path(
        "<slug:slug>/registrations/<int:pk>/visa-letter.pdf",
        views.OrganiserVisaLetterView.as_view(),
        name="registration_visa_letter",
    ),
]
