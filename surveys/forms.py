"""The answering form: one field per question of the survey, in its order (a rating as five radio buttons with
words, a choice as radio buttons, a text as a text area)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from people.layout import form_helper

from .models import SurveyItem, SurveyQuestion
from .services import TEXT_MAX

RATING_WORDS = [
    (1, _("1 – Very poor")),
    (2, _("2 – Poor")),
    (3, _("3 – Fair")),
    (4, _("4 – Good")),
    (5, _("5 – Excellent")),
]


def field_name(item: SurveyItem) -> str:
    return f"item_{item.pk}"


def _field(item: SurveyItem) -> forms.Field:
    question = item.question
    common = {"label": question.text, "required": item.required}
    if question.kind == SurveyQuestion.Kind.TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=TEXT_MAX, **common)
    if question.kind == SurveyQuestion.Kind.RATING:
        choices = RATING_WORDS
    else:
        choices = [(option.pk, option.text) for option in question.options.all()]
    return forms.TypedChoiceField(choices=choices, coerce=int, widget=forms.RadioSelect, empty_value=None, **common)


class AnswerForm(forms.Form):
    """The survey's questions (items with their questions and options prefetched: no query here)."""

    def __init__(self, *args, items: list[SurveyItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[field_name(item)] = _field(item)
        self.helper = form_helper(_("Send my answers"))

    def answers(self) -> dict[int, object]:
        """{item id: the value given} for the service (response_submit validates again)."""
        return {item.pk: self.cleaned_data.get(field_name(item)) for item in self.items}

    def add_item_errors(self, errors: dict[int, str]) -> None:
        for item in self.items:
            if item.pk in errors:
                self.add_error(field_name(item), errors[item.pk])
