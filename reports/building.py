"""Building the programme report (reports.jobs.ProgrammeReport): the dashboard's sections for the report's period,
in the report's language, written as a PDF (templates/reports/pdf/report.html, through documents' renderer: the
project's fonts, Khmer shaped, resources only from our static files) and as an XLSX (reports.sheets).

The sections are reports.dashboard's, asked for the same Period as the dashboard is (Report.span), so the report's
figures are the dashboard's; small numbers are hidden in them already (documents.tables), in every output alike.
"""

from collections.abc import Callable, Mapping

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from documents.render import render_pdf

from .dashboard import dashboard_sections
from .models import Report
from .sections import Section
from .sheets import report_workbook

TEMPLATE = "reports/pdf/report.html"
TITLE = _("Programme report")
# What a generation does, in order: the progress bar's steps.
STEPS = ("figures", "pdf", "xlsx")


def report_sections(report: Report, *, for_pdf: bool = True) -> list[Section]:
    """The report's figures: the dashboard's sections for its period, their words in its language."""
    with translation.override(report.language):
        return dashboard_sections(period=report.span, for_pdf=for_pdf)


def report_context(report: Report, sections: list[Section]) -> dict:
    return {
        "report": report,
        "title": TITLE,
        "period": report.span,
        "generated_at": timezone.now(),
        "sections": sections,
    }


def report_pdf(report: Report, sections: list[Section]) -> bytes:
    return render_pdf(TEMPLATE, report_context(report, sections), language=report.language)


def report_xlsx(report: Report, sections: list[Section]) -> bytes:
    with translation.override(report.language):
        return report_workbook(**report_context(report, sections))


def report_build(report: Report, *, progress: Callable[[int], None]) -> Mapping[str, bytes]:
    """The report's PDF and XLSX, reporting each of STEPS done."""
    sections = report_sections(report)
    progress(1)
    pdf = report_pdf(report, sections)
    progress(2)
    xlsx = report_xlsx(report, sections)
    progress(3)
    return {"pdf": pdf, "xlsx": xlsx}
