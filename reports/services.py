"""Asking for a programme report and (re)generating it: one report per period and language, each generation a
building job (documents.jobs, kind reports.jobs.PROGRAMME) whose files stay until the next one is done."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from documents.errors import JobError
from documents.jobs import job_start
from documents.models import PrintJob
from people.models import User

from .errors import ReportBusy
from .jobs import PROGRAMME
from .models import Report
from .periods import Period


def report_titles(report: Report) -> dict[str, str]:
    """A generation's title in each language, as its job lists it: "Programme report: Quarter 3, 2026 (Khmer)"."""
    titles = {}
    language_names = dict(settings.LANGUAGES)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            titles[code] = _("Programme report: %(period)s (%(language)s)") % {
                "period": report.span.label,
                "language": translation.gettext(language_names[report.language]),
            }
    return titles


def _existing(period: Period, language: str) -> Report:
    reports = Report.objects.filter(language=language)
    if period.edition is not None:
        return reports.get(edition=period.edition)
    return reports.get(period=period.kind, starts_on=period.starts_on, ends_on=period.ends_on, edition__isnull=True)


@transaction.atomic
def report_generate(*, report: Report, by: User | None) -> PrintJob:
    """Start a new generation of `report` (its files come when the job is done; the earlier files stay until then).

    Raises ReportBusy while a generation of it is queued or running (also under parallel requests: documents'
    one-active-job-per-scope constraint decides).
    """
    locked = Report.objects.select_for_update(of=("self",)).select_related("job", "edition").get(pk=report.pk)
    if locked.job is not None and locked.job.is_active:
        raise ReportBusy
    try:
        job = job_start(
            kind=PROGRAMME, ids=[locked.pk], title=report_titles(locked), by=by, back_url=locked.get_absolute_url()
        )
    except JobError:
        raise ReportBusy from None
    Report.objects.filter(pk=locked.pk).update(job=job)
    report.job = job
    return job


@transaction.atomic
def report_request(*, period: Period, language: str, by: User | None) -> tuple[Report, bool]:
    """The report for `period` in `language`, and whether it is new: a new one is generated at once; asking again
    for one that exists (also twice at the same moment: the unique constraints decide) returns it untouched."""
    try:
        with transaction.atomic():
            report = Report.objects.create(
                period=period.kind,
                starts_on=period.starts_on,
                ends_on=period.ends_on,
                edition=period.edition,
                language=language,
                created_by=by,
            )
    except IntegrityError:
        return _existing(period, language), False
    report_generate(report=report, by=by)
    return report, True
