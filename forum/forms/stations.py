"""The organisers' forms of the venue: a new check-in station (forum.services.stations.station_create), and a
walk-in registered at the desk (forum.services.walkins.walk_in_register)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from people import inputs

from ..models import Registration, Session, Station
from .badges import GuestForm
from .programme import LocalDateTimeInput

DAY, SESSION = "day", "session"
# Who may walk in: delegates of every category but youth (a minor needs the guardian's consent first) and those
# organisers add on the badges page (invited guests, staff).
WALK_IN_CATEGORIES = [
    (value, label)
    for value, label in Registration.Category.choices
    if value not in (*Registration.SEATLESS_CATEGORIES, Registration.Category.YOUTH)
]


class StationForm(forms.Form):
    """Times are read in the forum's time zone: the view activates it around the form."""

    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("As the staff call it: Main door, Room B."))
    door = forms.ChoiceField(
        label=_("It admits"),
        choices=[(DAY, _("Everyone approved, on one day (a day door)")), (SESSION, _("One session (a room door)"))],
        initial=DAY,
        widget=forms.RadioSelect,
    )
    day = inputs.DateField(
        label=_("Day"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    session = forms.ModelChoiceField(label=_("Session"), queryset=Session.objects.none(), required=False)
    language = forms.ChoiceField(label=_("Language of the station"), choices=settings.LANGUAGES)
    expires_at = inputs.DateTimeField(
        label=_("Works until"),
        widget=LocalDateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    admits_walk_ins = forms.BooleanField(
        label=_("Registers walk-ins"),
        required=False,
        help_text=Station._meta.get_field("admits_walk_ins").help_text,
    )

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = (
            Session.objects.filter(edition=edition).exclude(kind=Session.Kind.BREAK).select_related("room")
        )
        self.fields["session"].error_messages["invalid_choice"] = _("Choose a session of this forum.")
        self.fields["expires_at"].help_text = _("In the forum's time zone (%(zone)s). The link stops working then.") % {
            "zone": edition.time_zone_label
        }
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": True}
        self.helper.add_input(Submit("submit", _("Create the station")))

    def clean(self):
        data = super().clean()
        if data.get("door") == SESSION:
            data["day"] = None
            if not data.get("session") and "session" not in self.errors:
                self.add_error("session", _("Choose the session this door admits."))
        else:
            data["session"] = None
            if not data.get("day") and "day" not in self.errors:
                self.add_error("day", _("Choose the day this door admits."))
        data.pop("door", None)
        return data


class WalkInForm(GuestForm):
    """A person registered at the desk: the guest form's person and badge, a delegate's category, and the walk-in
    station their check-in is recorded at."""

    station = forms.ModelChoiceField(label=_("Checked in at"), queryset=Station.objects.none())

    def __init__(self, *args, stations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = WALK_IN_CATEGORIES
        self.fields["category"].initial = Registration.Category.CIVIL_SOCIETY
        self.fields["category"].widget = forms.Select(choices=WALK_IN_CATEGORIES)
        self.fields["station"].queryset = stations
        self.fields["station"].error_messages["invalid_choice"] = _("Choose one of the walk-in stations.")
        self.helper.layout = Layout(
            Fieldset(_("The person"), "category", "email", "given_name", "family_name", "native_name", "language"),
            Fieldset(_("On the badge"), "organisation", "new_organisation_name", "position", "country"),
            Fieldset(_("At the door"), "station"),
        )
        self.helper.inputs = []
        self.helper.add_input(Submit("submit", _("Register, approve and check in")))
