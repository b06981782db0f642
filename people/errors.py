"""The one root of every domain error of the project.

A service that refuses raises a subclass of `DomainError` (forum.errors, trainings.errors, certificates.errors,
documents.jobs): its `message` is translated and can be shown to the person as it is, so a view turns any of
them into a message on the page with `error.message` and nothing else.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the domain said no; `message` is translated (lazily, so it follows the language it is shown in).
    `field` names the form field the error is about, when there is one (a view shows it next to that field)."""

    default_message = _("This could not be done.")

    def __init__(self, message=None, *, field: str | None = None):
        self.message = message if message is not None else self.default_message
        self.field = field
        super().__init__(str(self.message))


def form_add_error(form, error: Exception) -> None:
    """Show a refusal on a form, next to the field it is about: a ValidationError keyed by field (a model rule) on
    each of its fields, a DomainError on its `field`; anything about no field of the form goes above the form."""
    if isinstance(error, DomainError):
        form.add_error(error.field if error.field in form.fields else None, str(error.message))
    elif hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def form_submit(form, service, /, **arguments) -> tuple[bool, object]:
    """When the form is valid, call `service(**arguments, **form.cleaned_data)`: (True, what it returned). Else, or
    when a rule says no (a DomainError, or a model rule's ValidationError), (False, None) with the refusal shown on
    the form, next to its field."""
    if not form.is_valid():
        return False, None
    try:
        return True, service(**arguments, **form.cleaned_data)
    except (DomainError, ValidationError) as error:
        form_add_error(form, error)
        return False, None


def action_done(request, service, success, /, **arguments) -> bool:
    """Call `service(**arguments)` for a button that does one thing, and tell the person: `success` as a message, or
    the rule's refusal (a DomainError's message) instead. Whether it was done."""
    from django.contrib import messages

    try:
        service(**arguments)
    except DomainError as error:
        messages.error(request, error.message)
        return False
    messages.success(request, success)
    return True
