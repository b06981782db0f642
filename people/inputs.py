"""Reading what people type and send, for every app: ids, JSON bodies, dates and choices of objects.

Python and the database accept far more than this site means: a 25-digit id overflows SQLite's integers, a date
in year 1 overflows when it is moved between time zones, `Infinity`, `true` and `1.5` pass for numbers in JSON,
and deeply nested JSON exhausts the parser's stack. These helpers turn all of that into a refusal that the page
shows next to its field (forms) or as a 400 (JSON), before any query or conversion runs.

ModelForms get the bounded fields by naming `formfield` as their `Meta.formfield_callback`.
"""

import contextlib
import datetime
import json
import math
import warnings

import filetype
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.choices import BlankChoiceIterator, CallableChoiceIterator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_countries import Countries
from django_countries.fields import CountryField, LazyTypedChoiceField
from PIL import Image, UnidentifiedImageError

# Every date typed on this site (events, passports, births) lies well inside these years; beyond them, moving a
# time between zones or adding days overflows Python's dates.
MIN_YEAR = 1900
MAX_YEAR = 2100

# The largest primary key (BigAutoField): beyond it, SQLite's integers overflow and PostgreSQL refuses the query.
MAX_ID = 2**63 - 1

# The deepest JSON a request may send: our endpoints need three levels ({"marks": [{...}]}).
MAX_JSON_DEPTH = 16
# The longest integer literal a JSON body may hold: ids and counts have at most 19 digits.
MAX_JSON_INT_DIGITS = 20


def parse_id(value) -> int | None:
    """The id that `value` names (a positive int, or a string of ASCII digits), else None.

    `True`, `1.5`, `"1.0"`, `" 7"`, `"²"` and `"٣"` name no id, and neither does anything past MAX_ID.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 19:
        number = int(value)
    else:
        return None
    return number if 0 < number <= MAX_ID else None


def parse_ids(values) -> list[int] | None:
    """The ids of a list of values (repeated form fields, a JSON list) in their order, or None if one is not."""
    ids = [parse_id(value) for value in values]
    return None if None in ids else ids


def local_path(value, request) -> str:
    """`value` if it is a path on this site (a `next` to go back to), else "".

    A full URL, `//host`, `/\\host` and anything that is not a path are refused: `redirect()` would read a bare
    word such as "0" as the name of a view and fail.
    """
    if (
        isinstance(value, str)
        and value.startswith("/")
        and url_has_allowed_host_and_scheme(
            value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return value
    return ""


# --- Images -------------------------------------------------------------------------------------------------

# What Pillow raises for a decompression bomb inside `image_bombs_raised()`.
IMAGE_BOMBS = (Image.DecompressionBombError, Image.DecompressionBombWarning)


@contextlib.contextmanager
def image_bombs_raised():
    """Open images inside this: a decompression bomb then raises one of IMAGE_BOMBS.

    Pillow refuses an image past twice its pixel limit (DecompressionBombError) but only warns between once and
    twice, and in production a warning stops nothing: here the warning is raised too, so both are refused alike.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield


def upload_checked(upload, *, types: dict[str, str | None], max_bytes: int, too_big, wrong_type, max_side=None):
    """The content type of an upload, recognised by its content (never by its name or the browser's word), and
    checked: at most `max_bytes`; one of `types` (content type -> the Pillow format an image must open as, or None
    for a PDF, which must start as one); an image must open, verify, and have 1..`max_side` pixels a side (any
    size Pillow accepts when None); a decompression bomb is refused like an oversized image (like an unreadable one
    without `max_side`). Raises ValidationError with the caller's messages (`too_big`, `wrong_type`) or a
    readability / dimensions one."""
    if upload.size > max_bytes:
        raise ValidationError(too_big, code="too_big")
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in types:
        raise ValidationError(wrong_type, code="bad_type")
    if types[kind.mime] is None:
        if kind.mime == "application/pdf" and not head.startswith(b"%PDF-"):
            raise ValidationError(wrong_type, code="bad_type")
        return kind.mime
    unreadable = ValidationError(_("This file is not a readable image."), code="unreadable")
    dimensions = unreadable
    if max_side:
        dimensions = ValidationError(
            _("The image must be between 1 and %(max)s pixels on each side."),
            code="dimensions",
            params={"max": max_side},
        )
    try:
        with image_bombs_raised(), Image.open(upload) as image:
            if image.format != types[kind.mime]:
                raise ValidationError(wrong_type, code="bad_type")
            width, height = image.size
            image.verify()
    except IMAGE_BOMBS as error:
        raise dimensions from error
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise unreadable from error
    finally:
        upload.seek(0)
    if max_side and not (1 <= width <= max_side and 1 <= height <= max_side):
        raise dimensions
    return kind.mime


# --- JSON bodies --------------------------------------------------------------------------------------------


class InvalidJSON(ValueError):
    """A body that is not JSON this site reads. Carries a translated message for the 400."""

    def __init__(self, message=None):
        self.message = message or _("This request could not be read.")
        super().__init__(str(self.message))


