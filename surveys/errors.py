"""What surveys refuse: one root, `SurveyError`, under the project's `people.errors.DomainError`. Each class carries
its translated `default_message`; a view shows `error.message`."""

from django.utils.translation import gettext_lazy as _

from people.errors import DomainError


class SurveyError(DomainError):
    """A rule of the surveys said no."""

    default_message = _("This cannot be done.")


class SurveyClosed(SurveyError):
    default_message = _("This survey is closed: answers are no longer taken.")


class SurveyAlreadyAnswered(SurveyError):
    default_message = _("You have already answered this survey. Thank you!")


class SurveyAnswersInvalid(SurveyError):
    """Some answers are missing or wrong: `errors` is {item id: the message to show next to that question}."""

    default_message = _("Some answers need your attention.")

    def __init__(self, errors: dict[int, str]):
        super().__init__()
        self.errors = errors


class BuilderError(SurveyError):
    """The survey builder (surveys.builder) said no."""

    default_message = _("This survey or question cannot be changed this way.")
