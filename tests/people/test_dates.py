"""Dates and times read one way, day-month-year with a 24-hour clock, on pages, PDFs and e-mails in English and Khmer
(config/formats, people.dates), and time zones named by their label ("Phnom Penh, UTC+07:00"), never by their IANA
name."""

import datetime
import re
import zoneinfo
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format

from certificates.pdf import render_certificate
from certificates.services import certificate_revoke
from forum.models import AgendaChoice, Registration
from forum.services.programme import notify_session_changed, programme_publish
from people import dates
from tests.documents.pdfs import pdftotext
from tests.factories import (
    CertificateFactory,
    CohortFactory,
    EnrollmentFactory,
    ForumEditionFactory,
    RegistrationFactory,
    RoomFactory,
    SessionFactory,
    TrainingSessionFactory,
    forum_time,
)

pytestmark = pytest.mark.django_db
PHNOM_PENH = zoneinfo.ZoneInfo("Asia/Phnom_Penh")
EVENING = datetime.datetime(2026, 12, 1, 18, 5, tzinfo=PHNOM_PENH)  # a Tuesday
EN = {
    "DATE_FORMAT": "1 December 2026",
    "DATETIME_FORMAT": "1 December 2026, 18:05",
    "SHORT_DATE_FORMAT": "1 Dec 2026",
    "SHORT_DATETIME_FORMAT": "1 Dec 2026, 18:05",
}
KM = {
    "DATE_FORMAT": "1 ខែ ធ្នូ ឆ្នាំ 2026",
    "DATETIME_FORMAT": "1 ខែ ធ្នូ ឆ្នាំ 2026, 18:05",
    "SHORT_DATE_FORMAT": "1 ធ្នូ 2026",
    "SHORT_DATETIME_FORMAT": "1 ធ្នូ 2026, 18:05",
}


def visible_text(html: str) -> str:
    """The page's words as a reader meets them: tags (and the values in their attributes) left out."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize(("language", "expected"), [("en", EN), ("km", KM)])
def test_named_formats_are_day_month_year_with_a_24_hour_clock(language, expected):
    with translation.override(language), timezone.override(PHNOM_PENH):
        assert {name: date_format(EVENING, name) for name in expected} == expected
        assert time_format(EVENING) == "18:05"


@pytest.mark.parametrize(
    ("language", "long", "short"),
    [
        ("en", "Tuesday 1 December 2026, 18:05–19:30", "Tue 1 Dec 2026, 18:05–19:30"),
        ("km", "អង្គារ 1 ខែ ធ្នូ ឆ្នាំ 2026, 18:05–19:30", "អង្គារ 1 ធ្នូ 2026, 18:05–19:30"),
    ],
)
def test_time_span_names_the_day_and_both_times(language, long, short):
    end = EVENING + datetime.timedelta(minutes=85)
    with translation.override(language), timezone.override(PHNOM_PENH):
        assert dates.time_span(EVENING, end) == long
        assert dates.time_span(EVENING, end, short=True) == short
        # Shown in the current zone, as Django's date filter does: the same moment read in UTC is 11:05.
        assert dates.time_span(EVENING.astimezone(datetime.UTC), short=True).endswith(", 18:05")


def test_time_span_over_midnight_and_date_span_write_both_ends():
    with translation.override("en"), timezone.override(PHNOM_PENH):
        assert dates.time_span(EVENING, EVENING + datetime.timedelta(hours=7), short=True) == (
            "Tue 1 Dec 2026, 18:05 – Wed 2 Dec 2026, 01:05"
        )
        assert dates.date_span(datetime.date(2026, 12, 1), datetime.date(2026, 12, 3)) == (
            "1 December 2026 – 3 December 2026"
        )
        assert dates.date_span(datetime.date(2026, 12, 1), datetime.date(2026, 12, 1), short=True) == "1 Dec 2026"


def test_time_zone_choices_name_every_zone_by_its_label_asean_first():
    (asean_group, asean), (_others_group, others) = dates.time_zone_choices(datetime.date(2026, 12, 1))
    assert ("Asia/Phnom_Penh", "Phnom Penh, UTC+07:00") in asean
    assert ("Asia/Manila", "Manila, UTC+08:00") in asean
    assert ("Europe/Paris", "Paris, UTC+01:00") in others
    assert all("/" not in label and "_" not in label for _name, label in asean + others)
    assert not any(name.startswith(("Etc/", "US/")) for name, _label in others)
    # A stored zone left out of the list stays choosable.
    (_g, _asean), (_o, kept) = dates.time_zone_choices(current="Etc/GMT-7")
    assert ("Etc/GMT-7", "GMT-7, UTC+07:00") in kept


# --- pages, PDFs and e-mails


@pytest.fixture
def forum():
    """A forum on 1-3 December 2026, one session on its first evening, in a delegate's agenda."""
    edition = ForumEditionFactory(
        slug="atf-2026", starts_on=datetime.date(2026, 12, 1), ends_on=datetime.date(2026, 12, 3)
    )
    programme_publish(edition=edition)
    session = SessionFactory(
        room=RoomFactory(edition=edition, name="Mekong Room"),
        title_en="Platform safety",
        starts_at=forum_time(edition, 0, 18, 5),
        ends_at=forum_time(edition, 0, 19, 30),
    )
    registration = RegistrationFactory(edition=edition, status=Registration.Status.APPROVED)
    AgendaChoice.objects.create(registration=registration, session=session)
    return edition, session, registration


