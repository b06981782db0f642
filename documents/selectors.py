"""Reads of batch jobs, with the joins their pages need."""

from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import Http404

from .kinds import get as get_kind
from .models import PrintJob, PrintJobItem


def job_list(*, kinds: Iterable[str]) -> QuerySet[PrintJob]:
    """Jobs of these kinds, newest first."""
    return PrintJob.objects.filter(kind__in=list(kinds)).select_related("created_by").order_by("-created_at", "-id")


def job_get(*, pk: int, kinds: Iterable[str]) -> PrintJob:
    """The job if it is of one of these kinds, else 404 (callers have let the person through the kinds' gate)."""
    job = job_list(kinds=kinds).filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


def job_delivery_report(*, job: PrintJob) -> list[PrintJobItem]:
    """The items sent or failed, failures first, then in the job's order; each with its `object` as the kind
    loads it (None when it is gone). Two queries, whatever the size."""
    items = list(job.items.exclude(delivery="").order_by("-delivery", "pk"))
    kind = get_kind(job.kind)
    objects = {obj.pk: obj for obj in kind.items([item.item_id for item in items])} if kind and items else {}
    for item in items:
        item.object = objects.get(item.item_id)
    return items
