"""people.widgets.LongSelect writes what Django's Select writes, without its two templates for each option."""

import pytest
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from people.widgets import LongSelect

CHOICES = [
    ("", "---------"),
    ("KH", "Cambodia"),
    ("x", "Quotes \" and ' <tags> & ampersands"),
    ("safe", mark_safe("<b>kept as it is</b>")),
    ("lazy", gettext_lazy("Organisation")),
    ("Mekong", [("TH", "Thailand"), ("VN", "Vietnam")]),
    (3, "A number"),
]


def _normalised(html: str) -> str:
    return "".join(line.strip() for line in html.splitlines())


@pytest.mark.parametrize("value", [None, "", "KH", "TH", 3, "3", "nothing of the list"])
@pytest.mark.parametrize(
    "attrs", [None, {"id": "id_country", "required": True, "aria-invalid": "true", "hidden": False}]
)
def test_long_select_writes_what_django_select_writes(value, attrs):
    expected = forms.Select(attrs={"class": "form-select"}, choices=CHOICES).render("country", value, attrs=attrs)
    written = LongSelect(attrs={"class": "form-select"}, choices=CHOICES).render("country", value, attrs=attrs)
    assert written == _normalised(expected)


def test_long_select_multiple_selects_every_value():
    class Multiple(LongSelect):
        allow_multiple_selected = True

    written = Multiple(choices=CHOICES).render("countries", ["KH", "VN"])
    assert '<option value="KH" selected>' in written and '<option value="VN" selected>' in written
    assert written.count(" selected") == 2


def test_long_select_selects_the_first_of_equal_values_only():
    written = LongSelect(choices=[("a", "First"), ("a", "Second")]).render("field", "a")
    assert (
        written
        == '<select name="field"><option value="a" selected>First</option><option value="a">Second</option></select>'
    )
