from django.urls import path

from . import programme_views as views

app_name = "forum_programme"

urlpatterns = [
    path("<slug:slug>/programme/", views.ProgrammeView.as_view(), name="programme"),
    path("<slug:slug>/programme.ics", views.ProgrammeCalendarView.as_view(), name="programme_ics"),
    path("<slug:slug>/programme.pdf", views.ProgrammeBookletView.as_view(), name="programme_pdf"),
    path("<slug:slug>/programme/sessions/<int:pk>/", views.SessionDetailView.as_view(), name="session"),
    path("<slug:slug>/my-agenda/", views.MyAgendaView.as_view(), name="my_agenda"),
    path("<slug:slug>/my-agenda.pdf", views.AgendaPdfView.as_view(), name="my_agenda_pdf"),
    path("<slug:slug>/my-agenda/<str:token>.ics", views.AgendaCalendarView.as_view(), name="my_agenda_ics"),
]
