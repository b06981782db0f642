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


# --- Tests (pre-test, post-test) and their attempts ---------------------------------------------------------


class AssessmentRefused(TrainingError):
    """A test cannot be taken or answered now; each case below says why."""

    default_message = _("This test cannot be taken now.")


class AssessmentClosed(AssessmentRefused):
    """Outside the test's window for the cohort (rules.assessment_window), or the test is out of use."""

    default_message = _("This test is not open now.")


class NoAttemptsLeft(AssessmentRefused):
    default_message = _("You have used all the attempts this test allows.")


class NotTakingPart(AssessmentRefused):
    """Withdrawn, or the test is another course's."""

    default_message = _("Only people who hold a place in this cohort can take its tests.")


class NoQuestions(AssessmentRefused):
    default_message = _("This test has no questions yet.")


class AttemptSubmitted(AssessmentRefused):
    default_message = _("This attempt has already been submitted; its answers can no longer change.")


class AttemptTimeOver(AssessmentRefused):
    """By the server's clock, the attempt's end plus its grace has passed (rules.attempt_time_over)."""

    default_message = _(
        "The time for this attempt is over: this answer reached the server after the deadline and does not count."
    )


class InvalidAnswer(AssessmentRefused):
    default_message = _("This answer could not be read: choose among the answers of this question.")
