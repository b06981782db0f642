"""Check-in exports of a day (its day doors) and of a session (its room door), CSV and XLSX: every scan with its
station, outcome, counting and offline flags; a name that starts a formula stays text; queries pinned."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from forum.models import CheckInCredential
from tests.factories import SessionFactory, UserFactory
from tests.factories.programme import RoomFactory, forum_time
from tests.forum.attendance.helpers import check_in, overridden, station

pytestmark = pytest.mark.django_db


def _day_url(edition, fmt="csv", day=None):
    url = reverse("forum_organiser:attendance_export", args=[edition.slug, fmt])
    return url + (f"?day={day.isoformat()}" if day else "")


def _csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def session(edition):
    room = RoomFactory(edition=edition, name="Mekong Room")
    return SessionFactory(
        room=room, title_en="Safety by design", starts_at=forum_time(edition, 1, 10), ends_at=forum_time(edition, 1, 11)
    )


def test_day_export_lists_every_day_door_scan(organiser_client, edition, approved, session):
    attacker = approved(user=UserFactory(given_name='=HYPERLINK("http://evil.example","x")', family_name="-2+3"))
    typed = approved(user=UserFactory(given_name="Dara", family_name="Typed"))
    CheckInCredential.objects.create(registration=attacker)
    door = station(edition, name="Main door")
    check_in(attacker, day=1, at=door)
    check_in(attacker, day=1, at=station(edition, name="Side door"), counts=False, outcome="already", offline=True)
    check_in(None, day=1, at=door, counts=False, outcome="unknown")
    check_in(typed, day=1, at=door)  # found by name: no badge
    check_in(attacker, day=1, session=session)  # a room door's: in the session's export, not the day's
    check_in(attacker, day=0, at=door)  # another day

    response = organiser_client.get(_day_url(edition, day=edition.ends_on))

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{edition.slug}-checkins-{edition.ends_on}.csv"'
    header, *rows = _csv(response)
    assert header[4:9] == ["Station", "Outcome", "Counts as the check-in", "Recorded offline", "Found by"]
    assert [row[4:9] for row in rows] == [
        ["Main door", "Admitted", "Yes", "No", "Badge"],
        ["Side door", "Already checked in", "No", "Yes", "Badge"],
        ["Main door", "Unknown badge", "No", "No", "Badge"],
        ["Main door", "Admitted", "Yes", "No", "Name or reference"],
    ]
    # The formula is neutralised: an apostrophe makes it text in every spreadsheet.
    assert rows[0][10] == '\'=HYPERLINK("http://evil.example","x")'
    assert rows[0][11] == "'-2+3"
    assert rows[2][9:] == [""] * 8  # an unknown badge has no person


def test_xlsx_cells_are_text_never_formulas(organiser_client, edition, approved):
    registration = approved(user=UserFactory(given_name="=1+1", family_name="Chan"))
    check_in(registration, day=1)
    response = organiser_client.get(_day_url(edition, "xlsx", edition.ends_on))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = sheet.cell(row=2, column=11)
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=1+1", "s", True)


def test_session_export_and_its_scope(organiser_client, edition, approved, session):
    registration = approved()
    door = station(edition, session=session, name="Room A")
    check_in(registration, day=1, session=session, at=door)
    check_in(approved(), day=1, session=session, at=door, counts=False, outcome="full")
    check_in(registration, day=1)  # the day door's

    url = reverse("forum_organiser:attendance_session_export", args=[edition.slug, session.pk, "csv"])
    _header, *rows = _csv(organiser_client.get(url))
    assert [(row[3], row[4], row[5], row[6]) for row in rows] == [
        ("Safety by design", "Room A", "Admitted", "Yes"),
        ("Safety by design", "Room A", "Session full", "No"),
    ]
    elsewhere = SessionFactory()
    url = reverse("forum_organiser:attendance_session_export", args=[edition.slug, elsewhere.pk, "csv"])
    assert organiser_client.get(url).status_code == 404
    url = reverse("forum_organiser:attendance_session_export", args=[edition.slug, session.pk, "pdf"])
    assert organiser_client.get(url).status_code == 404


def test_a_day_that_is_not_the_forums_is_not_found(organiser_client, edition):
    assert organiser_client.get(_day_url(edition) + "?day=2001-01-01").status_code == 404
    assert organiser_client.get(_day_url(edition) + "?day=x").status_code == 404
    assert organiser_client.get(_day_url(edition)).status_code == 200  # today, the forum's last day


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("n", [1, 10])
def test_day_export_queries(organiser_client, edition, approved, django_assert_num_queries, n, fmt):
    door = station(edition)
    for _ in range(n):
        check_in(approved(), day=1, at=door)
    # session, user, two-factor; the edition; the scans with their station, session and person; the access log.
    with django_assert_num_queries(6):
        response = organiser_client.get(_day_url(edition, fmt, edition.ends_on))
    if fmt == "csv":
        assert len(_csv(response)) == n + 1


def test_delegates_attendance_export_asks_the_one_rule(organiser_client, edition, approved):
    both = approved(user=UserFactory(given_name="Both", family_name="A"))
    half = approved(user=UserFactory(given_name="Half", family_name="B"))
    excused = approved(user=UserFactory(given_name="@SUM(1)", family_name="C"))
    door = station(edition)
    check_in(both, day=0, at=door)
    check_in(both, day=1, at=door)
    check_in(half, day=1, at=door)
    overridden(excused, reason="=paper list")

    url = reverse("forum_organiser:attendance_delegates_export", args=[edition.slug, "csv"])
    header, *rows = _csv(organiser_client.get(url))

    first, last = edition.days
    assert header[8:] == [
        f"Checked in on {first}",
        f"Checked in on {last}",
        "Days checked in",
        "Organiser's override (reason)",
        "Attended",
    ]
    assert [(row[1], *row[8:]) for row in rows] == [
        ("Both", "Yes", "Yes", "2", "", "Yes"),
        ("Half", "No", "Yes", "1", "", "No"),
        ("'@SUM(1)", "No", "No", "0", "'=paper list", "Yes"),
    ]


@pytest.mark.parametrize("n", [1, 10])
def test_delegates_export_queries(organiser_client, edition, approved, django_assert_num_queries, n):
    door = station(edition)
    for _ in range(n):
        check_in(approved(), day=1, at=door)
    url = reverse("forum_organiser:attendance_delegates_export", args=[edition.slug, "xlsx"])
    # session, user, two-factor; the edition; the delegates with their attendance; their days checked in; the
    # access log.
    with django_assert_num_queries(7):
        response = organiser_client.get(url)
    assert load_workbook(io.BytesIO(response.content)).active.max_row == n + 1
