"""The erase page's form: what becomes of the certificates, the password, and that the person understands."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from people.layout import form_helper
from people.ratelimit import RateLimit

from .erasure import KEEP, REVOKE

# Wrong passwords a signed-in person may type here in a quarter of an hour: the form must not be a way to guess the
# password of an account whose session was left open.
WRONG_PASSWORDS = RateLimit(scope="privacy-erase-password", limit=5, window=15 * 60)


class EraseForm(forms.Form):
    certificates = forms.ChoiceField(
        label=_("Your certificates"),
        choices=[
            (KEEP, _("Keep them valid: anyone can still verify them, with your name as printed on them.")),
            (REVOKE, _("Revoke them: verifying one says it was withdrawn by its holder, without your name.")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what becomes of your certificates.")},
    )
    password = forms.CharField(
        label=_("Your password"),
        help_text=_("To confirm that it is you."),
        strip=False,
        max_length=4096,
        # Never sent back in the page: a refused form asks for it again.
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Type your password.")},
    )
    understood = forms.BooleanField(
        label=_("I understand this cannot be undone"),
        error_messages={"required": _("Tick this box to confirm that you understand.")},
    )

    def __init__(self, *args, user, has_certificates: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not has_certificates:
            del self.fields["certificates"]
        self.helper = form_helper(_("Erase my account"), css_class="btn-danger")

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        subject = str(self.user.pk)
        if WRONG_PASSWORDS.reached(subject):
            raise ValidationError(_("Too many wrong passwords. Wait a quarter of an hour and try again."))
        if not self.user.check_password(password):
            WRONG_PASSWORDS.count(subject)
            raise ValidationError(_("This is not your password."))
        return password

    @property
    def certificates_choice(self) -> str:
        """KEEP or REVOKE (KEEP when there is no valid certificate to choose for)."""
        return self.cleaned_data.get("certificates") or KEEP
