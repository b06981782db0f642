"""The organiser console's own pages (namespace `organiser`): the dashboard, the organisations directory and the
programme reports. The domain apps mount their organiser pages beside these (config/urls.py)."""

from django.urls import path

from people import views as people_views

from .views import dashboard

app_name = "organiser"

urlpatterns = [
    path("", dashboard.DashboardView.as_view(), name="index"),
    path("organisations/", people_views.OrganisationListView.as_view(), name="organisations"),
    path("organisations/<int:pk>/", people_views.OrganisationDetailView.as_view(), name="organisation"),
]
