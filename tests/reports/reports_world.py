"""A small world for the programme report's tests: a cohort over this year with three people of one company who
completed it (so the report counts small numbers, hidden as "< 5"), and helpers that ask for a report as the
organiser's form does and read its files back."""

import io

from django.utils import timezone
from openpyxl import load_workbook

from people.models import Organisation
from reports.periods import Period, year_period
from reports.services import report_request
from tests.factories import EnrollmentFactory, OrganisationFactory, PastCohortFactory, UserFactory
from trainings.models import Enrollment


def small_world() -> Period:
    """Three people of Mekong Mobile completed a cohort that ended this year; the year's period."""
    cohort = PastCohortFactory(code="R1")
    company = OrganisationFactory(name="Mekong Mobile", kind=Organisation.Kind.TECH_COMPANY, country="KH")
    for sex, age in (("female", "25_39"), ("male", "18_24"), ("female", "18_24")):
        person = UserFactory(sex=sex, age_band=age, country="KH")
        enrollment = EnrollmentFactory(cohort=cohort, organisation=company, user=person, attended=["present"] * 3)
        enrollment.status, enrollment.decided_at = Enrollment.Status.COMPLETED, timezone.now()
        enrollment.save()
    return year_period(cohort.ends_on.year)


def generate(capture, *, period: Period, language: str = "en", by=None):
    """Ask for the report and let its job run (the task is immediate in tests, after the commit)."""
    with capture(execute=True):
        report, _created = report_request(period=period, language=language, by=by)
    report.refresh_from_db()
    report.job.refresh_from_db()
    return report


def read(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def _trimmed(row: tuple) -> tuple:
    while row and row[-1] is None:
        row = row[:-1]
    return row


def sheets(xlsx: bytes) -> list[list[tuple]]:
    """Every sheet's rows as openpyxl reads them back, the empty cells at their ends left out."""
    workbook = load_workbook(io.BytesIO(xlsx))
    return [[_trimmed(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets]
