"""The roll-call and self check-in (included by trainings/urls.py, in the `trainings` namespace)."""

from django.urls import path

from . import attendance_views as views

urlpatterns = [
    path("sessions/<int:pk>/attendance/", views.RollCallView.as_view(), name="attendance"),
    path("sessions/<int:pk>/attendance/marks/", views.RollCallMarksView.as_view(), name="attendance_marks"),
    path("sessions/<int:pk>/attendance/mark/", views.RollCallFormMarkView.as_view(), name="attendance_mark"),
    path("sessions/<int:pk>/attendance/check-in-code/", views.CheckInCodeView.as_view(), name="attendance_code"),
    path("sessions/<int:pk>/attendance/history/", views.HistoryView.as_view(), name="attendance_history"),
    path("sessions/<int:pk>/attendance/unlock/", views.UnlockView.as_view(), name="attendance_unlock"),
    path("sessions/<int:pk>/attendance/lock/", views.RelockView.as_view(), name="attendance_relock"),
    path("sessions/<int:pk>/attendance/sheet.pdf", views.SheetView.as_view(), name="attendance_sheet"),
    path("cohorts/<int:pk>/attendance.csv", views.CohortExportView.as_view(kind="csv"), name="attendance_csv"),
    path("cohorts/<int:pk>/attendance.xlsx", views.CohortExportView.as_view(kind="xlsx"), name="attendance_xlsx"),
    path("check-in/", views.CheckInView.as_view(), name="checkin"),
    path("check-in/<str:code>/", views.CheckInLinkView.as_view(), name="checkin_link"),
]
