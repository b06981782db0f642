"""The survey builder's forms: a question of the library, and a survey (its subject, wording, window, questions)."""

from __future__ import annotations

from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from people.layout import form_helper

from .builder import MAX_OPTIONS
from .models import Survey, SurveyQuestion


class QuestionForm(forms.ModelForm):
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "For a choice question: one option a line, from 2 to %(max)s; its Khmer wording after a vertical bar "
            "(Very useful | មានប្រយោជន៍ណាស់)."
        )
        % {"max": MAX_OPTIONS},
    )

    class Meta:
        model = SurveyQuestion
        fields = ["kind", "text_en", "text_km", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["options"] = "\n".join(
                f"{option.text_en} | {option.text_km}" if option.text_km else option.text_en
                for option in self.instance.options.order_by("position")
            )
        self.helper = form_helper(_("Save the question"))

    def clean_options(self) -> list[tuple[str, str]]:
        pairs = []
        for line in self.cleaned_data["options"].splitlines():
            en, _bar, km = line.partition("|")
            if en.strip() or km.strip():
                pairs.append((en.strip(), km.strip()))
        return pairs


class SurveyForm(forms.ModelForm):
    """A survey; each offered question has a position (blank: not in the survey) and a "required" box."""

    subject = forms.ChoiceField(label=_("About"))

    class Meta:
        model = Survey
        fields = ["title_en", "title_km", "intro_en", "intro_km", "is_anonymous", "open_days", "reminder_after_days"]
        widgets = {"intro_en": forms.Textarea(attrs={"rows": 3}), "intro_km": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, subjects, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.fields["subject"].choices = [("", "—"), *subjects]
        for question in self.questions:
            self.fields[f"pos_{question.pk}"] = forms.IntegerField(
                label=_("Position"), required=False, min_value=1, max_value=99
            )
            self.fields[f"req_{question.pk}"] = forms.BooleanField(label=_("Required"), required=False)
        self.helper = form_helper()
        self.helper.form_tag = False
        # The questions' fields are laid out by the template's table, not by crispy.
        self.helper.layout = Layout("subject", *self._meta.fields)

    def rows(self):
        """(question, its position field, its required field), for the template's table."""
        return [(q, self[f"pos_{q.pk}"], self[f"req_{q.pk}"]) for q in self.questions]

    def builder_arguments(self) -> dict:
        data = self.cleaned_data
        chosen = sorted(
            (data[f"pos_{q.pk}"], number, q.pk)
            for number, q in enumerate(self.questions)
            if data.get(f"pos_{q.pk}") is not None
        )
        kind, _colon, pk = data["subject"].rpartition(":")
        arguments = {name: data[name] for name in self._meta.fields}
        arguments.update(
            subject_kind=kind,
            subject_id=int(pk),
            question_ids=[pk for _pos, _n, pk in chosen],
            required_ids=[q.pk for q in self.questions if data.get(f"req_{q.pk}")],
        )
        return arguments
