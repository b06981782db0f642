"""The safeguarding route (namespace `safeguarding`, under /safeguarding/): reporting a concern and its follow-up
(anyone, no account), the officers' cases; and (namespace `safeguarding_organiser`, under /organiser/safeguarding/)
what organisers decide: officers, emergency numbers, retention. Organisers never reach a case."""

from django.urls import path

from .views import cases, organiser, report

app_name = "safeguarding"

urlpatterns = [
    path("report/", report.ReportView.as_view(), name="report"),
    path("follow-up/<str:token>/", report.FollowUpView.as_view(), name="follow_up"),
    path("cases/", cases.CaseListView.as_view(), name="cases"),
    path("cases/<int:pk>/", cases.CaseDetailView.as_view(), name="case"),
    path("cases/<int:pk>/status/", cases.CaseStatusView.as_view(), name="case_status"),
    path("cases/<int:pk>/owner/", cases.CaseOwnerView.as_view(), name="case_owner"),
    path("cases/<int:pk>/entries/", cases.CaseEntryView.as_view(), name="case_entry"),
    path("cases/<int:pk>/entries/<int:entry>/done/", cases.ActionDoneView.as_view(), name="action_done"),
    path(
        "cases/<int:pk>/attachments/<int:attachment>/",
        cases.AttachmentView.as_view(),
        name="case_attachment",
    ),
    path("log/", cases.AccessLogView.as_view(), name="log"),
]

organiser_urlpatterns = [
    path("", organiser.SafeguardingSettingsView.as_view(), name="settings"),
    path("officers/<int:pk>/remove/", organiser.OfficerRemoveView.as_view(), name="officer_remove"),
    path("contacts/", organiser.ContactsView.as_view(), name="contacts"),
]
