"""The forum's figures (forum.selectors.figures, reports.forum): every number on a small known world, the links
behind them, the protection of small numbers and a fixed number of queries."""

import datetime
import re
import zoneinfo

import pytest
from django.utils import timezone

from forum.models import Registration, RegistrationEvent, YouthDetails
from forum.models.youth import Participation
from forum.selectors.figures import current_edition, figure_editions, forum_figures
from forum.services import lifecycle
from people.models import Organisation
from reports.forum import current_edition_period, forum_section
from reports.periods import edition_period, year_period
from tests.factories.forum import (
    CountryQuotaFactory,
    ForumEditionFactory,
    RegistrationFactory,
    VisaRequestFactory,
)
from tests.factories.people import OrganisationFactory, UserFactory
from tests.factories.programme import SessionFactory
from tests.forum.attendance.helpers import check_in, overridden

pytestmark = pytest.mark.django_db

Status = Registration.Status
Category = Registration.Category
ZONE = zoneinfo.ZoneInfo("Asia/Phnom_Penh")


def _person(sex="", age="", kind=Organisation.Kind.TECH_COMPANY):
    sector = Organisation.Sector.TELECOM if kind == Organisation.Kind.TECH_COMPANY else ""
    return {"user": UserFactory(sex=sex, age_band=age), "organisation": OrganisationFactory(kind=kind, sector=sector)}


def _at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=ZONE)


def _approved_on(registration, day, hour=12, *, to=Status.APPROVED):
    """Its approval on `day` (or, with `to`, its leaving the approved status)."""
    from_status = Status.APPROVED if to != Status.APPROVED else ""
    event = RegistrationEvent.objects.create(registration=registration, from_status=from_status, to_status=to)
    RegistrationEvent.objects.filter(pk=event.pk).update(created_at=_at(day, hour))


@pytest.fixture
def world():
    """An edition that began yesterday and ends tomorrow: 10 seats, quotas KH 3 and TH 2, nine registrations."""
    today = timezone.localdate(timezone=ZONE)
    edition = ForumEditionFactory(starts_on=today - datetime.timedelta(days=1), ends_on=today + datetime.timedelta(1))
    edition.capacity = 10
    edition.save()
    CountryQuotaFactory(edition=edition, country="KH", seats=3)
    CountryQuotaFactory(edition=edition, country="TH", seats=2)
    new = {"edition": edition}
    r = {
        "kh_woman": RegistrationFactory(**new, status=Status.APPROVED, **_person("female", "25_39")),
        "kh_man": RegistrationFactory(
            **new, status=Status.APPROVED, category=Category.GOVERNMENT, **_person("male", "18_24", "government")
        ),
        # Recorded for the reports when the forum began (TH, NGO, female, 40+); the profile changed since.
        "th_recorded": RegistrationFactory(
            **new, status=Status.APPROVED, country="TH", needs_visa_letter=True, **_person("male", "18_24", "other")
        ),
        "th_absent": RegistrationFactory(**new, status=Status.APPROVED, country="TH", needs_visa_letter=True),
        "vn_waiting": RegistrationFactory(**new, status=Status.WAITLISTED, country="VN", needs_visa_letter=True),
        "youth_pending": RegistrationFactory(**new, category=Category.YOUTH, is_youth=True, **_person("female")),
        "youth_refused": RegistrationFactory(
            **new, status=Status.CANCELLED, category=Category.YOUTH, is_youth=True, needs_visa_letter=True
        ),
        "guest": RegistrationFactory(**new, status=Status.APPROVED, category=Category.GUEST),
        "staff": RegistrationFactory(**new, status=Status.APPROVED, category=Category.STAFF),
    }
    Registration.objects.filter(pk=r["th_recorded"].pk).update(
        reach_sex="female",
        reach_age_band="40_plus",
        reach_country="TH",
        reach_organisation_kind="ngo",
        reach_recorded_at=timezone.now(),
    )
    VisaRequestFactory(registration=r["th_recorded"])  # reviewed: the letter is ready
    VisaRequestFactory(registration=r["th_absent"], needs_review=True)  # changed details wait for the review
    YouthDetails.objects.create(registration=r["youth_pending"])
    YouthDetails.objects.create(registration=r["youth_refused"], participation=Participation.REFUSED)
    # Registered: 2 ten days before, 2 nine days before, 3 eight days before (guest and staff are not delegates).
    first = today - datetime.timedelta(days=10)
    for names, offset in (
        (("kh_woman", "kh_man"), 0),
        (("th_recorded", "th_absent"), 1),
        (("vn_waiting", "youth_pending", "youth_refused"), 2),
    ):
        pks = [r[name].pk for name in names]
        Registration.objects.filter(pk__in=pks).update(created_at=_at(first + datetime.timedelta(days=offset)))
    Registration.objects.filter(pk__in=[r["guest"].pk, r["staff"].pk]).update(created_at=_at(first))
    # Approvals: 3 nine days before, 2 eight days before; seven days before one of them was cancelled.
    for name in ("kh_woman", "kh_man", "youth_refused"):
        _approved_on(r[name], first + datetime.timedelta(days=1))
    for name in ("th_recorded", "th_absent"):
        _approved_on(r[name], first + datetime.timedelta(days=2))
    _approved_on(r["youth_refused"], first + datetime.timedelta(days=3), to=Status.CANCELLED)
    _approved_on(r["guest"], first + datetime.timedelta(days=1))
    # Yesterday 4 people at the day doors (staff among them), today 1; a scan that does not count; one override.
    for name in ("kh_woman", "kh_man", "guest", "staff"):
        check_in(r[name], day=0)
    check_in(r["kh_woman"], day=1)
    check_in(r["th_absent"], day=0, counts=False)
    overridden(r["th_recorded"])
    session = SessionFactory(room__edition=edition)
    check_in(r["kh_woman"], day=0, session=session)
    check_in(r["kh_man"], day=0, session=session)
    return edition, r, session


