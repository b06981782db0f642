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


class DeliveryRefused(JobError):
    """One item of a delivery must not be sent (e.g. a revoked certificate); its message goes into the report."""
