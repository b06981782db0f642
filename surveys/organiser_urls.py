"""The `surveys_organiser` namespace: the organiser console's survey pages (under /organiser/surveys/)."""

from django.urls import path

from . import organiser_views as views

app_name = "surveys_organiser"

urlpatterns = [
    path("", views.SurveyListView.as_view(), name="list"),
    path("new/", views.SurveyCreateView.as_view(), name="survey_create"),
    path("<int:pk>/", views.SurveyDetailView.as_view(), name="survey"),
    path("<int:pk>/delete/", views.SurveyDeleteView.as_view(), name="survey_delete"),
    path("questions/", views.QuestionListView.as_view(), name="questions"),
    path("questions/new/", views.QuestionFormView.as_view(), name="question_create"),
    path("questions/<int:pk>/edit/", views.QuestionFormView.as_view(), name="question_update"),
]
