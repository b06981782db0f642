from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.totp import forms as totp_forms
from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from . import inputs
from .layout import form_helper
from .models import Organisation, User
from .reach import NOT_GIVEN, WHY_ASKED, AgeBand, Sex
from .validators import validate_no_control_characters, validate_printable_name
from .widgets import LongSelect


def _reach_choice(label, choices) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=[("", NOT_GIVEN), *choices], required=False, widget=forms.RadioSelect, help_text=WHY_ASKED
    )


class ReachQuestionsMixin(forms.Form):
    """The two optional questions of whom the programme reached (people.reach), as radio buttons whose first
    choice is "Not given", each in a fieldset whose legend is its label and which the reason describes.

    `ask_age_band=False` leaves the age band out: a youth delegate's follows from their date of birth."""

    sex = _reach_choice(_("Sex"), Sex.choices)
    age_band = _reach_choice(_("Age"), AgeBand.choices)

    def __init__(self, *args, ask_age_band: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not ask_age_band:
            del self.fields["age_band"]
        for name in ("sex", "age_band"):
            if name in self.fields and self.fields[name].initial is None and name not in self.initial:
                self.fields[name].initial = ""


class SignupForm(ReachQuestionsMixin, AllauthSignupForm):
    """allauth's signup with the two names a badge needs, and the two optional questions of whom we reach (asked
    here once: people.services.reach_answer_apply)."""

    given_name = forms.CharField(label=_("Given name"), max_length=100, validators=[validate_no_control_characters])
    family_name = forms.CharField(
        label=_("Family name"),
        max_length=100,
        required=False,
        validators=[validate_no_control_characters, validate_printable_name],
    )

    field_order = ["email", "given_name", "family_name", "password1", "password2", "sex", "age_band"]


class ReachQuestionForm(ReachQuestionsMixin):
    """The once-asked question of an account that has never been asked (templates/people/_reach_question.html
    writes its <form> with "Save" and "Not now": either way, it is never asked again)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class OrganisationChoiceMixin(forms.Form):
    """An organisation from the directory, or the name of a new one (organisers review it), not both."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name", "country"),
        required=False,
        help_text=_("Choose from the directory. If yours is missing, type its name below."),
        widget=LongSelect,
    )
    new_organisation_name = forms.CharField(
        label=_("New organisation"),
        max_length=200,
        required=False,
        validators=[validate_no_control_characters],
        help_text=_("Only if your organisation is not in the list; organisers will review it."),
    )

    def clean(self):
        data = super().clean()
        if data.get("new_organisation_name") and data.get("organisation"):
            self.add_error(
                "new_organisation_name", _("Choose an organisation from the list or type a new one, not both.")
            )
        return data


class ProfileForm(ReachQuestionsMixin, OrganisationChoiceMixin, forms.ModelForm):
    new_organisation_kind = forms.ChoiceField(
        label=_("Kind of the new organisation"),
        choices=[("", "---------"), *Organisation.Kind.choices],
        required=False,
    )

    class Meta:
        model = User
        formfield_callback = inputs.formfield
        fields = ["given_name", "family_name", "native_name", "language", "country", "position", "sex", "age_band"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_name"].required = True
        self.helper = form_helper(_("Save profile"))

    def clean(self):
        data = super().clean()
        if data.get("new_organisation_name") and not data.get("new_organisation_kind"):
            self.add_error("new_organisation_kind", _("Say what kind of organisation it is."))
        if data.get("new_organisation_name") and not data.get("country"):
            self.add_error("country", _("Give your country so that we can add your organisation."))
        return data


class OrganisationMergeForm(forms.Form):
    duplicate = forms.ModelChoiceField(
        label=_("Duplicate to remove"), queryset=Organisation.objects.order_by("name", "country")
    )
    keep = forms.ModelChoiceField(
        label=_("Organisation to keep"), queryset=Organisation.objects.order_by("name", "country")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Merge"), css_class="btn-danger")

    def clean(self):
        data = super().clean()
        if data.get("duplicate") and data.get("duplicate") == data.get("keep"):
            raise forms.ValidationError(_("Choose two different organisations."))
        return data


class MembershipActionForm(forms.Form):
    ACTIONS = ["review", "confirm", "focal_point", "not_focal_point", "remove"]

    action = forms.ChoiceField(choices=[(action, action) for action in ACTIONS])
    membership = forms.IntegerField(required=False, min_value=1)

    def clean(self):
        data = super().clean()
        if data.get("action") not in (None, "review") and not data.get("membership"):
            raise forms.ValidationError(_("Choose a member."))
        return data


class _NumericCode:
    """A two-factor code (six digits, or an eight-digit recovery code): phones open their number keypad."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(inputmode="numeric", autocomplete="one-time-code")


class AuthenticateForm(_NumericCode, mfa_forms.AuthenticateForm):
    pass


class ReauthenticateForm(_NumericCode, mfa_forms.ReauthenticateForm):
    pass


class ActivateTOTPForm(_NumericCode, totp_forms.ActivateTOTPForm):
    pass
