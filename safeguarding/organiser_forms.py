"""The organisers' safeguarding forms: naming an officer, the retention of closed cases, an edition's emergency
numbers. They read the input; the rules (an account with that address, not an officer yet) are the services'
(safeguarding.officers)."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from people.layout import form_helper
from people.validators import validate_no_control_characters

from .models import EmergencyContacts, Retention

# What the longest retention may be: beyond a lifetime no case is kept, and far beyond it the erasure's cut-off date
# would fall before year 1.
MAX_RETENTION_DAYS = 36500
# Digits (ASCII: a dialler reads no other), spaces, "+", "-" and parentheses; at least three digits, so that a short
# code (117, 1280) passes and a lone "+" does not.
PHONE = re.compile(r"[0-9 +()\-]+")
PHONE_MIN_DIGITS = 3


def validate_phone(value: str) -> None:
    if not PHONE.fullmatch(value) or sum(char.isdigit() for char in value) < PHONE_MIN_DIGITS:
        raise ValidationError(
            _("Write the number with digits, spaces, +, - and parentheses only, such as +855 23 123 456 or 1280."),
            code="phone",
        )


class OfficerAppointForm(forms.Form):
    prefix = "officer"

    email = forms.EmailField(
        label=_("E-mail address of the new officer"),
        max_length=254,
        help_text=_("The address of their account on this site: they must have signed up first."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Name the officer"))


class RetentionForm(forms.Form):
    prefix = "retention"

    days = forms.IntegerField(
        label=_("Days a closed case is kept"),
        min_value=Retention._meta.get_field("days_after_closing").validators[0].limit_value,
        max_value=MAX_RETENTION_DAYS,
        help_text=_(
            "At least 30. Then what was reported, the notes, messages and attachments of the case are erased; only "
            "its status is kept, for the counts."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Save the retention"))


def _contacts_field(name: str, *, phone: bool, help_text: str = "") -> forms.CharField:
    model_field = EmergencyContacts._meta.get_field(name)
    validators = [validate_no_control_characters, *([validate_phone] if phone else [])]
    field = forms.CharField(
        label=capfirst(model_field.verbose_name),
        max_length=model_field.max_length,
        required=False,
        validators=validators,
        help_text=help_text,
    )
    if phone:
        field.widget.input_type = "tel"
        field.widget.attrs["autocomplete"] = "off"
    return field


class ContactsForm(forms.Form):
    """The numbers a reporter reads first; every one may stay empty."""

    officer_phone = _contacts_field(
        "officer_phone", phone=True, help_text=_("Reachable at any hour while the forum is on.")
    )
    helpline_name = _contacts_field(
        "helpline_name", phone=False, help_text=_("Its name as reporters know it, such as Child Helpline Cambodia.")
    )
    helpline_phone = _contacts_field("helpline_phone", phone=True, help_text=_("A short code is fine, such as 1280."))
    police_phone = _contacts_field("police_phone", phone=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Save the numbers"))

    @classmethod
    def initial_of(cls, contacts: EmergencyContacts | None) -> dict:
        if contacts is None:
            return {}
        return {name: getattr(contacts, name) for name in cls.base_fields}
