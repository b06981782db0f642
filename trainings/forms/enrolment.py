"""Enrolment forms: a person enrols themselves; a focal point enrols one of the company's people, or someone new by
e-mail."""

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from people.models import Organisation, User
from people.validators import validate_no_control_characters

from ..models import Cohort
from ..selectors.cohorts import cohorts_open
from ..selectors.company import company_people
from .layout import submit_helper


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
        self.helper = submit_helper(_("Enrol"))
        self.helper.form_id = "self-enrol-form"
        self.helper.form_action = reverse("trainings:cohort_enrol", args=[cohort.pk])


class _CompanyEnrolForm(forms.Form):
    cohort = forms.ModelChoiceField(label=_("Cohort"), queryset=Cohort.objects.none())

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["cohort"].queryset = cohorts_open(now=timezone.now())
        self.fields["cohort"].label_from_instance = lambda cohort: (
            f"{cohort.code} – {cohort.course.title} ({date_format(cohort.starts_on, 'SHORT_DATE_FORMAT')})"
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
        self.helper = submit_helper(_("Enrol this person"))
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
        self.helper = submit_helper(_("Enrol and invite"))
        self.helper.form_id = "enrol-new-form"
        self.helper.form_action = reverse("trainings:company_enrol_new", args=[self.organisation.pk])