def _tables(section):
    return {figure.table.key: figure.table for figure in section.figures}


def _rows(table):
    return {row.label: [cell.text for cell in row.cells] for row in table.rows}


def _headlines(section):
    return {str(headline.label): headline for headline in section.headlines}


def test_figures_count_registrations_seats_countries_youth_and_visa_letters(world):
    edition, r, _session = world
    figures = forum_figures(editions=figure_editions(edition=edition))
    assert figures.capacity == 10 and figures.seats_taken == 4  # guest and staff take no seat
    assert figures.status_count(Status.APPROVED) == 6 and figures.status_count(Status.WAITLISTED) == 1
    assert figures.registrations == 9
    assert figures.visa_outstanding == 2  # waitlisted without details, approved with details to review
    assert figures.seated_by_country == {"KH": 2, "TH": 2}
    assert figures.active_adults_by_country == {"KH": 4, "TH": 2, "VN": 1}  # not the youth delegate waiting
    assert figures.quotas == {"KH": 3, "TH": 2}
    assert figures.youth == {(Participation.PENDING, True): 1, (Participation.REFUSED, False): 1}
    # The recorded organisation type wins over the profile's ("other").
    assert figures.active_by_kind == {"tech_company": 6, "government": 1, "ngo": 1}
    today = timezone.localdate(timezone=ZONE)
    assert figures.checked_in_per_day == {today - datetime.timedelta(days=1): 4, today: 1}
    assert [session.checked_in for session in figures.sessions] == [2]


def test_cumulative_registrations_and_seats_taken_per_day(world):
    edition, _r, _session = world
    figures = forum_figures(editions=figure_editions(edition=edition))
    first = timezone.localdate(timezone=ZONE) - datetime.timedelta(days=10)
    days = [first + datetime.timedelta(days=n) for n in range(4)]
    # The cancellation (the fourth day) frees its seat: the line ends at the seats taken now.
    assert figures.cumulative() == [(days[0], 2, 0), (days[1], 4, 3), (days[2], 7, 5), (days[3], 7, 4)]
    assert figures.cumulative()[-1][2] == figures.seats_taken
    section = forum_section(period=edition_period(edition))
    over_time = _tables(section)["forum-over-time"]
    assert over_time.columns == ("Registrations so far", "Seats taken", "Seats")
    # The capacity is beside each day.
    assert [[cell.value for cell in row.cells] for row in over_time.rows] == [
        [2, 0, 10],
        [4, 3, 10],
        [7, 5, 10],
        [7, 4, 10],
    ]
    chart = next(figure.chart for figure in section.figures if figure.table.key == "forum-over-time")
    assert "<script" not in chart and len(re.findall(r'class="series serie-\d color-\d"><path', chart)) == 3


