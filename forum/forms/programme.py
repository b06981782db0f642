"""Forms of the programme: rooms, sessions (times in the forum's time zone), speakers."""

from django import forms
from django.utils.translation import gettext_lazy as _

from people import inputs

from ..models import Registration, Room, Session, SessionSpeaker
from ..services.programme import SESSION_FIELDS


class RoomForm(forms.ModelForm):
    class Meta:
        model = Room
        formfield_callback = inputs.formfield
        fields = ["name", "capacity", "directions", "position"]


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class SessionForm(forms.ModelForm):
    """Times are read and shown in the forum's time zone: the view activates it around the form."""

    class Meta:
        model = Session
        formfield_callback = inputs.formfield
        fields = list(SESSION_FIELDS)
        widgets = {"starts_at": LocalDateTimeInput(), "ends_at": LocalDateTimeInput()}

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.fields["room"].queryset = Room.objects.filter(edition=edition).order_by("position", "name")
        self.fields["room"].error_messages["invalid_choice"] = _("Choose a room of this forum edition.")
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
            self.fields[name].help_text = _("In the forum's time zone (%(zone)s).") % {"zone": edition.time_zone_label}

    def clean(self):
        data = super().clean()
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The session must end after it starts."))
        if data.get("requires_signup") and not data.get("signup_capacity"):
            self.add_error("signup_capacity", _("Give the number of places for a session that needs sign-up."))
        return data

    def validate_constraints(self, exclude=None):
        # The service checks these with clear messages (and the database backs them up).
        return None


class SpeakerForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=SessionSpeaker.Role.choices)
    registration = forms.ModelChoiceField(
        label=_("Delegate"),
        queryset=Registration.objects.none(),
        required=False,
        help_text=_("An approved delegate of this forum, or leave empty and name an invited guest."),
    )
    guest_name = forms.CharField(label=_("Guest name"), max_length=150, required=False)
    guest_title = forms.CharField(label=_("Guest title"), max_length=150, required=False)
    guest_organisation = forms.CharField(label=_("Guest organisation"), max_length=150, required=False)
    guest_email = forms.EmailField(label=_("Guest e-mail"), required=False)

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registration"].queryset = (
            Registration.objects.holding_seat()
            .filter(edition=edition)
            .select_related("user", "edition")
            .order_by("user__family_name", "user__given_name")
        )
        self.fields["registration"].label_from_instance = lambda r: (
            f"{r.user.get_full_name() or r.user.email} ({r.reference})"
        )

    def clean(self):
        data = super().clean()
        if not data.get("registration") and not (data.get("guest_name") or "").strip():
            raise forms.ValidationError(_("Choose a delegate or give the guest's name."))
        return data
