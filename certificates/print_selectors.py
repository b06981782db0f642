"""Reads for print and delivery jobs, with the joins their pages need."""

from django.db.models import QuerySet
from django.http import Http404

from .print_models import CertificateJob, CertificateJobItem


def job_list() -> QuerySet[CertificateJob]:
    return CertificateJob.objects.select_related("created_by").order_by("-created_at", "-id")


def job_get(*, pk: int) -> CertificateJob:
    """The job or 404 (callers have checked the organiser already)."""
    job = CertificateJob.objects.select_related("created_by").filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


def job_delivery_report(*, job: CertificateJob) -> QuerySet[CertificateJobItem]:
    """Delivery rows, failures first, then by serial."""
    return job.items.select_related("certificate").exclude(delivery="").order_by("-delivery", "certificate__serial")
