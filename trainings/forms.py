from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people import inputs
from people.models import Organisation, User
from people.validators import validate_no_control_characters

from .models import Cohort, Course, Enrollment, TrainingSession
from .selectors.cohorts import cohorts_open
from .selectors.company import company_people


def _helper(label, css_class: str = "btn-primary") -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label, css_class=css_class))
    return helper


class LocalDateTimeInput(forms.DateTimeInput):
    """A native date-and-time picker, in the site's time zone."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


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
        self.helper = _helper(_("Save course"))

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
        self.helper = _helper(_("Save cohort"))

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        return data


class TrainingSessionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        formfield_callback = inputs.formfield
        fields = ["topic", "starts_at", "ends_at", "room"]
        widgets = {"starts_at": LocalDateTimeInput(), "ends_at": LocalDateTimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].help_text = _("Local time (%(zone)s).") % {"zone": settings.TIME_ZONE}
        self.helper = _helper(_("Save session"))

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("A session must end after it starts."))
        return data


class SelfEnrolForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Your company"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("None: I enrol for myself"),
        help_text=_("If you name a company, its focal point confirms that you work there."),
    )

    def __init__(self, *args, cohort: Cohort, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.is_authenticated and "organisation" not in self.initial:
            membership = user.memberships.order_by("-status", "-created_at").first()
            if membership is not None:
                self.initial["organisation"] = membership.organisation_id
        self.helper = _helper(_("Enrol"))
        self.helper.form_id = "self-enrol-form"
        self.helper.form_action = reverse("trainings:cohort_enrol", args=[cohort.pk])


class _CompanyEnrolForm(forms.Form):
    cohort = forms.ModelChoiceField(label=_("Cohort"), queryset=Cohort.objects.none())

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["cohort"].queryset = cohorts_open(now=timezone.now())
        self.fields["cohort"].label_from_instance = lambda cohort: (
            f"{cohort.code} – {cohort.course.title} ({cohort.starts_on:%d/%m/%Y})"
        )


class EnrolMemberForm(_CompanyEnrolForm):
    prefix = "member"
    user = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())

    field_order = ["user", "cohort"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = company_people(organisation=self.organisation).order_by(
            "family_name", "given_name", "email"
        )
        self.fields["user"].label_from_instance = lambda user: f"{user} ({user.email})"
        self.helper = _helper(_("Enrol this person"))
        self.helper.form_id = "enrol-member-form"
        self.helper.form_action = reverse("trainings:company_enrol_member", args=[self.organisation.pk])


class EnrolNewPersonForm(_CompanyEnrolForm):
    prefix = "new"
    given_name = forms.CharField(label=_("Given name"), max_length=100, validators=[validate_no_control_characters])
    family_name = forms.CharField(
        label=_("Family name"), max_length=100, required=False, validators=[validate_no_control_characters]
    )
    email = forms.EmailField(label=_("E-mail address"))
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE
    )

    field_order = ["given_name", "family_name", "email", "language", "cohort"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Enrol and invite"))
        self.helper.form_id = "enrol-new-form"
        self.helper.form_action = reverse("trainings:company_enrol_new", args=[self.organisation.pk])


class ScoresForm(forms.Form):
    """One score field per enrolment of a cohort (`score_<id>`)."""

    def __init__(self, *args, enrollments: list[Enrollment], **kwargs):
        super().__init__(*args, **kwargs)
        self.enrollment_ids = []
        for enrollment in enrollments:
            if enrollment.status == Enrollment.Status.WITHDRAWN:
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
