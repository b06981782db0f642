from django.urls import path

from . import views

app_name = "organiser"

urlpatterns = [
    path("", views.OrganiserHomeView.as_view(), name="index"),
    path("organisations/", views.OrganisationListView.as_view(), name="organisations"),
    path("organisations/<int:pk>/", views.OrganisationDetailView.as_view(), name="organisation"),
]
