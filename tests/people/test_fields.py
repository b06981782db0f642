"""people.fields: the country field's check of a code, and its migrations as django-countries' field."""

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Field
from django.utils import translation

from forum.models import Registration
from people.models import User


@pytest.mark.parametrize(("model", "name"), [(Registration, "country"), (User, "country")])
@pytest.mark.parametrize("language", ["en", "km"])
def test_country_field_takes_exactly_the_codes_of_its_choices(model, name, language):
    """What the lookup accepts is what Django's walk through the choices accepts, blank or not, in any language."""
    field = model._meta.get_field(name)

    def refusal(check, value):
        try:
            check(value, None)
        except ValidationError as error:
            return [message.code for message in error.error_list]
        return []

    with translation.override(language):
        codes = [code for code, _label in field.choices]
        for value in [*codes, "XX", "kh", "KHM", "116", " KH", "", None]:
            expected = refusal(lambda v, instance: Field.validate(field, v, instance), value)
            assert refusal(field.validate, value) == expected, value


def test_country_field_deconstructs_as_django_countries_field():
    _name, path, _args, _kwargs = Registration._meta.get_field("country").deconstruct()
    assert path == "django_countries.fields.CountryField"
