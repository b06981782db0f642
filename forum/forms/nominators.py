"""The organisers' form that names a nominator or changes one (forum.services.nominators.nominator_save): the rules
(an account, the quota, the places used, the deadline) are the service's; the form reads the input, in the forum's
time zone (the view activates it around the form)."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from people import inputs
from people.models import Organisation

from ..models import ForumEdition, Nominator
from .programme import LocalDateTimeInput

DATETIME_INPUTS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class OrganisationSelect(forms.ModelChoiceField):
    """The directory, each organisation with its country: two organisations may share a name."""

    def label_from_instance(self, obj: Organisation) -> str:
        return f"{obj.name} ({obj.country.name})" if obj.country else obj.name


class NominatorForm(forms.Form):
    email = forms.EmailField(
        label=_("Nominator's e-mail address"),
        max_length=254,
        help_text=_("The address of their account on this site: they must have signed up first."),
    )
    kind = forms.ChoiceField(
        label=_("They nominate for"),
        choices=Nominator.Kind.choices,
        initial=Nominator.Kind.COUNTRY,
        widget=forms.RadioSelect,
    )
    country = Nominator._meta.get_field("country").formfield(
        required=False,
        label=_("Country the delegation represents"),
        help_text=_(
            "Its quota counts the delegation. For an organisation's focal point, the organisation's country if left "
            "empty."
        ),
    )
    organisation = OrganisationSelect(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name", "country"),
        required=False,
        help_text=_("Only for an organisation's focal point: every person they nominate registers for it."),
    )
    places = forms.IntegerField(label=_("Places"), min_value=1, max_value=10000)
    deadline = inputs.DateTimeField(label=_("Deadline"), widget=LocalDateTimeInput(), input_formats=DATETIME_INPUTS)

    def __init__(self, *args, edition: ForumEdition, submit: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].error_messages["invalid_choice"] = _("Choose an organisation from the directory.")
        closes = formats.date_format(
            timezone.localtime(edition.registration_closes_at, edition.zone), "SHORT_DATETIME_FORMAT"
        )
        self.fields["places"].help_text = _(
            "How many people they may invite; with the other nominators of the country, within its quota."
        )
        self.fields["deadline"].help_text = _(
            "In the forum's time zone (%(zone)s), at the latest when registration closes (%(closes)s). Invitations "
            "not taken up by then release their place."
        ) % {"zone": edition.time_zone_label, "closes": closes}
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": True}  # the server checks and says why, in the page's language
        self.helper.add_input(Submit("submit", submit))

    @classmethod
    def initial_of(cls, nominator: Nominator) -> dict:
        """The form's values for a nominator already named."""
        return {
            "email": nominator.user.email,
            "kind": nominator.kind,
            "country": nominator.country,
            "organisation": nominator.organisation,
            "places": nominator.places,
            "deadline": nominator.deadline,
        }

    def clean(self):
        data = super().clean()
        organisation = data.get("organisation")
        if data.get("kind") == Nominator.Kind.ORGANISATION:
            if organisation is not None and not data.get("country"):
                data["country"] = str(organisation.country)
        else:
            data["organisation"] = None
            if not data.get("country") and "country" not in self.errors:
                self.add_error("country", _("Choose the country whose delegation they nominate."))
        return data
