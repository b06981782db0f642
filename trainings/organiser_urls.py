"""The `trainings_organiser` namespace: the organiser console's training pages (under /organiser/trainings/)."""

from django.urls import path

from .views import certificates, results
from .views import organiser as views

app_name = "trainings_organiser"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("courses/new/", views.CourseCreateView.as_view(), name="course_create"),
    path("courses/<int:pk>/edit/", views.CourseUpdateView.as_view(), name="course_update"),
    path("courses/<int:pk>/delete/", views.CourseDeleteView.as_view(), name="course_delete"),
    path("courses/<int:pk>/results/", results.CourseResultsView.as_view(), name="course_results"),
    path("courses/<int:pk>/tests/<str:kind>/", results.AssessmentSettingsView.as_view(), name="assessment_settings"),
    path("cohorts/new/", views.CohortCreateView.as_view(), name="cohort_create"),
    path("cohorts/<int:pk>/", views.CohortView.as_view(), name="cohort"),
    path("cohorts/<int:pk>/edit/", views.CohortUpdateView.as_view(), name="cohort_update"),
    path("cohorts/<int:pk>/delete/", views.CohortDeleteView.as_view(), name="cohort_delete"),
    path("cohorts/<int:pk>/sessions/new/", views.SessionCreateView.as_view(), name="session_create"),
    path("cohorts/<int:pk>/scores/", views.ScoresView.as_view(), name="scores"),
    path("cohorts/<int:pk>/decide/", views.DecideView.as_view(), name="decide"),
    path(
        "cohorts/<int:pk>/certificates/",
        certificates.CohortCertificatesView.as_view(),
        name="cohort_certificates",
    ),
    path("sessions/<int:pk>/edit/", views.SessionUpdateView.as_view(), name="session_update"),
    path("sessions/<int:pk>/delete/", views.SessionDeleteView.as_view(), name="session_delete"),
    path("enrolments/<int:pk>/withdraw/", views.EnrollmentWithdrawView.as_view(), name="enrollment_withdraw"),
]