@pytest.mark.parametrize(
    ("language", "when"),
    [
        ("en", "Tuesday 1 December 2026, 18:05–19:30 (Phnom Penh, UTC+07:00)"),
        ("km", "អង្គារ 1 ខែ ធ្នូ ឆ្នាំ 2026, 18:05–19:30 (ភ្នំពេញ, UTC+07:00)"),
    ],
)
def test_session_page_gives_its_day_and_times(client, forum, language, when):
    edition, session, _registration = forum
    page = visible_text(client.get(f"/{language}/forum/{edition.slug}/programme/sessions/{session.pk}/").text)
    assert when in page


@pytest.mark.parametrize(("language", "submitted"), [("en", "1 Dec 2026, 18:05"), ("km", "1 ធ្នូ 2026, 18:05")])
def test_organiser_registrations_list_gives_submission_times_day_first(organiser_client, forum, language, submitted):
    edition, _session, registration = forum
    Registration.objects.filter(pk=registration.pk).update(created_at=EVENING)
    page = visible_text(organiser_client.get(f"/{language}/organiser/forum/{edition.slug}/registrations/").text)
    assert submitted in page
    assert "12/01/2026" not in page and "p.m." not in page


@pytest.mark.parametrize(
    ("language", "when"), [("en", "Tue 1 Dec 2026, 18:05–19:30"), ("km", "អង្គារ 1 ធ្នូ 2026, 18:05–19:30")]
)
def test_agenda_pdf_gives_day_and_times(client, forum, language, when):
    edition, _session, registration = forum
    client.force_login(registration.user)
    text = pdftotext(client.get(f"/{language}/forum/{edition.slug}/my-agenda.pdf").content)
    assert when in " ".join(text.split())
    assert {"en": "Phnom Penh, UTC+07:00", "km": "ភ្នំពេញ, UTC+07:00"}[language] in text


@pytest.mark.parametrize(
    ("language", "when"),
    [
        ("en", "Tuesday 1 December 2026, 18:05–19:30 (Phnom Penh, UTC+07:00)"),
        ("km", "អង្គារ 1 ខែ ធ្នូ ឆ្នាំ 2026, 18:05–19:30 (ភ្នំពេញ, UTC+07:00)"),
    ],
)
def test_session_changed_email_gives_day_and_times_in_the_readers_language(forum, language, when):
    _edition, session, registration = forum
    registration.user.language = language
    registration.user.save(update_fields=["language"])
    mail.outbox = []
    notify_session_changed.enqueue(session_id=session.pk)
    assert len(mail.outbox) == 1
    assert when in mail.outbox[0].body


def test_session_changed_email_reads_times_in_the_forums_zone_not_the_sites():
    edition = ForumEditionFactory(
        time_zone="Asia/Manila", starts_on=datetime.date(2026, 12, 1), ends_on=datetime.date(2026, 12, 3)
    )
    session = SessionFactory(
        room=RoomFactory(edition=edition), starts_at=forum_time(edition, 0, 9), ends_at=forum_time(edition, 0, 10)
    )
    registration = RegistrationFactory(edition=edition, status=Registration.Status.APPROVED)
    AgendaChoice.objects.create(registration=registration, session=session)
    mail.outbox = []
    notify_session_changed.enqueue(session_id=session.pk)
    assert "Tuesday 1 December 2026, 09:00–10:00 (Manila, UTC+08:00)" in mail.outbox[0].body


def test_verification_page_gives_the_revocation_date(client):
    certificate = CertificateFactory()
    with timezone.override(PHNOM_PENH):
        certificate_revoke(certificate=certificate, reason="Issued in error", by=None)
    certificate.refresh_from_db()
    day = timezone.localdate(certificate.revoked_at, PHNOM_PENH)
    page = visible_text(client.get(f"/en/certificates/verify/{certificate.code}/").text)
    with translation.override("en"):
        assert f"Revoked on {date_format(day, 'DATE_FORMAT')}." in page
    page = visible_text(client.get(f"/km/certificates/verify/{certificate.code}/").text)
    with translation.override("km"):
        assert date_format(day, "DATE_FORMAT") in page


