"""Youth delegates' URLs. `urlpatterns` (namespace forum_youth) under /forum/; `organiser_urlpatterns` (namespace
forum_youth_organiser) under /organiser/forum/. The consent token always holds a colon, so it never collides
with an edition's pages."""

from django.urls import path, re_path

from . import youth_views as views

app_name = "forum_youth"

urlpatterns = [
    re_path(r"^consent/(?P<token>[\w-]+:[\w:-]+)/$", views.ConsentView.as_view(), name="consent"),
    path("consent/answered/", views.ConsentDoneView.as_view(), name="consent_done"),
    path("<slug:slug>/registration/guardian-link/", views.DelegateResendView.as_view(), name="resend"),
]

organiser_urlpatterns = [
    path(
        "<slug:slug>/registrations/<int:pk>/youth/resend/",
        views.OrganiserResendView.as_view(),
        name="resend",
    ),
    path(
        "<slug:slug>/registrations/<int:pk>/youth/paper-consent/",
        views.PaperConsentView.as_view(),
        name="paper_consent",
    ),
    path(
        "<slug:slug>/registrations/<int:pk>/youth/consents/<int:consent_pk>/document/",
        views.ConsentDocumentView.as_view(),
        name="document",
    ),
]
