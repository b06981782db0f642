from django import forms
from django.utils.translation import gettext_lazy as _

from people import inputs

from .models import CertificateTemplate, Kind, Signatory
from .placeholders import validate_placeholders
from .validators import validate_image_upload


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_("Printed under the QR code, e.g. ABCD-EFGH-JKMN-PQ. Spaces and dashes do not matter."),
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("Public: shown to anyone who verifies the certificate. Write nothing private."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "revoke_%s")  # shares a page with ReissueForm: distinct ids
        super().__init__(*args, **kwargs)


class ReissueForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the replacement"),
        max_length=300,
        help_text=_(
            "For example: the name was misspelt. The old certificate is revoked with this reason, which is shown to "
            "anyone who verifies it."
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "reissue_%s")
        super().__init__(*args, **kwargs)


class CertificateFilterForm(forms.Form):
    # Bounded like every search box: SQLite refuses a LIKE pattern past 50,000 bytes.
    q = forms.CharField(label=_("Name, serial or code"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Kind.choices])
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), ("valid", _("Valid")), ("revoked", _("Revoked"))],
    )


class TemplateVersionForm(forms.Form):
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    title_km = forms.CharField(label=_("Title (Khmer)"), max_length=200)
    body_en = forms.CharField(
        label=_("Text (English)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Placeholders: {name} {subject} {dates} {hours} {guideline_version}"),
        validators=[validate_placeholders],
    )
    body_km = forms.CharField(
        label=_("Text (Khmer)"), widget=forms.Textarea(attrs={"rows": 4}), validators=[validate_placeholders]
    )
    signatories = inputs.ModelMultipleChoiceField(
        label=_("Signatories"),
        queryset=Signatory.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    logo_left = forms.FileField(label=_("Left logo"), required=False, validators=[validate_image_upload])
    logo_right = forms.FileField(label=_("Right logo"), required=False, validators=[validate_image_upload])


class TemplateCreateForm(TemplateVersionForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    key = forms.SlugField(label=_("Key"), max_length=60, help_text=_("Letters, digits and dashes; never changes."))
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)

    field_order = ["name", "key", "kind"]

    def clean_key(self):
        key = self.cleaned_data["key"]
        if CertificateTemplate.objects.filter(key=key).exists():
            raise forms.ValidationError(_("A template with this key exists already."))
        return key


class SignatoryForm(forms.ModelForm):
    class Meta:
        model = Signatory
        formfield_callback = inputs.formfield
        fields = ["name", "title", "organisation_name", "signature"]
        help_texts = {"signature": _("PNG or JPEG, at most 1 MB. Kept private; printed only on certificates.")}