def _refuse_constant(name: str):
    raise InvalidJSON  # NaN, Infinity, -Infinity: not JSON (RFC 8259), and not a number of ours


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):  # 1e400
        raise InvalidJSON
    return number


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_JSON_INT_DIGITS:
        raise InvalidJSON
    return int(text)


def _too_deep(value, max_depth: int) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > max_depth:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


def json_loads(body: bytes | str, *, max_depth: int = MAX_JSON_DEPTH):
    """The value of a JSON body; raises InvalidJSON for anything else.

    Refuses what is not strict JSON or not ours: invalid UTF-8, NaN and the infinities, numbers that overflow a
    float or exceed MAX_JSON_INT_DIGITS digits, and nesting deeper than `max_depth`.
    """
    try:
        value = json.loads(body, parse_constant=_refuse_constant, parse_float=_finite_float, parse_int=_bounded_int)
    except RecursionError as error:  # nesting deeper than the interpreter's stack
        raise InvalidJSON from error
    except ValueError as error:  # JSONDecodeError, UnicodeDecodeError, InvalidJSON itself
        raise InvalidJSON from error
    if _too_deep(value, max_depth):
        raise InvalidJSON
    return value


# --- Form fields --------------------------------------------------------------------------------------------

YEAR_MESSAGE = _("Give a date between the years %(min)s and %(max)s.")


def year_in_range(value: datetime.date) -> bool:
    """Whether a date (or date and time) lies between MIN_YEAR and MAX_YEAR."""
    return MIN_YEAR <= value.year <= MAX_YEAR


def _check_year(value, error_messages) -> None:
    if value is not None and not year_in_range(value):
        raise ValidationError(error_messages["year"], code="year", params={"min": MIN_YEAR, "max": MAX_YEAR})


class _YearBounded:
    """A date (or date and time) field that refuses years outside MIN_YEAR..MAX_YEAR, and any value whose
    conversion overflows, with a form error instead of a server error."""

    default_error_messages = {"year": YEAR_MESSAGE}

    def to_python(self, value):
        try:
            value = super().to_python(value)
        except OverflowError as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error
        _check_year(value, self.error_messages)
        return value


class DateField(_YearBounded, forms.DateField):
    """A date between MIN_YEAR and MAX_YEAR."""


class DateTimeField(_YearBounded, forms.DateTimeField):
    """A date and time between MIN_YEAR and MAX_YEAR, so that converting it to any time zone cannot overflow."""


class SplitDateTimeField(forms.SplitDateTimeField):
    """The admin's date-and-time pair, between MIN_YEAR and MAX_YEAR."""

    # Its __init__ reads its own class's messages, not the merged ones.
    default_error_messages = {**forms.SplitDateTimeField.default_error_messages, "year": YEAR_MESSAGE}

    def compress(self, data_list):
        value = super().compress(data_list)
        _check_year(value, self.error_messages)
        return value


_INTEGER_KEYS = (models.AutoField, models.BigAutoField, models.SmallAutoField, models.IntegerField)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, refusing a value that names no id before it reaches the query (a 20-digit id overflows `IN`)."""

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        field = self.queryset.model._meta.pk if key == "pk" else self.queryset.model._meta.get_field(key)
        if isinstance(field, _INTEGER_KEYS) and isinstance(value, list | tuple):
            for item in value:
                if parse_id(item) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": item}
                    )
        return super()._check_values(value)


def _countries_of(choices) -> Countries | None:
    """The Countries a country field's form choices list (with or without their blank choice), or None when they
    were set to something else."""
    if isinstance(choices, BlankChoiceIterator):
        choices = choices.choices
    if isinstance(choices, CallableChoiceIterator):
        source = choices.func()
        if isinstance(source, Countries):
            return source
    return None


class CountryChoiceField(LazyTypedChoiceField):
    """django-countries' form field, telling a valid code by looking it up among the countries' codes rather than
    going through the ~250 choices sorted by name (twice, with the blank choice), which took a good part of a
    registration POST's form. The same answer: the choices' values are those codes."""

    def valid_value(self, value) -> bool:
        source = _countries_of(self._choices)
        if source is None or value in self.empty_values:  # the blank choice: Django's answer
            return super().valid_value(value)
        return str(value) in source


def formfield(model_field: models.Field, **kwargs) -> forms.Field | None:
    """The form field of a model field with this site's bounds; ModelForms name it `Meta.formfield_callback`."""
    if isinstance(model_field, models.DateTimeField):
        kwargs.setdefault("form_class", DateTimeField)
    elif isinstance(model_field, models.DateField):
        kwargs.setdefault("form_class", DateField)
    elif isinstance(model_field, models.ManyToManyField):
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
    elif isinstance(model_field, CountryField) and not model_field.multiple:
        kwargs.setdefault("choices_form_class", CountryChoiceField)
    return model_field.formfield(**kwargs)
