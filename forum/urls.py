from django.urls import path

from . import views

app_name = "forum"

urlpatterns = [
    path("", views.EditionListView.as_view(), name="edition_list"),
    path("<slug:slug>/", views.EditionDetailView.as_view(), name="edition"),
    path("<slug:slug>/register/", views.RegisterView.as_view(), name="register"),
    path("<slug:slug>/registration/", views.RegistrationDetailView.as_view(), name="registration"),
    path("<slug:slug>/registration/edit/", views.RegistrationEditView.as_view(), name="registration_edit"),
    path("<slug:slug>/registration/cancel/", views.RegistrationCancelView.as_view(), name="registration_cancel"),
]