def test_seats_taken_over_time_follow_cancellations_and_end_at_the_headline(organiser):
    """Approve two, cancel one, approve a third: three approvals ever, two seats taken, on the line as in the
    headline."""
    edition = ForumEditionFactory(capacity=2)
    first, second, third = (RegistrationFactory(edition=edition, status=Status.SUBMITTED) for _n in range(3))
    lifecycle.registration_approve(registration=first, by=organiser)
    lifecycle.registration_approve(registration=second, by=organiser)
    lifecycle.registration_cancel(registration=first, by=organiser)
    lifecycle.registration_approve(registration=third, by=organiser)
    RegistrationFactory(edition=edition, status=Status.SUBMITTED, category=Category.GUEST)
    section = forum_section(period=edition_period(edition))
    over_time = _tables(section)["forum-over-time"]
    assert [cell.value for cell in over_time.rows[-1].cells] == [3, 2, 2]
    assert _headlines(section)["Seats taken"].cell.value == 2


def test_reach_counts_who_attended_with_the_recorded_values(world):
    edition, _r, _session = world
    figures = forum_figures(editions=figure_editions(edition=edition))
    # Attended (checked in, or the override); staff are not counted; the absent delegate is not.
    assert figures.reach == {
        ("KH", "tech_company", "female", "25_39"): 1,
        ("KH", "government", "male", "18_24"): 1,
        ("TH", "ngo", "female", "40_plus"): 1,
        ("KH", "tech_company", "", ""): 1,
    }


def test_reach_before_the_forum_counts_the_approved():
    edition = ForumEditionFactory()
    RegistrationFactory(edition=edition, status=Status.APPROVED, **_person("female", "25_39"))
    RegistrationFactory(edition=edition, status=Status.SUBMITTED, **_person("male", "25_39"))
    assert forum_figures(editions=[edition]).reach == {("KH", "tech_company", "female", "25_39"): 1}


def test_section_headlines_and_tables(world):
    edition, r, _session = world
    section = forum_section(period=edition_period(edition))
    headlines = _headlines(section)
    assert headlines["Registrations"].cell.text == "9"
    assert headlines["Seats taken"].cell.text == "4" and headlines["Seats taken"].detail == "of 10 seats"
    assert headlines["On the waiting list"].cell.text == "1"
    assert headlines["Visa letters outstanding"].cell.text == "2"
    assert headlines["Checked in today"].cell.text == "1"
    # Counts of minors and of few people are protected: 1 youth delegate waiting, 4 people reached.
    assert headlines["Youth delegates waiting for their guardian's consent"].cell.text == "< 5"
    assert headlines["People reached"].cell.text == "< 5"
    tables = _tables(section)
    assert _rows(tables["forum-by-status"])["Approved"] == ["6"] and _rows(tables["forum-by-status"])["Total"] == ["9"]
    assert _rows(tables["forum-by-country"]) == {
        "Cambodia": ["2", "4", "3"],
        "Thailand": ["2", "2", "2"],
        "Vietnam": ["0", "1", "–"],
        "Total": ["4", "7", "5"],
    }
    categories = _rows(tables["forum-by-category"])
    assert categories["Invited guest"] == ["1", "1", "1"] and "Youth" not in categories  # both are minors
    assert categories["Total"] == ["6", "7", "7"]
    assert [[cell.value for cell in row.cells] for row in tables["forum-checkins-per-session"].rows] == [[2]]
    days = _rows(tables["forum-checkins-per-day"])
    assert list(days.values()) == [["4"], ["1"], ["0"]]
    youth = _rows(tables["forum-youth"])
    assert youth["Waiting for the guardian"][-1] == "< 5" and youth["Refused"][-1] == "< 5"
    assert tables["forum-reach-country-sex"].protected and tables["forum-by-kind"].protected
    assert {"forum-reach-sex-age", "forum-reach-kind-sex"} <= set(tables)


@pytest.mark.parametrize("for_pdf", [False, True])
def test_checkins_per_session_left_out_without_sessions(for_pdf):
    today = timezone.localdate(timezone=ZONE)
    edition = ForumEditionFactory(starts_on=today - datetime.timedelta(days=1), ends_on=today)
    check_in(RegistrationFactory(edition=edition, status=Status.APPROVED), day=0)
    tables = _tables(forum_section(period=edition_period(edition), for_pdf=for_pdf))
    assert _rows(tables["forum-checkins-per-day"])  # the day doors counted someone
    assert "forum-checkins-per-session" not in tables


