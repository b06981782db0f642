"""What the training programme refuses: one root, `TrainingError`, under the project's `people.errors.DomainError`.

Each class carries its translated `default_message`; a service raises it (with a more precise message where it has
one) and a view shows `error.message`. None of them re-implements `message`.
"""

from django.utils.translation import gettext_lazy as _

from people.errors import DomainError


class TrainingError(DomainError):
    """A rule of the training programme said no."""

    default_message = _("This cannot be done.")


# --- Courses, cohorts, sessions -----------------------------------------------------------------------------


class HasDependants(TrainingError):
    default_message = _("This cannot be deleted because other records depend on it.")


# --- Enrolment and invitations ------------------------------------------------------------------------------


class EnrolmentClosed(TrainingError):
    default_message = _("Enrolment in this cohort is closed.")


class CohortFull(TrainingError):
    default_message = _("This cohort is full: no place is left.")


class AlreadyEnrolled(TrainingError):
    default_message = _("This person is already enrolled in this cohort.")


class NotAMember(TrainingError):
    default_message = _(
        "This person is not a confirmed member of your company. Confirm their membership first, or ask them "
        "to name your company in their profile."
    )


class InvitationRefused(TrainingError):
    """The invitation cannot be accepted by this account (another address, or an account created meanwhile)."""


# --- Completion and certificates ----------------------------------------------------------------------------


class CompletionTooEarly(TrainingError):
    default_message = _("Completion can be decided only once the cohort's last session is over.")


class AlreadyDecided(TrainingError):
    default_message = _("Completion has been decided for this enrolment; only organisers can withdraw it now.")


class NotCertifiable(TrainingError):
    """An organiser chose enrolments that get no certificate here (withdrawn, or of another cohort)."""


# --- Roll-call and self check-in ----------------------------------------------------------------------------


class AttendanceLocked(TrainingError):
    default_message = _("Attendance for this session is locked. An organiser can unlock it.")


class NotEnrolled(TrainingError):
    default_message = _("This person is not enrolled in the cohort of this session.")


class CheckInRefused(TrainingError):
    default_message = _("This check-in code is not valid.")


class InvalidMark(TrainingError):
    default_message = _("This mark could not be read.")
