"""An organiser reads the dashboard in Khmer on a laptop (1280 px) and a phone (360 px): every chart is drawn (an
SVG with an accessible name), every figure's table is there, nothing scrolls sideways; then asks for that year's
report in Khmer through the form, watches its generation, downloads the PDF and the XLSX, and finds in them the
totals the page showed (pdftotext for the PDF, openpyxl for the XLSX)."""

import datetime
import re

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from documents.jobs import job_run
from documents.tables import SMALL_TEXT, TOTAL_LABEL
from forum.models import Registration, RegistrationEvent, YouthDetails
from forum.models.youth import Participation
from people.models import Organisation
from reports.dashboard import dashboard_sections
from reports.models import Report
from reports.periods import Period, year_period
from tests.browser import BROWSER, assert_fits, browser_page, log_in
from tests.documents.pdfs import pdftotext
from tests.factories import (
    CountryQuotaFactory,
    EnrollmentFactory,
    ForumEditionFactory,
    OrganisationFactory,
    OrganiserFactory,
    PastCohortFactory,
    RegistrationFactory,
    UserFactory,
)
from tests.forum.attendance.helpers import check_in
from tests.reports.reports_world import sheets
from trainings.models import Enrollment

pytestmark = BROWSER

Status = Registration.Status
# (status, country, sex, age band) of each delegate: 15 registrations, 8 of them approved (they attended).
DELEGATES = [
    *[(Status.APPROVED, "KH", "female", "25_39")] * 3,
    *[(Status.APPROVED, "KH", "male", "18_24")] * 2,
    (Status.APPROVED, "TH", "female", "40_plus"),
    (Status.APPROVED, "TH", "male", "25_39"),
    (Status.APPROVED, "VN", "", ""),
    *[(Status.WAITLISTED, "TH", "female", "18_24")] * 2,
    *[(Status.SUBMITTED, "KH", "male", "")] * 2,
    (Status.REJECTED, "LA", "", ""),
]
REGISTRATIONS = len(DELEGATES) + 2  # and two youth delegates
ENROLLED = 7  # of whom 6 completed


def _world() -> Period:
    """A cohort of seven staff of one company that ended this year (six completed), and a forum edition that began
    the day after it ended: fifteen registrations in five statuses from four countries, two of them youth
    delegates; the approved delegates attended. Some figures are 5 or more, some (the youth, each sex and age band
    of a country) are hidden as "< 5"."""
    cohort = PastCohortFactory(code="KM-R1")
    company = OrganisationFactory(name="Mekong Mobile", kind=Organisation.Kind.TECH_COMPANY, country="KH")
    for index in range(ENROLLED):
        person = UserFactory(sex=("female", "male")[index % 2], age_band="25_39" if index < 4 else "18_24")
        completed = index < ENROLLED - 1
        enrollment = EnrollmentFactory(
            cohort=cohort,
            organisation=company,
            user=person,
            attended=["present"] * 3 if completed else ["present", "absent", None],
        )
        if completed:
            enrollment.status, enrollment.decided_at = Enrollment.Status.COMPLETED, timezone.now()
            enrollment.save()
    starts_on = cohort.ends_on + datetime.timedelta(days=1)
    edition = ForumEditionFactory(starts_on=starts_on, ends_on=starts_on + datetime.timedelta(days=2), capacity=20)
    CountryQuotaFactory(edition=edition, country="KH", seats=8)
    CountryQuotaFactory(edition=edition, country="TH", seats=4)
    for number, (status, country, sex, age) in enumerate(DELEGATES):
        registration = RegistrationFactory(
            edition=edition,
            status=status,
            country=country,
            user=UserFactory(sex=sex, age_band=age, country=country),
            **({} if number % 3 else {"organisation__kind": Organisation.Kind.GOVERNMENT, "organisation__sector": ""}),
        )
        day = starts_on - datetime.timedelta(days=20 - number)
        Registration.objects.filter(pk=registration.pk).update(created_at=_noon(day))
        if status == Status.APPROVED:
            event = RegistrationEvent.objects.create(registration=registration, to_status=status)
            RegistrationEvent.objects.filter(pk=event.pk).update(created_at=_noon(day + datetime.timedelta(days=2)))
            check_in(registration, day=0)
    for participation, given_at in ((Participation.PENDING, None), (Participation.GIVEN, timezone.now())):
        youth = RegistrationFactory(edition=edition, category=Registration.Category.YOUTH, is_youth=True)
        YouthDetails.objects.create(registration=youth, participation=participation, consent_given_at=given_at)
    return year_period(cohort.ends_on.year)


def _noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 12, tzinfo=datetime.UTC)


def _km(text) -> str:
    """`text` (a msgid or a lazy translation) as the Khmer pages print it."""
    with translation.override("km"):
        return translation.gettext(str(text))


def _headline(page, section: str, label: str) -> str:
    card = page.locator(f"#{section} dl.headlines > div").filter(has=page.locator("dt").get_by_text(label, exact=True))
    return card.locator("dd").first.inner_text().strip()


def _total_row(page, key: str) -> list[str]:
    return [text.strip() for text in page.locator(f"#table-{key} tr.figure-total td").all_inner_texts()]


