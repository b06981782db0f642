"""Presentation of batch jobs in templates (no query: they read the job the view has loaded)."""

from django import template

from documents.models import PrintJob
from people.badges import badge_class_filter

register = template.Library()

# Done, failed, running, or waiting.
register.filter(
    "job_status_class",
    badge_class_filter(
        {
            PrintJob.Status.DONE: "text-bg-success",
            PrintJob.Status.FAILED: "text-bg-danger",
            PrintJob.Status.RUNNING: "text-bg-primary",
        },
        default="text-bg-secondary",
    ),
)