def test_no_page_names_a_time_zone_by_its_iana_name(organiser_client, forum):
    edition, session, registration = forum
    cohort = CohortFactory()
    pages = [
        f"/en/organiser/forum/{edition.slug}/",
        f"/en/organiser/forum/{edition.slug}/edit/",
        "/en/organiser/forum/new/",
        f"/en/organiser/programme/{edition.slug}/sessions/new/",
        f"/en/organiser/programme/{edition.slug}/sessions/{session.pk}/",
        f"/en/forum/{edition.slug}/",
        f"/en/forum/{edition.slug}/programme/",
        f"/en/forum/{edition.slug}/programme/sessions/{session.pk}/",
        f"/en/organiser/trainings/cohorts/{cohort.pk}/",
    ]
    for url in pages:
        response = organiser_client.get(url)
        assert response.status_code == 200, url
        assert "Asia/Phnom_Penh" not in visible_text(response.text), url
    form = organiser_client.get(f"/en/organiser/forum/{edition.slug}/edit/").text
    assert '<option value="Asia/Phnom_Penh" selected>Phnom Penh, UTC+07:00</option>' in form
    session_form = organiser_client.get(f"/en/organiser/programme/{edition.slug}/sessions/new/").text
    assert "In the forum's time zone (Phnom Penh, UTC+07:00)." in session_form
    cohort_page = organiser_client.get(f"/en/organiser/trainings/cohorts/{cohort.pk}/").text
    assert "Local time (Phnom Penh, UTC+07:00)." in cohort_page
    sheet = organiser_client.get(f"/en/organiser/forum/{edition.slug}/registrations/export.csv").content.decode()
    assert "Submitted at (Phnom Penh, UTC+07:00)" in sheet.splitlines()[0]


def test_certificate_pdf_gives_its_days_and_issue_date_day_first():
    english = CertificateFactory(issued_at=EVENING, language="en")
    khmer = CertificateFactory(issued_at=EVENING, language="km")
    english_text = " ".join(pdftotext(render_certificate(english)).split())
    assert "2 March 2026 – 4 March 2026" in english_text
    assert "Issued: 1 December 2026" in english_text
    khmer_text = " ".join(pdftotext(render_certificate(khmer)).split())
    assert "2 ខែ មីនា ឆ្នាំ 2026 – 4 ខែ មីនា ឆ្នាំ 2026" in khmer_text
    assert "1 ខែ ធ្នូ ឆ្នាំ 2026" in khmer_text


@pytest.fixture
def training_session():
    """A training session on the evening of 1 December 2026, one participant enrolled."""
    session = TrainingSessionFactory(starts_at=EVENING, ends_at=EVENING + datetime.timedelta(minutes=85))
    EnrollmentFactory(cohort=session.cohort)
    return session


def test_roll_call_history_and_sheet_give_day_and_times(organiser_client, training_session):
    pages = f"/en/trainings/sessions/{training_session.pk}/attendance/"
    for url in (pages, f"{pages}history/"):
        assert "Tue 1 Dec 2026, 18:05–19:30" in visible_text(organiser_client.get(url).text), url
    sheet = organiser_client.get(f"/km/trainings/sessions/{training_session.pk}/attendance/sheet.pdf").content
    assert "អង្គារ 1 ខែ ធ្នូ ឆ្នាំ 2026, 18:05–19:30" in " ".join(pdftotext(sheet).split())


def test_unlock_message_gives_the_time_day_first(organiser_client, training_session):
    response = organiser_client.post(f"/en/trainings/sessions/{training_session.pk}/attendance/unlock/", follow=True)
    (message,) = [str(message) for message in response.context["messages"]]
    assert re.fullmatch(r"Attendance is open to trainers until \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}\.", message)


# Formats a template may name: the named ones (config/formats), ISO 8601 for machines ("c" in datetime=""
# attributes, "Y-m-d" in a link's query), and the seconds of an audit trail.
NAMED_FORMATS = {
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATE_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "MONTH_DAY_FORMAT",
    "YEAR_MONTH_FORMAT",
    "TIME_FORMAT",
    "c",
    "Y-m-d",
    "H:i:s",
}


def test_templates_write_dates_only_in_the_named_formats():
    """A literal format ("n/j/Y", "g:i a", "D j M") would write one page's dates unlike every other's."""
    root = Path(settings.BASE_DIR) / "templates"
    literal = re.compile(r"""\|(?:date|time):(?:"([^"]*)"|'([^']*)')""")
    found = [
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in root.rglob("*")
        if path.suffix in (".html", ".txt")
        for match in literal.finditer(path.read_text())
        if (match.group(1) or match.group(2)) not in NAMED_FORMATS
    ]
    assert found == []


def test_asean_time_zones_are_named_in_the_readers_language():
    """A Khmer page names the forum's zone in Khmer; a zone outside ASEAN keeps the city as IANA writes it."""
    day = datetime.date(2027, 3, 1)
    with translation.override("km"):
        assert dates.time_zone_label("Asia/Phnom_Penh", day) == "ភ្នំពេញ, UTC+07:00"
        assert dates.time_zone_label("Asia/Bangkok", day) == "បាងកក, UTC+07:00"
        assert dates.time_zone_label("Europe/Paris", day) == "Paris, UTC+01:00"
    with translation.override("en"):
        assert dates.time_zone_label("Asia/Ho_Chi_Minh", day) == "Ho Chi Minh City, UTC+07:00"
    assert set(dates.CITIES) == set(dates.ASEAN_TIME_ZONES)