def _read_dashboard(page, period: Period, *, width: int, screenshot: str) -> dict[str, str]:
    """The dashboard of `period` in Khmer: each chart drawn and named, each table there; the totals it shows."""
    page.goto(f"/km/organiser/?period={period.key}")
    expect(page.locator("html")).to_have_attribute("lang", "km")
    with translation.override("km"):
        sections = dashboard_sections(period=period)
    figures = [figure for section in sections for figure in section.figures]
    charts = page.locator("main svg[role=img]")
    expect(charts).to_have_count(sum(1 for figure in figures if figure.chart))
    assert sum(1 for figure in figures if figure.chart) >= 5
    for chart in charts.all():
        expect(chart).to_be_visible()
        assert chart.get_attribute("aria-label").strip()
        box = chart.bounding_box()
        assert box["width"] > 100 and box["x"] + box["width"] <= width
    for table in (figure.table for figure in figures):
        expect(page.locator(f"#table-{table.key} caption")).to_have_text(table.title)
    assert page.get_by_text(_km(SMALL_TEXT), exact=True).count() > 0  # small numbers are hidden
    page.screenshot(path=screenshot, full_page=True)
    assert_fits(page, width)
    return {
        "registrations": _headline(page, "forum", _km("Registrations")),
        "by_status": _total_row(page, "forum-by-status")[0],
        "enrolled": _headline(page, "trainings", _km("People enrolled")),
    }


@pytest.mark.parametrize("width", [1280, 360])
def test_the_khmer_dashboard_and_its_report_carry_the_same_totals(browser, live_server, artifact_path, settings, width):
    # A task backend that keeps tasks without running them: the report's generation stays queued until this test
    # runs it, so the page's progress polling is exercised.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    period = _world()
    with browser_page(browser, live_server, width, 800) as page:
        log_in(page, live_server, OrganiserFactory(with_totp=True))
        shown = _read_dashboard(page, period, width=width, screenshot=artifact_path(f"reports-km-{width}.png"))
        assert shown == {"registrations": str(REGISTRATIONS), "by_status": str(REGISTRATIONS), "enrolled": "7"}
    # The organiser asks for the year's report in Khmer on a page of the same width.
    pdf, xlsx = _ask_for_the_report(browser, live_server, period, width=width, artifact_path=artifact_path)
    with open(artifact_path(f"reports-km-{width}.pdf"), "wb") as kept:
        kept.write(pdf)
    text = pdftotext(pdf)
    assert _km("Programme report") in text
    assert period.label in text
    for label, value in ((_km("Registrations"), shown["registrations"]), (_km("People enrolled"), shown["enrolled"])):
        assert re.search(rf"^\s*{re.escape(label)}\s+{value}\b", text, re.MULTILINE), (label, value)
    # The first totals' row after the status figure's title is its table's.
    by_status = text[text.index(_km("Registrations by status")) :]
    assert re.search(rf"^\s*{re.escape(_km(TOTAL_LABEL))}\s+(\S+)", by_status, re.MULTILINE)[1] == shown["by_status"]
    assert _km(SMALL_TEXT) in text  # hidden in the PDF as on the page
    workbook = sheets(xlsx)[1:]
    status_sheet = next(rows for rows in workbook if rows[0] == (_km("Registrations by status"),))
    assert (_km(TOTAL_LABEL), int(shown["by_status"])) in status_sheet
    assert any(_km(SMALL_TEXT) in row for rows in workbook for row in rows)


def _ask_for_the_report(browser, live_server, period: Period, *, width: int, artifact_path) -> tuple[bytes, bytes]:
    """The report of `period` in Khmer asked for through the form; its generation run while the page polls; its
    PDF and XLSX downloaded through the page's links."""
    with browser_page(browser, live_server, width, 800) as page:
        log_in(page, live_server, OrganiserFactory(with_totp=True))
        page.goto("/km/organiser/reports/")
        page.fill("#id_period", str(period.starts_on.year))
        page.select_option("#id_language", "km")
        page.get_by_role("button", name=_km("Generate the report")).click()
        page.wait_for_url(re.compile(r".*/km/organiser/reports/\d+/$"))
        report = Report.objects.select_related("job").get()
        assert (report.language, report.starts_on, report.job.status) == ("km", period.starts_on, "queued")
        assert_fits(page, width)
        job_run(job_id=report.job.pk)  # what the task worker does
        download_pdf = page.get_by_role("link", name=_km("Download the PDF"), exact=True)
        expect(download_pdf).to_be_visible(timeout=10_000)  # the page polled, saw "done" and reloaded
        assert_fits(page, width)
        page.screenshot(path=artifact_path(f"reports-km-report-{width}.png"), full_page=True)
        with page.expect_download() as pdf_download:
            download_pdf.click()
        with page.expect_download() as xlsx_download:
            page.get_by_role("link", name=_km("Download the spreadsheet (XLSX)")).click()
        with open(pdf_download.value.path(), "rb") as pdf, open(xlsx_download.value.path(), "rb") as xlsx:
            return pdf.read(), xlsx.read()