def test_plain_tables_count_no_minor():
    """Two youth delegates of Laos (minors), one adult of the youth category: the unprotected tables by category and
    by country count the adult only (the minors are in the protected youth table); the seats stay exact."""
    edition = ForumEditionFactory()
    laos = {"edition": edition, "country": "LA", "category": Category.YOUTH}
    for _n in range(2):
        RegistrationFactory(**laos, is_youth=True, status=Status.APPROVED)
    RegistrationFactory(**laos, is_youth=False, status=Status.SUBMITTED)
    tables = _tables(forum_section(period=edition_period(edition)))
    assert _rows(tables["forum-by-category"])["Youth"] == ["0", "1", "1"]
    assert "youth delegates" in tables["forum-by-category"].note
    assert _rows(tables["forum-by-country"])["Laos"] == ["2", "1", "–"]  # 2 seats taken; 1 adult active
    assert "youth delegates" in tables["forum-by-country"].note
    youth = _rows(tables["forum-youth"])
    assert youth["Total"][-1] == "< 5" and not tables["forum-by-category"].protected


def test_small_counts_of_a_country_and_sex_are_hidden_with_a_second_cell_of_the_row():
    edition = ForumEditionFactory()
    for country, sex, n in (("KH", "female", 3), ("KH", "male", 6), ("TH", "female", 5), ("TH", "male", 5)):
        for _n in range(n):
            RegistrationFactory(edition=edition, status=Status.APPROVED, country=country, **_person(sex, "25_39"))
    table = _tables(forum_section(period=edition_period(edition)))["forum-reach-country-sex"]
    rows = {row.label: row.cells for row in table.rows}
    columns = list(table.columns)
    cambodia = rows["Cambodia"]
    assert cambodia[columns.index("Female")].text == "< 5"
    assert cambodia[columns.index("Male")].text == "x"  # else the row's total (9) gives the 3 back
    assert cambodia[columns.index("Total")].text == "9"
    assert rows["Total"][columns.index("Total")].text == "19"
    assert table.has_hidden and all(cell.shown_value is None for cell in cambodia[:2])


def test_reach_totals_published_as_seats_before_the_forum_are_not_hidden():
    """Before the forum begins whom it reached are the approved: a country's reach total is its approved seats (the
    country table) and the grand total the seats taken (a headline), both published exactly: the reach tables show
    them too and hide other cells instead."""
    edition = ForumEditionFactory()
    for country, sex, n in (("KH", "female", 2), ("TH", "female", 6), ("TH", "male", 6)):
        for _n in range(n):
            RegistrationFactory(edition=edition, status=Status.APPROVED, country=country, **_person(sex, "25_39"))
    section = forum_section(period=edition_period(edition))
    tables = _tables(section)
    assert _rows(tables["forum-by-country"])["Cambodia"][0] == "2"
    reach = _rows(tables["forum-reach-country-sex"])
    assert reach["Cambodia"][-1] == "2" and reach["Cambodia"][0] == "< 5"
    assert reach["Total"][-1] == "14" == _headlines(section)["Seats taken"].cell.text
    # Cambodia's two women hide: so does one more cell of the women's column, the total of the row being known.
    assert sum(row[0] in ("< 5", "x") for label, row in reach.items()) >= 2


def test_a_small_number_reached_before_the_forum_is_the_seats_taken():
    edition = ForumEditionFactory()
    for _n in range(3):
        RegistrationFactory(edition=edition, status=Status.APPROVED, **_person("female", "25_39"))
    headlines = _headlines(forum_section(period=edition_period(edition)))
    assert headlines["People reached"].cell.text == "3" == headlines["Seats taken"].cell.text


def test_links_lead_to_the_filtered_lists(world, organiser_client):
    edition, r, _session = world
    section = forum_section(period=edition_period(edition))
    headlines = _headlines(section)
    visa = organiser_client.get(headlines["Visa letters outstanding"].cell.link)
    assert visa.status_code == 200
    page = visa.content.decode()
    assert r["th_absent"].reference in page and r["vn_waiting"].reference in page
    assert r["th_recorded"].reference not in page and r["youth_refused"].reference not in page
    waiting = organiser_client.get(headlines["On the waiting list"].cell.link)
    assert waiting.status_code == 200 and r["vn_waiting"].reference in waiting.content.decode()
    country = _tables(section)["forum-by-country"].rows[0].link
    assert "country=KH" in country and organiser_client.get(country).status_code == 200
    consent = next(row.cells[-1].link for row in _tables(section)["forum-youth"].rows if row.label.startswith("Wait"))
    listed = organiser_client.get(consent).content.decode()
    assert r["youth_pending"].reference in listed and r["youth_refused"].reference not in listed
    day = _tables(section)["forum-checkins-per-day"].rows[0].link
    assert "day=" in day and organiser_client.get(day).status_code == 200
    assert organiser_client.get(headlines["Checked in today"].cell.link).status_code == 200


