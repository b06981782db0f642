from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("", views.MyCertificatesView.as_view(), name="mine"),
    path("verify/", views.VerifyFormView.as_view(), name="verify"),
    path("verify/<str:code>/", views.VerifyCodeView.as_view(), name="verify_code"),
    path("<str:code>/pdf/", views.CertificatePdfView.as_view(), name="pdf"),
]
