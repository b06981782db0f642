"""The public programme and its calendar, cached per edition, language and programme version
(forum.views.programme_cache): every write of the programme is seen at once, what the programme shows of a delegate
who speaks is seen at once too, nothing personal is kept under the shared key, and one cached text serves every
reader of a language, each with their own agenda buttons."""

import ast
import datetime
import re
import threading
from pathlib import Path

import icalendar
import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from forum.models import ProgrammeSettings, Registration, SessionSpeaker, YouthDetails
from forum.services import programme as services
from forum.services.lifecycle import registration_cancel
from forum.views.programme_cache import _cached, programme_shared
from tests.factories.forum import ForumEditionFactory, RegistrationFactory
from tests.factories.people import UserFactory
from tests.factories.programme import (
    AgendaChoiceFactory,
    RoomFactory,
    SessionFactory,
    SessionSpeakerFactory,
    forum_time,
)

pytestmark = pytest.mark.django_db
APPROVED = Registration.Status.APPROVED
ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def edition():
    edition = ForumEditionFactory(slug="atf-2027")
    services.programme_publish(edition=edition)
    return edition


def _page(client, edition, language="en") -> str:
    response = client.get(f"/{language}/forum/{edition.slug}/programme/")
    assert response.status_code == 200
    return response.content.decode()


def _version(edition) -> int:
    return ProgrammeSettings.objects.get(edition=edition).version


def _rendered(queries) -> bool:
    """Whether the programme's sessions were read (the days rendered) during `queries`."""
    return any('FROM "forum_session"' in query["sql"] for query in queries.captured_queries)


# --- every write of the programme is seen at once


def _room_create(edition, session):
    services.room_create(edition=edition, name="Mekong Terrace", capacity=40)
    SessionFactory(room=edition.rooms.get(name="Mekong Terrace"), title_en="Terrace talk")  # so that it is shown
    return "Mekong Terrace", None


def _room_update(edition, session):
    room = session.room
    services.room_update(room=room, name="Tonle Sap Hall", capacity=room.capacity, position=room.position)
    return "Tonle Sap Hall", None


def _session_create(edition, session):
    services.session_create(
        edition=edition,
        room=session.room,
        title_en="A new keynote",
        kind="plenary",
        starts_at=forum_time(edition, 1, 9),
        ends_at=forum_time(edition, 1, 10),
        language="en",
    )
    return "A new keynote", None


def _session_update(edition, session):
    services.session_update(session=session, title_en="Renamed panel")
    return "Renamed panel", "Opening panel"


def _session_delete(edition, session):
    SessionFactory(room=session.room, title_en="Another panel", starts_at=forum_time(edition, 1, 9))
    services.session_delete(session=session)
    return "Another panel", "Opening panel"


def _speaker_add(edition, session):
    services.speaker_add(session=session, guest_name="Ms Chanthou Prak")
    return "Ms Chanthou Prak", None


def _speaker_remove(edition, session):
    services.speaker_remove(speaker=session.speakers.get())
    return None, "Dr Sophea Chan"


def _programme_hide(edition, session):
    services.programme_publish(edition=edition, publish=False)
    services.programme_publish(edition=edition)
    return "Opening panel", None


def _guests_anonymise(edition, session):
    services.guest_speakers_anonymise(SessionSpeaker.objects.filter(guest_name="Dr Sophea Chan"))
    return None, "Dr Sophea Chan"


