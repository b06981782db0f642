"""Exports of the registrations list: current filters applied, spreadsheet-safe, passport data only in the visa
export."""

import csv
import io
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from forum.models import Registration
from tests.factories import (
    ForumEditionFactory,
    OrganisationFactory,
    RegistrationFactory,
    UserFactory,
    VisaRequestFactory,
)

S = Registration.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    edition = ForumEditionFactory(slug="atf-2027", reference_prefix="ATF27")
    RegistrationFactory(
        edition=edition,
        status=S.APPROVED,
        user=UserFactory(given_name='=HYPERLINK("https://evil.example","x")', native_name="សុខ ដារ៉ា"),
        organisation=OrganisationFactory(name="+1+1 Telecom"),
        position="@SUM(1)",
        dietary_needs="-2",
        country="KH",
    )
    with_visa = RegistrationFactory(edition=edition, status=S.SUBMITTED, country="TH", needs_visa_letter=True)
    VisaRequestFactory(registration=with_visa, passport_number="AA7654321", passport_name="=CMD()")
    return edition


def _csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_exports_csv_applies_filters_and_neutralises_formulas(organiser_client, edition):
    response = organiser_client.get(reverse("forum_organiser:registrations_export", args=[edition.slug, "csv"]))
    assert response["Content-Disposition"] == 'attachment; filename="atf-2027-registrations.csv"'
    rows = _csv(response)
    header, first = rows[0], rows[1]
    assert header[:3] == ["Reference", "Status", "Given name"]
    assert first[0] == "ATF27-0001"
    assert first[2] == '\'=HYPERLINK("https://evil.example","x")'
    assert first[4] == "សុខ ដារ៉ា"
    assert first[7] == "'+1+1 Telecom" and first[8] == "'@SUM(1)" and first[11] == "'-2"
    assert len(rows) == 3
    assert header[-2:] == ["Submitted at (Phnom Penh, UTC+07:00)", "Status changed at (Phnom Penh, UTC+07:00)"]
    registration = Registration.objects.get(edition=edition, number=1)
    local = timezone.localtime(registration.created_at, zoneinfo.ZoneInfo("Asia/Phnom_Penh"))
    assert first[-2] == local.strftime("%Y-%m-%d %H:%M")
    # No passport data in the list export.
    assert "AA7654321" not in response.content.decode("utf-8-sig")

    filtered = organiser_client.get(
        reverse("forum_organiser:registrations_export", args=[edition.slug, "csv"]), {"country": "TH"}
    )
    assert [row[0] for row in _csv(filtered)[1:]] == ["ATF27-0002"]


def test_exports_xlsx_cells_are_text(organiser_client, edition):
    response = organiser_client.get(
        reverse("forum_organiser:registrations_export", args=[edition.slug, "xlsx"]), {"status": "approved"}
    )
    assert response["Content-Disposition"] == 'attachment; filename="atf-2027-registrations.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows())
    assert len(rows) == 2
    for row in rows:
        for cell in row:
            # Empty cells are left out; every written cell is a string.
            assert cell.value is None or cell.data_type == "s", (cell.coordinate, cell.value)
    assert rows[1][2].value.startswith("=HYPERLINK")  # kept as written, but as text
    assert rows[1][4].value == "សុខ ដារ៉ា"
    assert "AA7654321" not in [cell.value for row in rows for cell in row]


def test_exports_visa_has_passport_details_of_those_who_asked(organiser_client, edition):
    response = organiser_client.get(reverse("forum_organiser:visa_export", args=[edition.slug, "csv"]))
    rows = _csv(response)
    assert rows[0][3:7] == ["Name as in passport", "Nationality", "Passport number", "Passport expiry date"]
    assert len(rows) == 2
    assert rows[1][0] == "ATF27-0002" and rows[1][3] == "'=CMD()" and rows[1][5] == "AA7654321"
    assert rows[1][4] == "Thailand"
    xlsx = organiser_client.get(reverse("forum_organiser:visa_export", args=[edition.slug, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(row=2, column=6).value == "AA7654321"
    assert sheet.cell(row=2, column=4).data_type == "s"


def test_exports_unknown_format_is_404(organiser_client, edition):
    assert organiser_client.get(f"/en/organiser/forum/{edition.slug}/registrations/export.pdf").status_code == 404


def _pieces_a_spreadsheet_may_see(raw: str):
    """What a spreadsheet that splits on `;`, `,`, `|` or tab (ignoring quotes, or by the user's locale) makes of
    the file: every piece, with the blanks and double quotes it would trim from the front."""
    for separator in (";", ",", "|", "\t"):
        for line in re.split(r"[\r\n]+", raw):
            for piece in line.split(separator):
                yield piece.lstrip(' \t"')


def test_exports_csv_splitting_on_any_separator_never_starts_a_formula(organiser_client):
    edition = ForumEditionFactory(slug="atf-2031", reference_prefix="ATF31")
    registration = RegistrationFactory(
        edition=edition,
        needs_visa_letter=True,
        user=UserFactory(given_name="Dara", family_name='Chan;=HYPERLINK("https://evil.example","x")'),
        organisation=OrganisationFactory(name='Mekong, +cmd|" /C calc"!A0'),
        position="Lead;  @SUM(1)",
        dietary_needs='none\n-2+3;"=1+1"',
    )
    # A passport number is no phone number, however it looks.
    VisaRequestFactory(registration=registration, passport_number="+85512345678", passport_name="DARA CHAN")
    for name in ("registrations_export", "visa_export"):
        raw = organiser_client.get(reverse(f"forum_organiser:{name}", args=[edition.slug, "csv"])).content
        text = raw.decode("utf-8-sig")
        risky = [piece for piece in _pieces_a_spreadsheet_may_see(text) if piece.startswith(("=", "+", "-", "@"))]
        assert risky == [], name
        # Every cell is quoted, so a cell's `;` or `,` never splits it for a spreadsheet that honours quotes.
        header = text.split("\r\n")[0]
        assert header.startswith('"Reference","Status",') and header.endswith('"')
    visa = _csv(organiser_client.get(reverse("forum_organiser:visa_export", args=[edition.slug, "csv"])))
    assert visa[1][5] == "'+85512345678"
