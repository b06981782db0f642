from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from people.layout import form_helper
from people.validators import validate_no_control_characters

from ..services.consent import CONSENT_TEXT_VERSION, MAX_DOCUMENT_BYTES, validate_consent_document

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _yes_no(label, **kwargs):
    return forms.TypedChoiceField(
        label=label, choices=YES_NO, coerce=lambda value: value == "yes", widget=forms.RadioSelect, **kwargs
    )


class GuardianConsentForm(forms.Form):
    """The guardian's answer on the consent page: participation, then names and photos separately, signed."""

    participation = forms.TypedChoiceField(
        label=_("Do you agree that your child takes part in the forum?"),
        choices=[("yes", _("Yes, I agree")), ("no", _("No, I do not agree"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    name_consent = _yes_no(
        _("May the forum show your child's name on public pages (programme, speaker lists)?"), initial="no"
    )
    photo_consent = _yes_no(_("May your child be photographed and filmed at the forum?"), initial="no")
    signed_name = forms.CharField(
        label=_("Your full name (your signature)"), max_length=200, validators=[validate_no_control_characters]
    )
    text_version = forms.CharField(widget=forms.HiddenInput, initial=CONSENT_TEXT_VERSION)

    def __init__(self, *args, submit_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(submit_label or _("Send my answer"))
        self.helper.form_id = "consent-form"
        self.helper.layout = Layout(
            Fieldset(_("Your answer"), "participation", "name_consent", "photo_consent", "signed_name", "text_version")
        )

    def clean(self):
        data = super().clean()
        if data.get("participation") is False:
            # Without participation there is nothing to photograph or name.
            data["name_consent"] = data["photo_consent"] = False
        return data


class PaperConsentForm(forms.Form):
    """An organiser records a signed paper form."""

    participation = _yes_no(_("Consent to participation"))
    name_consent = _yes_no(_("Name may be shown publicly"), initial="no")
    photo_consent = _yes_no(_("May be photographed and filmed"), initial="no")
    signed_name = forms.CharField(
        label=_("Signed by (name on the form)"), max_length=200, validators=[validate_no_control_characters]
    )
    document = forms.FileField(
        label=_("Scan or photo of the signed form"),
        help_text=_("PDF, JPEG or PNG, at most %(size)s MB. Kept in private storage.")
        % {"size": MAX_DOCUMENT_BYTES // (1024 * 1024)},
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("participation", "name_consent", "photo_consent"):
            self.fields[name].widget.attrs["class"] = "form-check-input"
        self.helper = FormHelper()
        self.helper.form_id = "paper-consent-form"
        self.helper.form_tag = False

    def clean_document(self):
        document = self.cleaned_data.get("document")
        validate_consent_document(document)
        return document
