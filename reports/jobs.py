"""reports' kind of batch job (documents.kinds.BuildKind), registered in ReportsConfig.ready(): the programme report
of one period in one language, built into a PDF and an XLSX (reports.building), kept until it is regenerated."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from documents.kinds import BuildKind
from people.permissions import organiser_gate

from .building import STEPS, report_build
from .models import Report

PROGRAMME = "reports.programme"


class ProgrammeReport(BuildKind):
    name = PROGRAMME
    label = _("Programme report")
    nothing_chosen = _("Choose a report.")

    def items(self, ids) -> QuerySet[Report]:
        return Report.objects.filter(pk__in=list(ids)).select_related("edition").order_by("pk")

    def gate(self, request):
        return organiser_gate(request)

    def steps(self, report: Report) -> int:
        return len(STEPS)

    def build(self, report: Report, progress):
        return report_build(report, progress=progress)
