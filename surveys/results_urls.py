"""The `survey_results` namespace (under /surveys/results/): a survey's results for its readers."""

from django.urls import path

from . import results_views as views

app_name = "survey_results"

urlpatterns = [
    path("<int:pk>/", views.ResultsView.as_view(), name="results"),
    path("<int:pk>/summary.pdf", views.ResultsPdfView.as_view(), name="pdf"),
    path("<int:pk>/answers.csv", views.AnswersExportView.as_view(kind="csv"), name="csv"),
    path("<int:pk>/answers.xlsx", views.AnswersExportView.as_view(kind="xlsx"), name="xlsx"),
]
