"""people.inputs: ids, JSON bodies, bounded dates and choices of objects, read before any query runs."""

import datetime
import io

import pytest
from django import forms
from django.utils import translation
from PIL import Image

from people import inputs
from people.models import User
from tests.factories import UserFactory
from tests.uploads import bomb_png
from trainings.forms.courses import CohortForm


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (7, 7),
        ("7", 7),
        (inputs.MAX_ID, inputs.MAX_ID),
        (True, None),
        (False, None),
        (1.5, None),
        (1.0, None),
        ("1.0", None),
        (" 7", None),
        ("-7", None),
        (0, None),
        ("0", None),
        (-3, None),
        (inputs.MAX_ID + 1, None),
        ("1" * 25, None),
        ("²", None),  # str.isdigit() says yes, int() says no
        ("٣", None),  # an Arabic-Indic three
        (None, None),
        ([7], None),
        ({"id": 7}, None),
    ],
)
def test_parse_id_accepts_positive_ints_and_ascii_digits_only(value, expected):
    assert inputs.parse_id(value) == expected


def test_parse_ids_refuses_the_whole_list_for_one_bad_id():
    assert inputs.parse_ids(["3", 1, "2"]) == [3, 1, 2]
    assert inputs.parse_ids(["3", "x"]) is None


def test_json_loads_reads_plain_json():
    assert inputs.json_loads(b'{"marks": [{"id": "a", "enrollment": 7, "at": 1.25}]}') == {
        "marks": [{"id": "a", "enrollment": 7, "at": 1.25}]
    }


@pytest.mark.parametrize(
    "body",
    [
        b'{"enrollment": Infinity}',
        b'{"enrollment": -Infinity}',
        b'{"enrollment": NaN}',
        b'{"enrollment": 1e400}',
        b'{"enrollment": ' + b"1" * 25 + b"}",
        b"[" * 100_000 + b"]" * 100_000,  # deeper than the interpreter's stack
        b"[" * (inputs.MAX_JSON_DEPTH + 1) + b"]" * (inputs.MAX_JSON_DEPTH + 1),
        b'{"a": "\xff"}',  # not UTF-8
        b"",
        b"{",
    ],
    ids=[
        "infinity",
        "-infinity",
        "nan",
        "float-overflow",
        "25-digits",
        "recursion",
        "too-deep",
        "utf8",
        "empty",
        "cut",
    ],
)
def test_json_loads_refuses_what_is_not_strict_json_or_not_ours(body):
    with pytest.raises(inputs.InvalidJSON) as caught:
        inputs.json_loads(body)
    assert str(caught.value.message) == "This request could not be read."


def test_json_loads_accepts_nesting_up_to_the_limit():
    depth = inputs.MAX_JSON_DEPTH
    assert inputs.json_loads("[" * depth + "]" * depth) is not None


class _DatesForm(forms.Form):
    day = inputs.DateField()
    at = inputs.DateTimeField()


@pytest.mark.parametrize(
    ("day", "at"),
    [
        ("0001-01-01", "0001-01-01T00:00"),
        ("9999-12-31", "9999-12-31T23:59"),
        ("1899-12-31", "1899-12-31T23:00"),
        ("2101-01-01", "0001-01-01T00:00+14:00"),
    ],
)
def test_dates_out_of_the_sites_years_are_form_errors(day, at):
    form = _DatesForm({"day": day, "at": at})
    assert not form.is_valid()
    message = "Give a date between the years 1900 and 2100."
    assert form.errors == {"day": [message], "at": [message]}


def test_dates_inside_the_sites_years_are_read():
    form = _DatesForm({"day": "2027-03-01", "at": "2100-12-31T23:59"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == datetime.date(2027, 3, 1)
    assert form.cleaned_data["at"].year == 2100


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["1" * 20, "-1", "1.5", "²", "x"])
def test_model_multiple_choice_refuses_a_value_that_names_no_id_before_querying(value, django_assert_num_queries):
    field = inputs.ModelMultipleChoiceField(queryset=User.objects.all())
    with django_assert_num_queries(0), pytest.raises(forms.ValidationError) as caught:
        field.clean([value])
    assert caught.value.code == "invalid_pk_value"


@pytest.mark.django_db
def test_model_multiple_choice_still_reads_real_ids():
    person = UserFactory()
    field = inputs.ModelMultipleChoiceField(queryset=User.objects.all())
    assert list(field.clean([str(person.pk)])) == [person]


def test_formfield_bounds_a_model_forms_dates():
    form = CohortForm()
    assert isinstance(form.fields["starts_on"], inputs.DateField)
    assert isinstance(form.fields["enrolment_closes_at"], inputs.DateTimeField)
    assert isinstance(form.fields["trainers"], inputs.ModelMultipleChoiceField)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/en/organiser/certificates/?kind=training", "/en/organiser/certificates/?kind=training"),
        ("0", ""),  # redirect() would take a bare word for a view's name
        ("certificates_organiser:list", ""),
        ("https://evil.example/", ""),
        ("//evil.example/", ""),
        ("/\\evil.example/", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_local_path_keeps_only_a_path_on_this_site(rf, value, expected):
    assert inputs.local_path(value, rf.get("/")) == expected


@pytest.mark.parametrize("size", [(20_000, 20_000), (10_000, 10_000)], ids=["error", "warning"])
def test_image_bombs_raised_turns_pillows_warning_into_a_refusal(size):
    with pytest.raises(inputs.IMAGE_BOMBS), inputs.image_bombs_raised():
        Image.open(io.BytesIO(bomb_png(*size)))


@pytest.mark.parametrize("language", ["en", "km"])
def test_country_choice_field_takes_exactly_the_codes_of_its_choices(language):
    """What the lookup accepts is what going through the choices (Django's way) accepts, in any language."""
    field = inputs.formfield(User._meta.get_field("country"))
    assert isinstance(field, inputs.CountryChoiceField)
    with translation.override(language):
        codes = [code for code, _label in field.choices]
        for value in [*codes, "XX", "kh", "KHM", "116", " KH", "", None]:
            assert field.valid_value(value) == forms.TypedChoiceField.valid_value(field, value), value


def test_country_choice_field_with_other_choices_checks_those():
    field = inputs.formfield(User._meta.get_field("country"))
    field.choices = [("KH", "Cambodia"), ("TH", "Thailand")]
    assert field.valid_value("KH") and not field.valid_value("VN")
    with pytest.raises(forms.ValidationError):
        field.clean("VN")
    assert field.clean("TH") == "TH"
