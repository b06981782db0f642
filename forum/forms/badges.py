"""The organiser's form that adds an invited guest or a staff member (forum.services.guests.guest_add)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from people.forms import OrganisationChoiceMixin
from people.models import User

from ..models import Registration


def _user_field(name: str, **kwargs):
    return User._meta.get_field(name).formfield(**kwargs)


class GuestForm(OrganisationChoiceMixin, forms.Form):
    """Who the guest or staff member is. The names are for a person without an account; an account keeps its own."""

    category = forms.ChoiceField(
        label=_("They come as"),
        choices=[(value, Registration.Category(value).label) for value in Registration.SEATLESS_CATEGORIES],
        initial=Registration.Category.GUEST,
        widget=forms.RadioSelect,
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_(
            "Their account if they have one (its names are kept); otherwise a new account, with the names below."
        ),
    )
    given_name = _user_field("given_name", required=False)
    family_name = _user_field("family_name", required=False)
    native_name = _user_field("native_name", required=False, label=_("Name in their own script"))
    language = _user_field("language", label=_("Language of their badge and e-mails"))
    country = Registration._meta.get_field("country").formfield(required=True, label=_("Country they represent"))
    position = Registration._meta.get_field("position").formfield(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["native_name"].help_text = _(
            "As they write it, for example in Khmer or Thai. Printed on the badge."
        )
        self.fields["language"].choices = settings.LANGUAGES
        self.fields["organisation"].help_text = _("Choose from the directory, or type the name of a new one below.")
        self.fields["new_organisation_name"].help_text = ""
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": True}  # the server checks and says why, in the page's language
        self.helper.layout = Layout(
            Fieldset(_("The person"), "category", "email", "given_name", "family_name", "native_name", "language"),
            Fieldset(_("On the badge"), "organisation", "new_organisation_name", "position", "country"),
        )
        self.helper.add_input(Submit("submit", _("Add and approve")))

    def clean(self):
        data = super().clean()
        if not data.get("organisation") and not data.get("new_organisation_name") and "organisation" not in self.errors:
            self.add_error("organisation", _("Choose the organisation from the directory or type its name."))
        return data
