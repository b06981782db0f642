"""The programme report's generation (reports.building, kind reports.programme): a real PDF (pdftotext reads its
title, its period and its sections, in English and in Khmer) and an XLSX whose sheets hold the dashboard's tables
for the same period, hidden cells as "< 5" / "x" and counts as numbers; regenerating keeps the old files until
the new ones are done."""

import datetime

import pytest
from django.utils import timezone, translation

from documents.tables import Cube, Dimension
from reports.building import STEPS, report_build
from reports.dashboard import dashboard_sections
from reports.models import Report
from reports.periods import quarter_period
from reports.sections import Figure, Section
from reports.services import report_generate
from reports.sheets import report_workbook
from tests.documents.pdfs import pdftotext
from tests.reports.reports_world import generate, read, sheets, small_world

pytestmark = pytest.mark.django_db


def expected_rows(table) -> list[tuple]:
    """A table as its sheet must hold it: title, headings, rows (hidden cells as their text, numbers as numbers)."""
    rows = [(table.title,), (table.row_heading, *table.columns)]
    for row in table.rows:
        values = [cell.text if cell.hidden else cell.value for cell in row.cells]
        rows.append((row.label, *values))
    if table.note and (table.has_hidden or not table.protected):  # the note as the page shows it
        rows += [(), (table.note,)]
    return rows


def test_an_english_report_is_a_pdf_with_its_title_period_and_sections(django_capture_on_commit_callbacks):
    period = small_world()
    report = generate(django_capture_on_commit_callbacks, period=period)
    job = report.job
    assert (job.status, job.done, job.total, job.kind, job.expires_at) == (
        "done",
        3,
        len(STEPS),
        "reports.programme",
        None,
    )
    text = pdftotext(read(job.pdf_file))
    assert "Programme report" in text
    assert period.label in text
    assert timezone.localdate().strftime("%Y") in text
    for section in dashboard_sections(period=period, for_pdf=True):
        assert section.title in text
    assert job.title == f"Programme report: {period.label} (English)"


def test_a_khmer_report_prints_in_khmer(django_capture_on_commit_callbacks):
    period = small_world()
    report = generate(django_capture_on_commit_callbacks, period=period, language="km")
    text = pdftotext(read(report.job.pdf_file))
    with translation.override("km"):
        title = translation.gettext("Programme report")
        sections = [section.title for section in dashboard_sections(period=period, for_pdf=True)]
    assert title in text
    assert str(period.starts_on.year) in text
    assert "កម្មវិធីបណ្តុះបណ្តាល" in sections  # "Training programme", shaped and read back
    for section in sections:
        assert section in text


def test_the_xlsx_holds_the_dashboards_tables_for_the_same_period(django_capture_on_commit_callbacks):
    period = small_world()
    report = generate(django_capture_on_commit_callbacks, period=period)
    cover, *tables = sheets(read(report.job.xlsx_file))
    assert cover[0] == ("Programme report",) and cover[1] == (period.label,)
    dashboard = [table for section in dashboard_sections(period=period) for table in section.tables]
    assert tables == [expected_rows(table) for table in dashboard]
    # The small world's three people are counted, and hidden: a sheet says "< 5" where the page does.
    hidden = [value for rows in tables for row in rows for value in row if value in ("< 5", "x")]
    assert "< 5" in hidden


def test_a_workbook_writes_hidden_cells_as_their_text_and_counts_as_numbers():
    sex = Dimension("Sex", (("female", "Women"), ("male", "Men")))
    country = Dimension("Country", (("KH", "Cambodia"), ("TH", "Thailand")))
    cube = Cube([country, sex], {("KH", "female"): 12, ("KH", "male"): 3, ("TH", "female"): 9, ("TH", "male"): 8})
    (table,) = cube.faces((0, 1), titles=["=People by country"], keys=["people"])
    section = Section("trainings", "Training programme", figures=[Figure(table)])
    xlsx = report_workbook(
        title="Programme report", period=quarter_period(2026, 3), generated_at=timezone.now(), sections=[section]
    )
    _cover, people = sheets(xlsx)
    assert people[0] == ("=People by country",)  # text, never a formula
    assert people[2][0] == "Cambodia" and people[2][2] == "< 5"
    assert [value for value in people[2] + people[3] if isinstance(value, int)]  # the others are numbers
    assert people[-1] == (str(table.note),)


def test_regenerating_keeps_the_old_files_until_the_new_ones_are_done(django_capture_on_commit_callbacks):
    period = small_world()
    report = generate(django_capture_on_commit_callbacks, period=period)
    first = report.job
    seen = []

    def progress(done):
        first.refresh_from_db()
        seen.append((done, first.has_results, first.pdf_file.storage.exists(first.pdf_file.name)))

    # A generation half done: the first one's files are there all along.
    report_build(Report.objects.get(pk=report.pk), progress=progress)
    assert seen == [(1, True, True), (2, True, True), (3, True, True)]
    with django_capture_on_commit_callbacks(execute=True):
        second = report_generate(report=report, by=None)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.status, second.has_results, first.has_results, first.purged_at is not None) == (
        "done",
        True,
        False,
        True,
    )
    report.refresh_from_db()
    assert report.job == second
    assert second.finished_at >= first.finished_at - datetime.timedelta(seconds=1)
