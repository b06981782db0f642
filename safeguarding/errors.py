"""Every refusal of the safeguarding route: one tree under people.errors.DomainError."""

from django.utils.translation import gettext_lazy as _

from people.errors import DomainError


class SafeguardingError(DomainError):
    """A safeguarding rule said no; `message` is translated, `field` names the input when there is one."""


class TooManyReports(SafeguardingError):
    default_message = _(
        "Too many reports were sent from here in a short time. Wait a little and try again; if a child is in danger "
        "now, call the numbers on this page."
    )
