"""The domain errors of batch jobs (documents.jobs); each carries a translated `message` (people.errors)."""

from django.utils.translation import gettext_lazy as _

from people.errors import DomainError


class JobError(DomainError):
    """A job could not be started or retried. `job` is the job under way when the same selection is refused."""

    default_message = _("The job could not be started.")

    def __init__(self, message=None, *, job=None):
        super().__init__(message)
        self.job = job


class JobFailed(JobError):
    """A running job stopped; its message is the reason the organiser reads on the job's page."""


class JobTryLater(JobFailed):
    """A delivery whose failures were all the mail server's "not now" (people.tasks.is_transient): the job is
    queued again after the next of settings.EMAIL_RETRY_DELAYS, and fails only when they are spent."""


class DeliveryRefused(JobError):
    """One item of a delivery could not be sent (no address...); its message goes into the report, and a retry of
    the job tries it again."""


class DeliverySkipped(JobError):
    """One item of a delivery must not be sent at all (a revoked certificate): it is reported as skipped, the rest
    of the job goes on, and the job does not fail for it."""
