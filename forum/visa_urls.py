from django.urls import path

from .visa import DelegateVisaLetterView

app_name = "forum_visa"

urlpatterns = [
    path("<slug:slug>/registration/visa-letter.pdf", DelegateVisaLetterView.as_view(), name="letter"),
]
