from django.urls import path

from . import programme_views as views

app_name = "forum_programme_organiser"

urlpatterns = [
    path("<slug:slug>/", views.EditorView.as_view(), name="editor"),
    path("<slug:slug>/rooms/", views.RoomsView.as_view(), name="rooms"),
    path("<slug:slug>/rooms/<int:pk>/", views.RoomEditView.as_view(), name="room"),
    path("<slug:slug>/sessions/new/", views.SessionCreateView.as_view(), name="session_new"),
    path("<slug:slug>/sessions/<int:pk>/", views.SessionEditView.as_view(), name="session"),
]
