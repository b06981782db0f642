from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from people.forms import OrganisationChoiceMixin
from people.inputs import CountryChoiceField
from people.layout import form_helper
from people.validators import validate_no_control_characters
from people.widgets import LongSelect

from ..models import PolicyDocument, Registration, VisaRequest, YouthDetails


def _model_field(model, name: str, **kwargs):
    return model._meta.get_field(name).formfield(**kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class RegistrationForm(OrganisationChoiceMixin, forms.Form):
    """What the forum needs to know, and nothing more. Names come from the profile."""

    category = _model_field(Registration, "category")
    position = _model_field(Registration, "position")
    country = _model_field(
        Registration,
        "country",
        label=_("Country you represent"),
        widget=LongSelect,
        choices_form_class=CountryChoiceField,
    )
    is_youth = forms.BooleanField(label=_("I will be under 18 on the forum's first day"), required=False)
    dietary_needs = _model_field(Registration, "dietary_needs")
    accessibility_needs = _model_field(Registration, "accessibility_needs")
    photo_consent = forms.BooleanField(label=_("I agree to be photographed and filmed at the forum"), required=False)
    agree_code_of_conduct = forms.BooleanField(label=_("I agree to the code of conduct"))
    agree_privacy = forms.BooleanField(label=_("I have read the privacy notice"))
    needs_visa_letter = forms.BooleanField(label=_("I need a visa invitation letter"), required=False)
    passport_name = _model_field(VisaRequest, "passport_name", required=False)
    nationality = _model_field(
        VisaRequest, "nationality", required=False, widget=LongSelect, choices_form_class=CountryChoiceField
    )
    passport_number = _model_field(VisaRequest, "passport_number", required=False)
    passport_expiry = _model_field(VisaRequest, "passport_expiry", required=False, widget=DateInput())
    # Youth delegates (forum.youth_services): seen by organisers only, never shown back to the delegate.
    date_of_birth = _model_field(YouthDetails, "date_of_birth", required=False, widget=DateInput())
    guardian_name = _model_field(YouthDetails, "guardian_name", required=False)
    guardian_relationship = _model_field(YouthDetails, "guardian_relationship", required=False)
    guardian_email = _model_field(YouthDetails, "guardian_email", required=False)
    guardian_phone = _model_field(YouthDetails, "guardian_phone", required=False)
    guardian_language = _model_field(YouthDetails, "guardian_language", required=False)
    chaperone_name = _model_field(YouthDetails, "chaperone_name", required=False)
    chaperone_phone = _model_field(YouthDetails, "chaperone_phone", required=False)
    chaperone_email = _model_field(YouthDetails, "chaperone_email", required=False)

    visa_field_names = ("passport_name", "nationality", "passport_number", "passport_expiry")
    youth_required = ("date_of_birth", "guardian_name", "guardian_relationship", "guardian_email", "guardian_phone")
    youth_field_names = (*youth_required, "guardian_language", "chaperone_name", "chaperone_phone", "chaperone_email")

    def __init__(
        self,
        *args,
        policies: dict[str, PolicyDocument | None],
        submit_label,
        youth_on_file: bool = False,
        current_category: str = "",
        fixed_country=None,
        fixed_organisation=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.policies = policies
        # A nominee's country and organisation come from their nomination (forum.services.registration): the fields
        # are left out and what holds is shown as text; the service would ignore posted values anyway.
        self.fixed_country, self.fixed_organisation = fixed_country, fixed_organisation
        if fixed_country:
            del self.fields["country"]
        if fixed_organisation is not None:
            del self.fields["organisation"], self.fields["new_organisation_name"]
        # Invited guests and organiser staff are added by organisers (forum.services.guests): a delegate does not
        # pick such a category, and one who has it keeps it.
        self.fields["category"].choices = [
            (value, label)
            for value, label in Registration.Category.choices
            if value not in Registration.SEATLESS_CATEGORIES or value == current_category
        ]
        self.fields["category"].required = True
        if "country" in self.fields:
            self.fields["country"].required = True
        for name in ("dietary_needs", "accessibility_needs"):
            self.fields[name].widget = forms.Textarea(attrs={"rows": 2, "maxlength": 300})
        # On an edit, what is on file is not shown again: empty fields keep it (on the GET and on the POST alike).
        self.youth_on_file = youth_on_file
        self.fields["guardian_language"].initial = "km"
        self.fields["guardian_email"].help_text = _("Your parent or guardian gets a link to consent. Not your own.")
        self.fields["chaperone_name"].help_text = _("An adult who travels with you. Needed before approval.")
        self.fields["chaperone_email"].help_text = _("If your chaperone is registered for the forum, use that e-mail.")
        self.fields["photo_consent"].help_text = _("For youth delegates, your parent or guardian decides.")
        for name in ("guardian_phone", "chaperone_phone"):
            self.fields[name].widget.input_type = "tel"
        if self.youth_on_file:
            self.fields["guardian_language"].choices = [("", _("Keep as it is")), *settings.LANGUAGES]
            self.fields["guardian_language"].initial = ""
            for name in self.youth_field_names:
                self.fields[name].help_text = _("Kept as it is when left empty. Fill in only to replace it.")
        code = policies.get(PolicyDocument.Kind.CODE_OF_CONDUCT)
        privacy = policies.get(PolicyDocument.Kind.PRIVACY)
        if code:
            self.fields["agree_code_of_conduct"].label = _("I agree to the code of conduct (version %(version)s)") % {
                "version": code.version
            }
        if privacy:
            self.fields["agree_privacy"].label = _("I have read the privacy notice (version %(version)s)") % {
                "version": privacy.version
            }
        self.helper = form_helper(submit_label)
        self.helper.layout = Layout(
            Fieldset(
                _("You and your organisation"),
                *self._you_and_your_organisation(),
                "is_youth",
                Div(
                    HTML('{% include "forum/youth/_form_intro.html" %}'),
                    *self.youth_field_names,
                    css_id="youth-fields",
                    css_class="forum-youth-fields",
                ),
            ),
            Fieldset(_("At the forum"), "dietary_needs", "accessibility_needs", "photo_consent"),
            Fieldset(
                _("Visa"),
                "needs_visa_letter",
                Div(*self.visa_field_names, css_id="visa-fields", css_class="forum-visa-fields"),
            ),
            Fieldset(
                _("Agreements"),
                HTML('{% include "forum/_policies.html" %}'),
                "agree_code_of_conduct",
                "agree_privacy",
            ),
        )

    def _you_and_your_organisation(self) -> list:
        fixed = []
        if self.fixed_country or self.fixed_organisation is not None:
            fixed = [HTML('{% include "forum/invitation/_fixed_fields.html" %}')]
        names = ["category", "organisation", "new_organisation_name", "position", "country"]
        return [*fixed, *(name for name in names if name in self.fields)]

    def clean(self):
        data = super().clean()
        if self.fixed_organisation is not None:
            data["organisation"], data["new_organisation_name"] = self.fixed_organisation, ""
        if self.fixed_country:
            data["country"] = self.fixed_country
        if not data.get("organisation") and not data.get("new_organisation_name"):
            self.add_error("organisation", _("Choose your organisation from the directory or type its name."))
        if data.get("needs_visa_letter"):
            for name in self.visa_field_names:
                if not data.get(name):
                    self.add_error(name, _("Needed for the visa invitation letter."))
        if data.get("is_youth") and not self.youth_on_file:
            for name in self.youth_required:
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Needed for a youth delegate."))
        if data.get("is_youth") and bool(data.get("chaperone_name")) != bool(data.get("chaperone_phone")):
            missing = "chaperone_phone" if data.get("chaperone_name") else "chaperone_name"
            self.add_error(missing, _("Give the chaperone's name and phone."))
        return data

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "category": data["category"],
            "organisation": data.get("organisation"),
            "new_organisation_name": data.get("new_organisation_name", ""),
            "position": data.get("position", ""),
            "country": data["country"],
            "is_youth": data.get("is_youth", False),
            "dietary_needs": data.get("dietary_needs", ""),
            "accessibility_needs": data.get("accessibility_needs", ""),
            "photo_consent": data.get("photo_consent", False),
            "needs_visa_letter": data.get("needs_visa_letter", False),
            "code_of_conduct": self.policies.get(PolicyDocument.Kind.CODE_OF_CONDUCT),
            "privacy_notice": self.policies.get(PolicyDocument.Kind.PRIVACY),
            "youth": self.youth_data(),
        }

    def youth_data(self) -> dict | None:
        if not self.cleaned_data.get("is_youth"):
            return None
        return {name: self.cleaned_data.get(name) for name in self.youth_field_names}

    def visa_data(self) -> dict | None:
        if not self.cleaned_data.get("needs_visa_letter"):
            return None
        return {name: self.cleaned_data.get(name) for name in self.visa_field_names}

    @classmethod
    def initial_from(cls, registration: Registration) -> dict:
        initial = {
            "category": registration.category,
            "organisation": registration.organisation_id,
            "position": registration.position,
            "country": registration.country,
            "is_youth": registration.is_youth,
            "dietary_needs": registration.dietary_needs,
            "accessibility_needs": registration.accessibility_needs,
            "photo_consent": registration.photo_consent,
            "needs_visa_letter": registration.needs_visa_letter,
            "agree_code_of_conduct": True,
            "agree_privacy": True,
        }
        visa = getattr(registration, "visa_request", None)
        if visa is not None:
            initial.update(
                passport_name=visa.passport_name,
                nationality=visa.nationality,
                passport_number=visa.passport_number,
                passport_expiry=visa.passport_expiry,
            )
        return initial


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you cancelling? (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[validate_no_control_characters],
    )
