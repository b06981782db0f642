"""A person's own data (download, erasure) under /accounts/, and the organisers' privacy pages (what past editions
will lose when, the log of personal data revealed in bulk) under /organiser/privacy/."""

from django.urls import path

from .views import erasure, organiser, own_data

app_name = "privacy"

urlpatterns = [
    path("data/", own_data.OwnDataView.as_view(), name="data"),
    path("erase/", erasure.EraseView.as_view(), name="erase"),
]

organiser_urlpatterns = [
    path("", organiser.RetentionView.as_view(), name="retention"),
    path("log/", organiser.AccessLogView.as_view(), name="log"),
]
