"""Model fields for every app."""

from django_countries import fields as countries_fields


class CountryField(countries_fields.CountryField):
    """django-countries' field, the same column and the same migrations (it deconstructs as that field), telling a
    valid code by looking it up among the countries' codes rather than by Django's walk through the ~250 choices
    sorted by name, which took most of a registration's full_clean. The same answer: the choices' values are those
    codes (people.inputs.CountryChoiceField does the same for forms)."""

    def validate(self, value, model_instance):
        if not self.multiple and value not in self.empty_values and str(value) in self.countries:
            return  # what Field.validate finds: one of the choices, so neither null nor blank
        super().validate(value, model_instance)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django_countries.fields.CountryField", args, kwargs
