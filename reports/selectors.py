"""Reads of programme reports, with their latest generation and the one whose files they serve: two queries for
any number of reports."""

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404

from documents.models import PrintJob

from .jobs import PROGRAMME
from .models import Report


def _with_files_id(reports: QuerySet[Report]) -> QuerySet[Report]:
    # The newest generation done whose files are still there: the previous one while a regeneration runs.
    made = PrintJob.objects.filter(
        kind=PROGRAMME, items__item_id=OuterRef("pk"), status=PrintJob.Status.DONE, purged_at__isnull=True
    ).order_by("-finished_at", "-pk")
    return reports.annotate(files_job_id=Subquery(made.values("pk")[:1]))


def _attach_files(reports: list[Report]) -> list[Report]:
    """Each report's `files` (the generation whose PDF and XLSX it offers, or None), in one query."""
    ids = {report.files_job_id for report in reports} - {None}
    jobs = PrintJob.objects.in_bulk(ids) if ids else {}
    for report in reports:
        report.files = jobs.get(report.files_job_id)
    return reports


def report_list() -> list[Report]:
    """Every report, the newest period first, with `job` (the latest generation) and `files`."""
    reports = Report.objects.select_related("job", "edition", "created_by").order_by("-starts_on", "language", "-pk")
    return _attach_files(list(_with_files_id(reports)))


def report_get(*, pk: int) -> Report:
    """The report with `job` and `files` (report_list), or 404."""
    report = _with_files_id(Report.objects.select_related("job", "edition").filter(pk=pk)).first()
    if report is None:
        raise Http404
    return _attach_files([report])[0]
