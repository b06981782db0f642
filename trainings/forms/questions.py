"""The question bank's forms (a question and its answers, a formset of one card per answer that works on a phone)
and the test settings' form. The rules on right answers live in services.questions (choices_checked): the page
shows its refusals in the form's error summary."""

from django import forms
from django.utils.translation import gettext_lazy as _

from people import inputs

from ..models import Assessment, Question
from ..services.questions import ASSESSMENT_FIELDS, MAX_CHOICES, ChoiceData
from .layout import submit_helper

# Rows offered for answers: four to start with, one more than there are when editing (up to the maximum).
START_ROWS = 4


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of question"),
        choices=Question.Kind.choices,
        widget=forms.RadioSelect,
        initial=Question.Kind.SINGLE,
        help_text=_("True or false: write the answers “True” and “False” (Khmer: ពិត, មិនពិត) and tick the right one."),
    )
    text_en = forms.CharField(label=_("Question (English)"), widget=forms.Textarea(attrs={"rows": 3}))
    text_km = forms.CharField(
        label=_("Question (Khmer)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "lang": "km"}),
        help_text=_("Optional: Khmer readers see the English text when it is empty."),
    )
    explanation_en = forms.CharField(
        label=_("Explanation (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown with the right answer once the attempt is submitted."),
    )
    explanation_km = forms.CharField(
        label=_("Explanation (Khmer)"), required=False, widget=forms.Textarea(attrs={"rows": 3, "lang": "km"})
    )

    def __init__(self, *args, kind_fixed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if kind_fixed:
            self.fields["kind"].disabled = True
            self.fields["kind"].help_text = _("This question has been answered: its kind can no longer change.")
        self.helper = submit_helper(None)
        self.helper.form_tag = False


class ChoiceForm(forms.Form):
    text_en = forms.CharField(label=_("Answer (English)"), max_length=500, required=False)
    text_km = forms.CharField(
        label=_("Answer (Khmer)"), max_length=500, required=False, widget=forms.TextInput(attrs={"lang": "km"})
    )
    is_correct = forms.BooleanField(label=_("This answer is right"), required=False)

    def clean(self):
        data = super().clean()
        if (data.get("text_km") or data.get("is_correct")) and not data.get("text_en"):
            self.add_error("text_en", _("Write this answer in English, or clear the row."))
        return data


ChoiceFormSet = forms.formset_factory(ChoiceForm, extra=0, max_num=MAX_CHOICES, absolute_max=MAX_CHOICES)


def choice_formset(data=None, *, initial: list[dict] | None = None) -> forms.BaseFormSet:
    """The answers' formset: the given answers, then empty rows up to START_ROWS (one at least, up to the maximum)."""
    initial = initial or []
    rows = min(MAX_CHOICES, max(START_ROWS, len(initial) + 1))
    formset = ChoiceFormSet(data, initial=initial, prefix="choices")
    formset.extra = rows - len(initial)
    return formset


def choices_given(formset) -> list[ChoiceData]:
    """The rows written in (empty rows left out), in order."""
    return [
        ChoiceData(text_en=row["text_en"], text_km=row["text_km"], is_correct=row["is_correct"])
        for row in (form.cleaned_data for form in formset.forms)
        if row and (row.get("text_en") or row.get("text_km"))
    ]


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        formfield_callback = inputs.formfield
        fields = list(ASSESSMENT_FIELDS)

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        if kind == Assessment.Kind.PRE:
            del self.fields["closes_after_days"]
        self.helper = submit_helper(_("Save the test"))
