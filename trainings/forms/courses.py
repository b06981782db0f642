"""The organiser's forms: courses, cohorts, sessions, and the assessment scores of a cohort's enrolments."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from people import inputs
from people.dates import time_zone_label
from people.models import User

from ..models import Cohort, Course, Enrollment, TrainingSession
from .layout import LocalDateTimeInput, submit_helper


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        formfield_callback = inputs.formfield
        fields = [
            "title_en",
            "title_km",
            "summary_en",
            "summary_km",
            "outcomes_en",
            "outcomes_km",
            "hours",
            "guideline_version",
            "min_attendance_percent",
            "late_counts_as_attended",
            "excused_excluded",
            "has_assessment",
            "pass_mark",
            "attendance_lock_days",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in ("summary_en", "summary_km")} | {
            name: forms.Textarea(attrs={"rows": 4}) for name in ("outcomes_en", "outcomes_km")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(_("Save course"))

    def clean(self):
        data = super().clean()
        if data.get("has_assessment") and data.get("pass_mark") is None:
            self.add_error("pass_mark", _("Give the pass mark of the assessment."))
        if not data.get("has_assessment") and data.get("pass_mark") is not None:
            self.add_error("pass_mark", _("A pass mark needs an assessment: tick “has an assessment” or clear it."))
        return data


class CohortForm(forms.ModelForm):
    trainers = inputs.ModelMultipleChoiceField(
        label=_("Trainers"),
        queryset=User.objects.filter(is_active=True).order_by("family_name", "given_name", "email"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Trainers see the cohort's sessions and take the roll-call."),
    )

    class Meta:
        model = Cohort
        formfield_callback = inputs.formfield
        fields = [
            "course",
            "code",
            "starts_on",
            "ends_on",
            "venue",
            "online_url",
            "language",
            "capacity",
            "is_open_for_enrolment",
            "enrolment_closes_at",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "enrolment_closes_at": LocalDateTimeInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["trainers"].initial = list(self.instance.trainers.all())
        self.helper = submit_helper(_("Save cohort"))


class TrainingSessionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        formfield_callback = inputs.formfield
        fields = ["topic", "starts_at", "ends_at", "room"]
        widgets = {"starts_at": LocalDateTimeInput(), "ends_at": LocalDateTimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].help_text = _("Local time (%(zone)s).") % {"zone": time_zone_label(settings.TIME_ZONE)}
        self.helper = submit_helper(_("Save session"))


class ScoresForm(forms.Form):
    """One score field per enrolment of a cohort that holds a place (`score_<id>`)."""

    def __init__(self, *args, enrollments: list[Enrollment], **kwargs):
        super().__init__(*args, **kwargs)
        self.enrollment_ids = []
        for enrollment in enrollments:
            if not enrollment.holds_place:  # a withdrawn enrolment has no score to give
                continue
            name = f"score_{enrollment.pk}"
            self.fields[name] = forms.IntegerField(
                label=_("Score of %(name)s") % {"name": enrollment.user},
                min_value=0,
                max_value=100,
                required=False,
                initial=enrollment.assessment_score,
                widget=forms.NumberInput(attrs={"class": "form-control score-input", "inputmode": "numeric"}),
            )
            enrollment.score_field = self[name]
            self.enrollment_ids.append(enrollment.pk)

    def scores(self) -> dict[int, int | None]:
        return {pk: self.cleaned_data.get(f"score_{pk}") for pk in self.enrollment_ids}
