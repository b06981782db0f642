from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.totp import forms as totp_forms
from django import forms
from django.utils.translation import gettext_lazy as _

from . import inputs
from .layout import form_helper
from .models import Organisation, User
from .validators import validate_no_control_characters, validate_printable_name


class SignupForm(AllauthSignupForm):
    """allauth's signup with the two names a badge needs."""

    given_name = forms.CharField(label=_("Given name"), max_length=100, validators=[validate_no_control_characters])
    family_name = forms.CharField(
        label=_("Family name"),
        max_length=100,
        required=False,
        validators=[validate_no_control_characters, validate_printable_name],
    )

    field_order = ["email", "given_name", "family_name", "password1", "password2"]


class OrganisationChoiceMixin(forms.Form):
    """An organisation from the directory, or the name of a new one (organisers review it), not both."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name", "country"),
        required=False,
        help_text=_("Choose from the directory. If yours is missing, type its name below."),
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


class ProfileForm(OrganisationChoiceMixin, forms.ModelForm):
    new_organisation_kind = forms.ChoiceField(
        label=_("Kind of the new organisation"),
        choices=[("", "---------"), *Organisation.Kind.choices],
        required=False,
    )

    class Meta:
        model = User
        formfield_callback = inputs.formfield
        fields = ["given_name", "family_name", "native_name", "language", "country", "position"]

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
