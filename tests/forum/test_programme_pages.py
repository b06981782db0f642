"""Programme pages: public programme and sessions, my agenda, calendars (parsed back), PDFs, organiser editor."""

import datetime
import io

import icalendar
import pytest
from django.test import Client, override_settings
from pypdf import PdfReader

from forum.models import AgendaChoice, AgendaFeed, Registration, Room, Session, SessionSpeaker
from forum.services.agenda import agenda_feed_renew, agenda_feed_revoke
from forum.services.programme import programme_publish, session_update
from tests.factories import (
    ForumEditionFactory,
    RegistrationFactory,
    RoomFactory,
    SessionFactory,
    SessionSpeakerFactory,
    UserFactory,
    forum_time,
)

pytestmark = pytest.mark.django_db
APPROVED = Registration.Status.APPROVED


@pytest.fixture
def edition():
    edition = ForumEditionFactory(slug="atf-2027")
    programme_publish(edition=edition)
    return edition


def _programme(edition, sessions=3):
    rooms = [RoomFactory(edition=edition, name=name) for name in ("Plenary Hall", "Mekong Room")]
    made = []
    for i in range(sessions):
        made.append(
            SessionFactory(
                room=rooms[i % 2],
                starts_at=forum_time(edition, i % 3, 9 + (i // 6) % 8, 0 if i % 6 < 3 else 0)
                + datetime.timedelta(minutes=0),
                track=f"Track {i % 2}",
            )
        )
    return rooms, made


def _many_sessions(edition, count):
    rooms = [RoomFactory(edition=edition) for _ in range(4)]
    sessions = []
    for i in range(count):
        room = rooms[i % 4]
        slot = i // 4
        start = forum_time(edition, slot % 3, 8) + datetime.timedelta(minutes=30 * (slot // 3))
        session = SessionFactory(room=room, starts_at=start, ends_at=start + datetime.timedelta(minutes=30))
        SessionSpeakerFactory(session=session)
        SessionSpeakerFactory(
            session=session, guest_name="", registration=RegistrationFactory(edition=edition, status=APPROVED)
        )
        sessions.append(session)
    return sessions


def test_programme_page_shows_sessions_rooms_and_zone(client, edition):
    room = RoomFactory(edition=edition, name="Plenary Hall")
    SessionFactory(room=room, title_en="Opening plenary", starts_at=forum_time(edition, 0, 9))
    response = client.get(f"/en/forum/{edition.slug}/programme/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Opening plenary" in text
    assert "Plenary Hall" in text
    assert "09:00" in text  # local time, not UTC (02:00)
    assert "Phnom Penh, UTC+07:00" in text
    assert 'class="d-none d-lg-block table-responsive programme-grid"' in text
    assert 'class="list-unstyled d-lg-none programme-list"' in text


def test_programme_page_khmer_titles(client, edition):
    SessionFactory(room=RoomFactory(edition=edition), title_en="Age assurance", title_km="ការផ្ទៀងផ្ទាត់អាយុ")
    text = client.get(f"/km/forum/{edition.slug}/programme/").content.decode()
    assert "ការផ្ទៀងផ្ទាត់អាយុ" in text


def test_programme_page_filters_by_track_and_kind(client, edition):
    room = RoomFactory(edition=edition)
    SessionFactory(
        room=room, title_en="Safety panel", track="Platform safety", kind="panel", starts_at=forum_time(edition, 0, 9)
    )
    SessionFactory(
        room=room,
        title_en="Reporting workshop",
        track="Reporting",
        kind="workshop",
        starts_at=forum_time(edition, 0, 11),
    )
    text = client.get(f"/en/forum/{edition.slug}/programme/?track=Reporting").content.decode()
    assert "Reporting workshop" in text and "Safety panel" not in text
    text = client.get(f"/en/forum/{edition.slug}/programme/?kind=panel").content.decode()
    assert "Safety panel" in text and "Reporting workshop" not in text
    assert client.get(f"/en/forum/{edition.slug}/programme/?kind=bogus").status_code == 200


def test_programme_page_unpublished_404_except_organisers(organiser_client):
    edition = ForumEditionFactory()
    assert Client().get(f"/en/forum/{edition.slug}/programme/").status_code == 404
    response = organiser_client.get(f"/en/forum/{edition.slug}/programme/")
    assert response.status_code == 200
    assert "Not published" in response.content.decode()


@pytest.mark.parametrize("count", [1, 10])
def test_programme_page_query_count(client, edition, django_assert_num_queries, count):
    """`count` sessions, each with a guest and a delegate speaker (bench/programme.py times a full forum): the first
    request renders the days (the edition with its programme settings, the delegates who speak, the tracks, rooms,
    sessions and speakers), the next ones read them from the cache (forum.views.programme_cache)."""
    sessions = _many_sessions(edition, count)
    for queries in (6, 2):
        with django_assert_num_queries(queries):
            response = client.get(f"/en/forum/{edition.slug}/programme/")
        assert response.status_code == 200
        assert response.content.decode().count('class="programme-session') == 2 * count  # the grid and the list
        assert sessions[-1].title_en in response.content.decode()


def _speakers(session, count):
    """`count` speakers of `session`: delegates and guests in turn; the name the last one is shown by."""
    for n in range(1, count + 1):
        if n % 2:
            SessionSpeakerFactory(session=session, guest_name=f"Guest number {n}")
        else:
            user = UserFactory(given_name="Delegate", family_name=f"Number{n}")
            registration = RegistrationFactory(edition=session.edition, status=APPROVED, user=user)
            SessionSpeakerFactory(session=session, registration=registration, guest_name="")
    return f"Guest number {count}" if count % 2 else f"Delegate Number{count}"


@pytest.mark.parametrize("count", [1, 10])
def test_session_page_query_count(client, edition, django_assert_num_queries, count):
    session = SessionFactory(room=RoomFactory(edition=edition))
    last = _speakers(session, count)
    with django_assert_num_queries(3):
        response = client.get(f"/en/forum/{edition.slug}/programme/sessions/{session.pk}/")
    assert response.status_code == 200
    assert f"<strong>{last}</strong>" in response.content.decode()


def test_session_page_youth_speaker_anonymised(client, edition):
    session = SessionFactory(room=RoomFactory(edition=edition), title_en="Youth voices panel", kind="panel")
    youth = RegistrationFactory(
        edition=edition,
        status=APPROVED,
        is_youth=True,
        country="KH",
        user=UserFactory(given_name="Srey", family_name="Neang"),
        position="Student",
    )
    SessionSpeakerFactory(session=session, registration=youth, guest_name="")
    SessionSpeakerFactory(session=session, guest_name="Ms Dara Lim", guest_organisation="ECPAT", role="moderator")
    for path in (f"/en/forum/{edition.slug}/programme/sessions/{session.pk}/", f"/en/forum/{edition.slug}/programme/"):
        text = client.get(path).content.decode()
        assert "Youth delegate, Cambodia" in text
        assert "Srey" not in text and "Neang" not in text
        assert "Ms Dara Lim" in text


def test_session_page_other_edition_404(client, edition):
    other = SessionFactory(room=RoomFactory(edition=ForumEditionFactory()))
    assert client.get(f"/en/forum/{edition.slug}/programme/sessions/{other.pk}/").status_code == 404


# --- calendars


@override_settings(SITE_URL="https://forum.example.org")
def test_programme_ics_parses_with_every_field(client, edition):
    room = RoomFactory(edition=edition, name="Mekong Room")
    session = SessionFactory(
        room=room, title_en="CSAM reporting", title_km="ការរាយការណ៍", starts_at=forum_time(edition, 0, 9)
    )
    response = client.get(f"/en/forum/{edition.slug}/programme.ics")
    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    assert str(cal["VERSION"]) == "2.0"
    assert "ATF" in str(cal["PRODID"])
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == f"session-{session.pk}@forum.example.org"
    assert str(event["SUMMARY"]) == "CSAM reporting"
    assert str(event["LOCATION"]) == f"Mekong Room, {edition.venue}"
    assert event["SEQUENCE"] == 0
    assert event["DTSTART"].dt == datetime.datetime(
        edition.starts_on.year, edition.starts_on.month, edition.starts_on.day, 2, tzinfo=datetime.UTC
    )
    assert event["DTEND"].dt - event["DTSTART"].dt == datetime.timedelta(hours=1)
    assert event["DTSTAMP"].dt.tzinfo is not None
    raw = response.content.decode()
    assert "DTSTART:" in raw and raw.split("DTSTART:")[1][:16].endswith("Z")
    assert str(event["URL"]).startswith("https://forum.example.org/en/forum/")
    # Khmer titles on /km/, UID unchanged; a move raises SEQUENCE.
    session_update(session=session, starts_at=forum_time(edition, 0, 14), ends_at=forum_time(edition, 0, 15))
    cal = icalendar.Calendar.from_ical(client.get(f"/km/forum/{edition.slug}/programme.ics").content)
    (event,) = cal.walk("VEVENT")
    assert str(event["SUMMARY"]) == "ការរាយការណ៍"
    assert str(event["UID"]) == f"session-{session.pk}@forum.example.org"
    assert event["SEQUENCE"] == 1
    assert event["DTSTART"].dt.hour == 7


def test_agenda_ics_token_renew_and_revoke(client, edition):
    session = SessionFactory(room=RoomFactory(edition=edition), title_en="In my agenda")
    SessionFactory(room=RoomFactory(edition=edition), title_en="Not in my agenda")
    registration = RegistrationFactory(edition=edition, status=APPROVED)
    AgendaChoice.objects.create(registration=registration, session=session)
    feed = agenda_feed_renew(registration=registration)
    url = f"/en/forum/{edition.slug}/my-agenda/{feed.token}.ics"
    cal = icalendar.Calendar.from_ical(client.get(url).content)
    assert [str(e["SUMMARY"]) for e in cal.walk("VEVENT")] == ["In my agenda"]
    renewed = agenda_feed_renew(registration=registration)
    assert client.get(url).status_code == 404
    assert client.get(f"/en/forum/{edition.slug}/my-agenda/{renewed.token}.ics").status_code == 200
    agenda_feed_revoke(registration=registration)
    assert client.get(f"/en/forum/{edition.slug}/my-agenda/{renewed.token}.ics").status_code == 404
    assert client.get(f"/en/forum/other/my-agenda/{renewed.token}.ics").status_code == 404
    assert client.get(f"/en/forum/{edition.slug}/my-agenda/None.ics").status_code == 404


def test_agenda_ics_hidden_programme_404(client, edition):
    registration = RegistrationFactory(edition=edition, status=APPROVED)
    feed = agenda_feed_renew(registration=registration)
    programme_publish(edition=edition, publish=False)
    assert client.get(f"/en/forum/{edition.slug}/my-agenda/{feed.token}.ics").status_code == 404


def test_agenda_ics_cancelled_registration_404(client, edition):
    registration = RegistrationFactory(edition=edition, status=APPROVED)
    feed = agenda_feed_renew(registration=registration)
    Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.CANCELLED)
    assert client.get(f"/en/forum/{edition.slug}/my-agenda/{feed.token}.ics").status_code == 404


# --- my agenda


def test_my_agenda_add_overlap_full_and_remove(client, edition):
    room, other = RoomFactory(edition=edition), RoomFactory(edition=edition)
    first = SessionFactory(room=room, title_en="Platform safety", starts_at=forum_time(edition, 0, 9))
    clash = SessionFactory(room=other, title_en="Age assurance", starts_at=forum_time(edition, 0, 9))
    full = SessionFactory(
        room=other,
        title_en="Hands-on workshop",
        starts_at=forum_time(edition, 0, 11),
        requires_signup=True,
        signup_capacity=1,
    )
    AgendaChoice.objects.create(registration=RegistrationFactory(edition=edition, status=APPROVED), session=full)
    registration = RegistrationFactory(edition=edition, status=APPROVED)
    client.force_login(registration.user)
    url = f"/en/forum/{edition.slug}/my-agenda/"
    response = client.post(url, {"action": "add", "session": first.pk}, follow=True)
    assert "“Platform safety” is in your agenda." in response.content.decode()
    response = client.post(url, {"action": "add", "session": clash.pk}, follow=True)
    assert "overlaps “Platform safety”" in response.content.decode()
    response = client.post(url, {"action": "add", "session": full.pk}, follow=True)
    assert "“Hands-on workshop” is full." in response.content.decode()
    assert list(AgendaChoice.objects.filter(registration=registration).values_list("session", flat=True)) == [first.pk]
    client.post(url, {"action": "remove", "session": first.pk})
    assert not AgendaChoice.objects.filter(registration=registration).exists()


def test_my_agenda_bad_input_never_500(client, edition):
    registration = RegistrationFactory(edition=edition, status=APPROVED)
    client.force_login(registration.user)
    url = f"/en/forum/{edition.slug}/my-agenda/"
    assert client.post(url, {"action": "add", "session": "abc"}).status_code == 404
    assert client.post(url, {"action": "add", "session": "999999"}).status_code == 404
    other = SessionFactory(room=RoomFactory(edition=ForumEditionFactory()))
    assert client.post(url, {"action": "add", "session": other.pk}).status_code == 404
    assert client.post(url, {"action": "explode"}).status_code == 302
    response = client.post(url, {"action": "renew", "next": "https://evil.example.com/"})
    assert response["Location"] == url
    response = client.post(url, {"action": "renew", "next": "/\\evil.example.com/"})
    assert response["Location"] == url


def test_organiser_bad_speaker_id_404(organiser_client):
    session = SessionFactory()
    url = f"/en/organiser/programme/{session.edition.slug}/sessions/{session.pk}/"
    assert organiser_client.post(url, {"action": "remove_speaker", "speaker": "abc"}).status_code == 404
    assert organiser_client.post(url, {"action": "remove_speaker", "speaker": "99999"}).status_code == 404
    assert organiser_client.post(url, {"action": "remove_speaker", "speaker": "²"}).status_code == 404


def test_my_agenda_not_approved_clear_message(client, edition):
    registration = RegistrationFactory(edition=edition, status=Registration.Status.WAITLISTED)
    session = SessionFactory(room=RoomFactory(edition=edition))
    client.force_login(registration.user)
    text = client.get(f"/en/forum/{edition.slug}/my-agenda/").content.decode()
    assert "You can build an agenda once it is approved." in text
    response = client.post(
        f"/en/forum/{edition.slug}/my-agenda/", {"action": "add", "session": session.pk}, follow=True
    )
    assert "Only delegates whose registration is approved can build an agenda." in response.content.decode()
    assert not AgendaChoice.objects.exists()


def test_my_agenda_feed_buttons(client, edition):
    registration = RegistrationFactory(edition=edition, status=APPROVED)
    client.force_login(registration.user)
    url = f"/en/forum/{edition.slug}/my-agenda/"
    client.post(url, {"action": "renew"})
    token = AgendaFeed.objects.get(registration=registration).token
    assert token and token in client.get(url).content.decode()
    client.post(url, {"action": "revoke"})
    assert AgendaFeed.objects.get(registration=registration).token is None


@pytest.mark.parametrize("count", [1, 10])
def test_my_agenda_query_count_constant(client, edition, django_assert_num_queries, count):
    registration = RegistrationFactory(edition=edition, status=APPROVED)
    for session in _many_sessions(edition, count):
        AgendaChoice.objects.create(registration=registration, session=session)
    client.force_login(registration.user)
    with django_assert_num_queries(9):
        response = client.get(f"/en/forum/{edition.slug}/my-agenda/")
    assert response.content.decode().count("Remove from my agenda<") == count


# --- PDFs


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_programme_booklet_pdf(client, edition):
    SessionFactory(
        room=RoomFactory(edition=edition, name="Angkor Room"),
        title_en="Opening plenary",
        starts_at=forum_time(edition, 0, 9),
    )
    response = client.get(f"/en/forum/{edition.slug}/programme.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "Opening plenary" in text and "Angkor Room" in text and "09:00" in text


def test_agenda_pdf(client, edition):
    session = SessionFactory(room=RoomFactory(edition=edition), title_en="Youth voices")
    registration = RegistrationFactory(edition=edition, status=APPROVED)
    AgendaChoice.objects.create(registration=registration, session=session)
    client.force_login(registration.user)
    text = _pdf_text(client.get(f"/en/forum/{edition.slug}/my-agenda.pdf").content)
    assert "Youth voices" in text


def _programme_download(fmt):
    def build(client, edition, count):
        sessions = _many_sessions(edition, count)
        return f"/en/forum/{edition.slug}/programme.{fmt}", sessions[-1].title_en

    return build


def _agenda_download(fmt):
    def build(client, edition, count):
        registration = RegistrationFactory(edition=edition, status=APPROVED)
        sessions = _many_sessions(edition, count)
        for session in sessions:
            AgendaChoice.objects.create(registration=registration, session=session)
        if fmt == "ics":  # a calendar app: the secret address, no session
            token = agenda_feed_renew(registration=registration).token
            return f"/en/forum/{edition.slug}/my-agenda/{token}.ics", sessions[-1].title_en
        client.force_login(registration.user)
        return f"/en/forum/{edition.slug}/my-agenda.pdf", sessions[-1].title_en

    return build


@pytest.mark.parametrize("count", [1, 10])
@pytest.mark.parametrize(
    ("build", "queries"),
    [
        (_programme_download("ics"), 4),  # the edition, the sessions and speakers, those cancelled; cached then
        (_programme_download("pdf"), 4),
        (_agenda_download("ics"), 4),
        (_agenda_download("pdf"), 6),
    ],
    ids=["programme.ics", "programme.pdf", "my-agenda.ics", "my-agenda.pdf"],
)
def test_programme_downloads_query_count(client, edition, django_assert_num_queries, build, queries, count):
    """The programme and a delegate's agenda of `count` sessions, as a calendar and as a PDF."""
    url, last = build(client, edition, count)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    if url.endswith(".pdf"):
        assert last in _pdf_text(response.content)
    else:
        titles = [str(event["SUMMARY"]) for event in icalendar.Calendar.from_ical(response.content).walk("VEVENT")]
        assert len(titles) == count and last in titles


# --- organiser editor


def test_editor_lists_grid_conflicts_and_publishes(organiser_client):
    edition = ForumEditionFactory()
    room = RoomFactory(edition=edition, name="Bassac Room", capacity=10)
    SessionFactory(room=room, title_en="Big workshop", requires_signup=True, signup_capacity=40)
    url = f"/en/organiser/programme/{edition.slug}/"
    text = organiser_client.get(url).content.decode()
    assert "Bassac Room" in text and "Big workshop" in text
    assert "offers 40 places but Bassac Room holds 10" in text
    assert Client().get(f"/en/forum/{edition.slug}/programme/").status_code == 404
    organiser_client.post(url, {"publish": "1"})
    assert Client().get(f"/en/forum/{edition.slug}/programme/").status_code == 200


def test_organiser_session_create_form_errors(organiser_client):
    edition = ForumEditionFactory()
    room = RoomFactory(edition=edition, name="Mekong Room")
    foreign = RoomFactory()
    SessionFactory(room=room, title_en="Keynote", starts_at=forum_time(edition, 0, 9))
    url = f"/en/organiser/programme/{edition.slug}/sessions/new/"
    day = edition.starts_on.isoformat()
    base = {"title_en": "New", "kind": "panel", "language": "en", "room": room.pk}
    response = organiser_client.post(url, {**base, "starts_at": f"{day}T10:00", "ends_at": f"{day}T09:30"})
    assert "The session must end after it starts." in response.content.decode()
    response = organiser_client.post(
        url, {**base, "room": foreign.pk, "starts_at": f"{day}T10:00", "ends_at": f"{day}T11:00"}
    )
    assert "Choose a room of this forum edition." in response.content.decode()
    response = organiser_client.post(url, {**base, "starts_at": f"{day}T09:30", "ends_at": f"{day}T10:30"})
    assert "Mekong Room is already booked at that time by “Keynote”." in response.content.decode()
    assert Session.objects.count() == 1
    response = organiser_client.post(url, {**base, "starts_at": f"{day}T10:00", "ends_at": f"{day}T11:00"})
    assert response.status_code == 302
    created = Session.objects.get(title_en="New")
    assert created.starts_at == forum_time(edition, 0, 10)  # read in the forum's time zone


def test_organiser_session_edit_moves_and_speakers(organiser_client):
    edition = ForumEditionFactory()
    room, other = RoomFactory(edition=edition), RoomFactory(edition=edition)
    session = SessionFactory(room=room, starts_at=forum_time(edition, 0, 9))
    delegate = RegistrationFactory(edition=edition, status=APPROVED)
    url = f"/en/organiser/programme/{edition.slug}/sessions/{session.pk}/"
    page = organiser_client.get(url).content.decode()
    assert f'value="{edition.starts_on.isoformat()}T09:00"' in page
    day = edition.starts_on.isoformat()
    data = {
        "title_en": session.title_en,
        "kind": "panel",
        "language": "en",
        "room": other.pk,
        "starts_at": f"{day}T13:00",
        "ends_at": f"{day}T14:00",
        "action": "save",
    }
    assert organiser_client.post(url, data).status_code == 302
    session.refresh_from_db()
    assert (session.room, session.starts_at, session.sequence) == (other, forum_time(edition, 0, 13), 1)
    organiser_client.post(url, {"action": "add_speaker", "role": "speaker", "registration": delegate.pk})
    organiser_client.post(url, {"action": "add_speaker", "role": "moderator", "guest_name": "Ms Dara Lim"})
    response = organiser_client.post(url, {"action": "add_speaker", "role": "speaker"})
    assert "Choose a delegate or give the guest&#x27;s name." in response.content.decode()
    assert SessionSpeaker.objects.filter(session=session).count() == 2
    speaker = SessionSpeaker.objects.get(guest_name="Ms Dara Lim")
    organiser_client.post(url, {"action": "remove_speaker", "speaker": speaker.pk})
    assert SessionSpeaker.objects.filter(session=session).count() == 1
    organiser_client.post(url, {"action": "delete"})
    assert not Session.objects.filter(pk=session.pk).exists()


def test_organiser_is_warned_who_will_be_told_before_deleting_a_session(organiser_client):
    from forum.models import AgendaChoice
    from forum.services.programme import programme_publish

    session = SessionFactory()
    url = f"/en/organiser/programme/{session.edition.slug}/sessions/{session.pk}/"
    for _i in range(2):
        AgendaChoice.objects.create(
            registration=RegistrationFactory(edition=session.edition, status=Registration.Status.APPROVED),
            session=session,
        )
    warning = "2 people have this session in their agenda and will be told by e-mail that it is cancelled."
    assert warning not in organiser_client.get(url).content.decode()  # unpublished: nobody is told
    programme_publish(edition=session.edition)
    assert warning in organiser_client.get(url).content.decode()


def test_organiser_rooms_create_and_edit(organiser_client):
    edition = ForumEditionFactory()
    url = f"/en/organiser/programme/{edition.slug}/rooms/"
    organiser_client.post(url, {"name": "Angkor Room", "capacity": "80", "directions": "2nd floor", "position": "1"})
    room = Room.objects.get(edition=edition)
    response = organiser_client.post(url, {"name": "angkor room", "capacity": "10", "position": "0"})
    assert "already has a room with this name" in response.content.decode()
    organiser_client.post(f"{url}{room.pk}/", {"name": "Angkor Hall", "capacity": "90", "position": "1"})
    room.refresh_from_db()
    assert (room.name, room.capacity) == ("Angkor Hall", 90)


@pytest.mark.parametrize("count", [1, 10])
def test_editor_query_count(organiser_client, django_assert_num_queries, count):
    """`count` sessions, each with a guest and a delegate speaker."""
    edition = ForumEditionFactory()
    sessions = _many_sessions(edition, count)
    with django_assert_num_queries(14):  # the 14th: the edition's sessions survey, if any (none here)
        response = organiser_client.get(f"/en/organiser/programme/{edition.slug}/")
    assert sessions[-1].title_en in response.content.decode()


@pytest.mark.parametrize("count", [1, 10])
def test_rooms_page_query_count(organiser_client, django_assert_num_queries, count):
    edition = ForumEditionFactory()
    rooms = RoomFactory.create_batch(count, edition=edition)
    with django_assert_num_queries(8):
        response = organiser_client.get(f"/en/organiser/programme/{edition.slug}/rooms/")
    assert f">{rooms[-1].name}<" in response.content.decode()


@pytest.mark.parametrize("count", [1, 10])
def test_organiser_session_page_query_count(organiser_client, django_assert_num_queries, count):
    """`count` speakers (delegates and guests); the delegates also fill the speaker form's choices."""
    session = SessionFactory()
    last = _speakers(session, count)
    # 12, and the room door's check-ins (forum.selectors.attendance.session_checked_in).
    with django_assert_num_queries(13):
        response = organiser_client.get(f"/en/organiser/programme/{session.edition.slug}/sessions/{session.pk}/")
    assert response.status_code == 200
    assert response.content.decode().split('data-testid="speakers"')[1].count('name="speaker"') == count
    assert last in response.content.decode()


def test_session_page_cancelled_delegate_not_listed(client, edition):
    session = SessionFactory(room=RoomFactory(edition=edition))
    gone = RegistrationFactory(
        edition=edition, status=APPROVED, user=UserFactory(given_name="Bopha", family_name="Keo")
    )
    SessionSpeakerFactory(session=session, registration=gone, guest_name="")
    assert "Bopha Keo" in client.get(f"/en/forum/{edition.slug}/programme/sessions/{session.pk}/").content.decode()
    Registration.objects.filter(pk=gone.pk).update(status=Registration.Status.CANCELLED)
    assert "Bopha Keo" not in client.get(f"/en/forum/{edition.slug}/programme/sessions/{session.pk}/").content.decode()


def test_programme_booklet_pdf_khmer(client, edition):
    SessionFactory(
        room=RoomFactory(edition=edition, name="Mekong Room"), title_en="Age assurance", title_km="ការផ្ទៀងផ្ទាត់អាយុ"
    )
    response = client.get(f"/km/forum/{edition.slug}/programme.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "Mekong Room" in text
    assert "Age assurance" not in text  # the Khmer title is printed instead


@pytest.mark.parametrize(
    ("starts_at", "ends_at"), [("0001-01-01T00:00", "0001-01-01T01:00"), ("9999-12-31T22:00", "9999-12-31T23:00")]
)
def test_organiser_session_in_year_1_or_9999_is_a_form_error(organiser_client, starts_at, ends_at):
    # Read in the forum's zone, year 1 at midnight is year 0 in UTC: checking the room's bookings overflowed.
    edition = ForumEditionFactory()
    room = RoomFactory(edition=edition)
    session = SessionFactory(room=room)
    data = {"title_en": "New", "kind": "panel", "language": "en", "room": room.pk, "starts_at": starts_at}
    message = "Give a date between the years 1900 and 2100."
    for url in (
        f"/en/organiser/programme/{edition.slug}/sessions/new/",
        f"/en/organiser/programme/{edition.slug}/sessions/{session.pk}/",
    ):
        response = organiser_client.post(url, {**data, "ends_at": ends_at})
        assert response.status_code == 200
        assert response.context["form"].errors == {"starts_at": [message], "ends_at": [message]}
        assert f'value="{starts_at}"' in response.content.decode()
    assert list(Session.objects.all()) == [session]
