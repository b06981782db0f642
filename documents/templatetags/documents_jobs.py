"""Presentation of batch jobs in templates (no query: they read the job the view has loaded)."""

from django import template

from documents.models import PrintJob

register = template.Library()

STATUS_CLASSES = {
    PrintJob.Status.DONE: "text-bg-success",
    PrintJob.Status.FAILED: "text-bg-danger",
    PrintJob.Status.RUNNING: "text-bg-primary",
}


@register.filter
def job_status_class(job: PrintJob) -> str:
    """The badge colour of a job's status: done, failed, running, or waiting."""
    return STATUS_CLASSES.get(job.status, "text-bg-secondary")
