from django.urls import include, path

from . import views

app_name = "trainings"

urlpatterns = [
    path("", views.CatalogueView.as_view(), name="catalogue"),
    path("cohorts/<int:pk>/", views.CohortDetailView.as_view(), name="cohort"),
    path("cohorts/<int:pk>/enrol/", views.CohortEnrolView.as_view(), name="cohort_enrol"),
    path("cohorts/<int:pk>/withdraw/", views.CohortWithdrawView.as_view(), name="cohort_withdraw"),
    path("my-sessions/", views.MySessionsView.as_view(), name="my_sessions"),
    path("my-company/", views.MyCompanyView.as_view(), name="my_company"),
    path("company/<int:org_id>/", views.CompanyView.as_view(), name="company"),
    path("company/<int:org_id>/enrol/", views.CompanyEnrolMemberView.as_view(), name="company_enrol_member"),
    path("company/<int:org_id>/invite/", views.CompanyEnrolNewView.as_view(), name="company_enrol_new"),
    path(
        "company/<int:org_id>/members/<int:membership_id>/confirm/",
        views.CompanyMembershipConfirmView.as_view(),
        name="company_membership_confirm",
    ),
    path(
        "company/<int:org_id>/enrolments/<int:enrollment_id>/withdraw/",
        views.CompanyWithdrawView.as_view(),
        name="company_withdraw",
    ),
    path("invitation/<str:token>/", views.InvitationView.as_view(), name="invitation"),
    path("", include("trainings.attendance_urls")),
]