# Every write of forum.services.programme (test_every_programme_write_is_tested checks that none is missing).
WRITES = {
    "room_create": _room_create,
    "room_update": _room_update,
    "session_create": _session_create,
    "session_update": _session_update,
    "session_delete": _session_delete,
    "speaker_add": _speaker_add,
    "speaker_remove": _speaker_remove,
    "programme_publish": _programme_hide,
    "guest_speakers_anonymise": _guests_anonymise,
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_every_programme_write_is_seen_at_once(client, edition, write):
    session = SessionFactory(room=RoomFactory(edition=edition, name="Plenary Hall"), title_en="Opening panel")
    SessionSpeakerFactory(session=session, guest_name="Dr Sophea Chan")
    before = _version(edition)
    assert "Opening panel" in _page(client, edition)  # rendered and kept
    with CaptureQueriesContext(connection) as queries:
        _page(client, edition)
    assert not _rendered(queries)  # read from the cache
    shown, gone = write(edition, session)
    assert _version(edition) > before
    for page in (_page(client, edition), _page(Client(), edition)):
        assert shown is None or shown in page
        assert gone is None or gone not in page


def test_every_programme_write_is_tested():
    """A new write in forum.services.programme (an atomic function) needs its row in WRITES, which proves that the
    cached programme shows what it wrote."""
    tree = ast.parse(Path(services.__file__).read_text())
    atomic = {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and any(ast.unparse(d) == "transaction.atomic" for d in node.decorator_list)
    }
    assert atomic == set(WRITES)


def test_programme_rows_are_written_by_the_programme_services_only():
    """Rows the cached programme shows are written through forum.services.programme (which moves the version on):
    no other module of the project creates, updates or deletes them through a manager."""
    write = re.compile(
        r"\b(Room|Session|SessionSpeaker|CancelledSession|ProgrammeSettings)\.objects\b[^\n]*"
        r"\.(create|update|delete|bulk_create|bulk_update|get_or_create|update_or_create)\("
    )
    writers = sorted(
        str(path.relative_to(ROOT))
        for app in ("people", "forum", "trainings", "certificates", "surveys", "reports", "safeguarding", "privacy")
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and write.search(path.read_text())
    )
    assert writers == ["forum/services/programme.py"]


def test_an_edition_without_programme_settings_gets_them_with_its_first_write(edition):
    other = ForumEditionFactory()
    services.room_create(edition=other, name="Hall", capacity=10)
    assert ProgrammeSettings.objects.get(edition=other).version == 1


# --- what the programme shows of a delegate who speaks, seen at once without a programme write


def _youth_speaker(edition, session):
    user = UserFactory(given_name="Sreyneang", family_name="Chea")
    youth = RegistrationFactory(
        edition=edition, status=APPROVED, is_youth=True, category="youth", country="KH", user=user
    )
    details = YouthDetails.objects.create(
        registration=youth, participation="given", consent_given_at=timezone.now(), name_consent=False
    )
    SessionSpeakerFactory(session=session, registration=youth, guest_name="")
    return youth, details


def test_a_youth_delegates_name_is_never_in_the_shared_programme(client, edition):
    session = SessionFactory(room=RoomFactory(edition=edition), title_en="Youth voices")
    youth, details = _youth_speaker(edition, session)
    delegate = RegistrationFactory(edition=edition, status=APPROVED)
    signed_in = Client()
    signed_in.force_login(delegate.user)
    for reader in (client, signed_in):
        page = _page(reader, edition)
        assert "Youth delegate, Cambodia" in page and "Sreyneang" not in page and "Chea" not in page
    with translation.override("en"):
        shared = programme_shared(edition=youth.edition)
    assert "Youth delegate, Cambodia" in shared["days"] and "Sreyneang" not in shared["days"]
    # The guardian allows the name (the consent's own service is beside the point: any way it is written).
    YouthDetails.objects.filter(pk=details.pk).update(name_consent=True)
    assert "Sreyneang Chea" in _page(client, edition)


def _delegate(edition, given_name, family_name):
    user = UserFactory(given_name=given_name, family_name=family_name)
    return RegistrationFactory(edition=edition, status=APPROVED, user=user)


def test_a_speaker_who_is_no_longer_approved_leaves_the_cached_programme(client, edition):
    session = SessionFactory(room=RoomFactory(edition=edition), title_en="Platform panel")
    speaker = RegistrationFactory(
        edition=edition, status=APPROVED, user=UserFactory(given_name="Vanna", family_name="Keo")
    )
    SessionSpeakerFactory(session=session, registration=speaker, guest_name="")
    assert "Vanna Keo" in _page(client, edition)
    registration_cancel(registration=speaker, by=speaker.user)
    assert "Vanna Keo" not in _page(client, edition)


def test_a_speakers_new_name_is_shown(client, edition):
    session = SessionFactory(room=RoomFactory(edition=edition))
    speaker = RegistrationFactory(
        edition=edition, status=APPROVED, user=UserFactory(given_name="Vanna", family_name="Keo")
    )
    SessionSpeakerFactory(session=session, registration=speaker, guest_name="")
    assert "Vanna Keo" in _page(client, edition)
    speaker.user.family_name = "Ouk"
    speaker.user.save()
    assert "Vanna Ouk" in _page(client, edition)


def test_the_editions_new_dates_and_title_are_shown(client, edition):
    SessionFactory(room=RoomFactory(edition=edition), kind="panel", starts_at=forum_time(edition, 0, 9))
    path = f"/en/forum/{edition.slug}/programme/?kind=workshop"  # no session: the first day says so

    def first_day() -> str:
        return re.search(r'<h2 class="h4" id="day-1">([^<]+)</h2>', client.get(path).content.decode())[1]

    before = first_day()
    edition.starts_on -= datetime.timedelta(days=1)
    edition.save()
    assert first_day() != before
    edition.title_en = "A new title"
    edition.save()
    assert "A new title" in client.get(f"/en/forum/{edition.slug}/programme.ics").content.decode()


# --- one cached text for every reader of a language, each with their own agenda buttons


def _agenda_button(page: str, title: str) -> str:
    """The action of the agenda button of the session `title` ("add" or "remove"), both of them in the page."""
    found = re.findall(rf'value="(add|remove)">[^<]*<span class="visually-hidden">: {re.escape(title)}</span>', page)
    assert len(found) == 2, found  # the grid and the list
    assert found[0] == found[1]
    return found[0]


def test_two_delegates_get_their_own_agenda_buttons_from_one_cached_programme(client, edition):
    room = RoomFactory(edition=edition)
    first = SessionFactory(room=room, title_en="Safety by design", starts_at=forum_time(edition, 0, 9))
    second = SessionFactory(room=room, title_en="Reporting workshop", starts_at=forum_time(edition, 0, 11))
    SessionFactory(room=room, title_en="Lunch", kind="break", starts_at=forum_time(edition, 0, 12))
    dara = AgendaChoiceFactory(session=first).registration
    sophea = AgendaChoiceFactory(session=second).registration
    visitor = _page(client, edition)  # renders the days and keeps them
    assert "Add to my agenda" not in visitor and "<!--agenda" not in visitor
    pages = {}
    for registration in (dara, sophea):
        reader = Client()
        reader.force_login(registration.user)
        with CaptureQueriesContext(connection) as queries:
            pages[registration.pk] = _page(reader, edition)
        assert not _rendered(queries)  # the same cached days as the visitor's
    assert (_agenda_button(pages[dara.pk], first.title), _agenda_button(pages[dara.pk], second.title)) == (
        "remove",
        "add",
    )
    assert (_agenda_button(pages[sophea.pk], first.title), _agenda_button(pages[sophea.pk], second.title)) == (
        "add",
        "remove",
    )
    for page in pages.values():
        assert "Lunch" in page and "<!--agenda" not in page
        assert page.count('name="csrfmiddlewaretoken"') >= 4
        assert f'name="next" value="/en/forum/{edition.slug}/programme/"' in page


def test_an_agenda_button_of_the_cached_programme_works(client, edition):
    session = SessionFactory(room=RoomFactory(edition=edition), title_en="Safety by design")
    registration = RegistrationFactory(edition=edition, status=APPROVED)
    _page(Client(), edition)
    reader = Client(enforce_csrf_checks=True)
    reader.force_login(registration.user)
    page = _page(reader, edition)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    response = reader.post(
        f"/en/forum/{edition.slug}/my-agenda/",
        {"csrfmiddlewaretoken": token, "action": "add", "session": session.pk, "next": "/en/forum/atf-2027/programme/"},
    )
    assert response.status_code == 302
    assert registration.agenda.filter(session=session).exists()
    assert _agenda_button(_page(reader, edition), "Safety by design") == "remove"


def test_each_language_has_its_own_cached_programme(client, edition):
    edition.title_km = ""  # the edition's title the same in both languages: only the language tells them apart
    edition.save()
    SessionFactory(room=RoomFactory(edition=edition), title_en="Age assurance", title_km="ការផ្ទៀងផ្ទាត់អាយុ")
    for _round in range(2):
        english, khmer = _page(client, edition, "en"), _page(client, edition, "km")
        assert "Age assurance" in english and "ការផ្ទៀងផ្ទាត់អាយុ" not in english
        assert "ការផ្ទៀងផ្ទាត់អាយុ" in khmer and "Age assurance" not in khmer
        assert f"/km/forum/{edition.slug}/programme/sessions/" in khmer
        assert f"/km/forum/{edition.slug}/programme/sessions/" not in english


def test_each_filter_has_its_own_cached_programme(client, edition):
    room = RoomFactory(edition=edition)
    SessionFactory(room=room, title_en="Safety panel", track="Platform safety", starts_at=forum_time(edition, 0, 9))
    SessionFactory(room=room, title_en="Reporting workshop", track="Reporting", starts_at=forum_time(edition, 0, 11))
    path = f"/en/forum/{edition.slug}/programme/"
    for _round in range(2):
        everything = client.get(path).content.decode()
        reporting = client.get(path + "?track=Reporting").content.decode()
        assert "Safety panel" in everything and "Reporting workshop" in everything
        assert "Reporting workshop" in reporting and "Safety panel" not in reporting
        assert '<option value="Reporting" selected>' in reporting


# --- the calendar


def test_the_cached_calendar_shows_every_write(client, edition):
    session = SessionFactory(room=RoomFactory(edition=edition), title_en="Opening panel")
    path = f"/en/forum/{edition.slug}/programme.ics"
    client.get(path)
    services.session_update(session=session, title_en="Renamed panel")
    summaries = [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(client.get(path).content).walk("VEVENT")]
    assert summaries == ["Renamed panel"]
    khmer = icalendar.Calendar.from_ical(client.get(f"/km/forum/{edition.slug}/programme.ics").content)
    assert [str(e["SUMMARY"]) for e in khmer.walk("VEVENT")] == [session.title_km]


@pytest.mark.parametrize("count", [1, 10])
def test_programme_and_calendar_from_the_cache_query_count(client, edition, django_assert_num_queries, count):
    """Read from the cache: the edition with its programme settings (and, for the page, the delegates who speak);
    a signed-in delegate adds their session, their account, their registration and their agenda, and the menu's
    two role questions."""
    room = RoomFactory(edition=edition)
    for i in range(count):
        session = SessionFactory(room=room, starts_at=forum_time(edition, i % 3, 8 + i // 3))
        speaker = RegistrationFactory(edition=edition, status=APPROVED)
        SessionSpeakerFactory(session=session, registration=speaker, guest_name="")
    registration = AgendaChoiceFactory(session=session).registration
    signed_in = Client()
    signed_in.force_login(registration.user)
    client.get(f"/en/forum/{edition.slug}/programme/")
    client.get(f"/en/forum/{edition.slug}/programme.ics")
    with django_assert_num_queries(2):
        assert client.get(f"/en/forum/{edition.slug}/programme/").status_code == 200
    with django_assert_num_queries(1):
        assert client.get(f"/en/forum/{edition.slug}/programme.ics").status_code == 200
    with django_assert_num_queries(8):
        page = _page(signed_in, edition)
    assert page.count("Remove from my agenda<") == 2


def _renders(value, calls: list):
    def render():
        calls.append(value)
        return value

    return render


def test_a_part_that_another_request_is_rendering_is_waited_for_not_rendered_again(settings):
    # An edit while hundreds read the programme: the first to miss the new key renders it, the others wait.
    settings.FORUM_PROGRAMME_RENDER_WAIT_SECONDS = 5
    key, calls = "forum:test:dog-pile", []
    cache.add(f"{key}:building", 1, 10)  # another request is rendering it
    threading.Timer(0.2, cache.set, (key, {"days": "theirs"})).start()  # ... and keeps its result

    assert _cached(key, _renders({"days": "mine"}, calls)) == {"days": "theirs"}
    assert calls == []


def test_a_part_whose_renderer_never_finishes_is_rendered_after_the_wait_and_kept(settings):
    settings.FORUM_PROGRAMME_RENDER_WAIT_SECONDS = 0.2
    key, calls = "forum:test:renderer-died", []
    cache.add(f"{key}:building", 1, 10)  # taken by a request that died

    assert _cached(key, _renders({"days": "mine"}, calls)) == {"days": "mine"}
    assert _cached(key, _renders({"days": "again"}, calls)) == {"days": "mine"}
    assert calls == [{"days": "mine"}]


def test_the_renderer_lets_go_of_its_lock_even_when_rendering_fails(settings):
    key = "forum:test:render-fails"

    def broken():
        raise RuntimeError("template error")

    with pytest.raises(RuntimeError):
        _cached(key, broken)
    assert cache.add(f"{key}:building", 1, 10)  # free again: the next request renders at once
