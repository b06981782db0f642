"""The one root of every domain error of the project.

A service that refuses raises a subclass of `DomainError` (forum.errors, trainings.errors, certificates.errors,
documents.jobs): its `message` is translated and can be shown to the person as it is, so a view turns any of
them into a message on the page with `error.message` and nothing else.
"""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the domain said no; `message` is translated (lazily, so it follows the language it is shown in)."""

    default_message = _("This could not be done.")

    def __init__(self, message=None):
        self.message = message if message is not None else self.default_message
        super().__init__(str(self.message))