def test_a_pdf_section_carries_no_link(world):
    edition, _r, _session = world
    section = forum_section(period=edition_period(edition), for_pdf=True)
    assert not any(headline.cell.link for headline in section.headlines)
    assert not any(row.link or any(cell.link for cell in row.cells) for t in section.tables for row in t.rows)


def test_no_edition_in_the_period_says_so():
    section = forum_section(period=year_period(2001))
    assert section.empty == "No forum edition in this period." and not section.figures
    assert current_edition() is None and current_edition_period() is None


def test_current_edition_is_the_earliest_not_over_else_the_latest():
    today = timezone.localdate()
    past = ForumEditionFactory(starts_on=today - datetime.timedelta(days=400), ends_on=today - datetime.timedelta(399))
    assert current_edition() == past
    later = ForumEditionFactory(starts_on=today + datetime.timedelta(days=300), ends_on=today + datetime.timedelta(301))
    running = ForumEditionFactory(starts_on=today - datetime.timedelta(days=1), ends_on=today)
    assert current_edition() == running and later != running
    assert current_edition_period().edition == running


def test_a_year_counts_the_editions_that_begin_in_it():
    first = ForumEditionFactory(starts_on=datetime.date(2031, 3, 1), ends_on=datetime.date(2031, 3, 2), capacity=5)
    second = ForumEditionFactory(starts_on=datetime.date(2031, 9, 1), ends_on=datetime.date(2031, 9, 2), capacity=7)
    ForumEditionFactory(starts_on=datetime.date(2032, 1, 1), ends_on=datetime.date(2032, 1, 2))
    RegistrationFactory(edition=first, status=Status.APPROVED)
    RegistrationFactory(edition=second, status=Status.APPROVED)
    section = forum_section(period=year_period(2031))
    assert _headlines(section)["Seats taken"].detail == "of 12 seats"
    assert _headlines(section)["Seats taken"].cell.text == "2" and not _headlines(section)["Seats taken"].cell.link


def _grow(edition, n):
    for index in range(n):
        registration = RegistrationFactory(
            edition=edition,
            status=Status.APPROVED,
            country=("KH", "TH", "VN")[index % 3],
            is_youth=index % 7 == 0,
            needs_visa_letter=index % 4 == 0,
            **_person(("female", "male")[index % 2], "25_39"),
        )
        _approved_on(registration, edition.starts_on - datetime.timedelta(days=index % 5 + 1))
        if index % 2:
            check_in(registration, day=0)


@pytest.mark.parametrize("size", [2, 30])
def test_section_runs_a_fixed_number_of_queries(size, django_assert_num_queries):
    today = timezone.localdate(timezone=ZONE)
    edition = ForumEditionFactory(starts_on=today - datetime.timedelta(days=1), ends_on=today + datetime.timedelta(1))
    SessionFactory(room__edition=edition)
    _grow(edition, size)
    period = edition_period(edition)
    with django_assert_num_queries(13):
        forum_section(period=period)


def test_section_renders_on_the_page_with_its_charts_and_tables(world):
    from django.template.loader import render_to_string

    edition, _r, _session = world
    html = render_to_string("reports/_section.html", {"section": forum_section(period=edition_period(edition))})
    assert html.count("<svg") >= 5 and "<script" not in html and "&lt; 5" in html
    assert 'id="table-forum-reach-country-sex"' in html and "People reached by sex and age band" in html


def test_section_in_khmer_for_a_pdf_numbers_what_needs_shaping(world):
    from django.utils import translation

    edition, _r, _session = world
    with translation.override("km"):
        section = forum_section(period=edition_period(edition), for_pdf=True)
    assert section.figures and all(figure.table.title for figure in section.figures)
    charts = [figure.chart for figure in section.figures if figure.chart]
    assert charts and all("<style>" in chart and "<script" not in chart for chart in charts)
