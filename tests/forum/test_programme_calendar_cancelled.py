"""A session taken out of a published programme stays in both calendar feeds as STATUS:CANCELLED (same UID, a
higher SEQUENCE) until the edition has ended plus 30 days, so calendars that imported it drop it."""

import datetime

import icalendar
import pytest
from django.test import override_settings
from django.utils import timezone

from forum.models import AgendaChoice, CancelledSession, Registration
from forum.services.agenda import agenda_feed_renew
from forum.services.programme import programme_publish, session_delete, session_update
from tests.factories import ForumEditionFactory, RegistrationFactory, RoomFactory, SessionFactory, forum_time

pytestmark = pytest.mark.django_db


def _events(client, url) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(client.get(url).content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def published():
    edition = ForumEditionFactory(slug="atf-2027", venue="Sokha Hotel")
    programme_publish(edition=edition)
    session = SessionFactory(
        room=RoomFactory(edition=edition, name="Mekong Room"),
        title_en="Reporting CSAM",
        title_km="ការរាយការណ៍",
        starts_at=forum_time(edition, 0, 9),
    )
    session_update(session=session, starts_at=forum_time(edition, 0, 10), ends_at=forum_time(edition, 0, 11))
    registration = RegistrationFactory(edition=edition, status=Registration.Status.APPROVED)
    AgendaChoice.objects.create(registration=registration, session=session)
    feed = agenda_feed_renew(registration=registration)
    return edition, session, registration, feed


@override_settings(SITE_URL="https://forum.example.org")
def test_deleted_session_is_published_cancelled_in_both_feeds(client, published):
    edition, session, registration, feed = published
    uid = f"session-{session.pk}@forum.example.org"
    programme = f"/en/forum/{edition.slug}/programme.ics"
    agenda = f"/en/forum/{edition.slug}/my-agenda/{feed.token}.ics"
    before = _events(client, programme)[uid]
    assert str(before["STATUS"]) == "CONFIRMED" and before["SEQUENCE"] == 1
    assert str(before["LOCATION"]) == "Mekong Room, Sokha Hotel"

    session_delete(session=session)

    for url in (programme, agenda):
        event = _events(client, url)[uid]
        assert str(event["STATUS"]) == "CANCELLED"
        assert event["SEQUENCE"] == 2
        assert str(event["SUMMARY"]) == "Reporting CSAM"
        assert str(event["LOCATION"]) == "Mekong Room, Sokha Hotel"
        assert event["DTSTART"].dt == forum_time(edition, 0, 10)
    assert str(_events(client, f"/km/forum/{edition.slug}/programme.ics")[uid]["SUMMARY"]) == "ការរាយការណ៍"
    # Another delegate's agenda never had it.
    other = RegistrationFactory(edition=edition, status=Registration.Status.APPROVED)
    other_feed = agenda_feed_renew(registration=other)
    assert uid not in _events(client, f"/en/forum/{edition.slug}/my-agenda/{other_feed.token}.ics")


def test_cancelled_sessions_leave_the_feeds_30_days_after_the_edition(client, published):
    edition, session, _registration, _feed = published
    session_delete(session=session)
    assert CancelledSession.objects.filter(session_number=session.pk).exists()
    programme = f"/en/forum/{edition.slug}/programme.ics"
    edition.ends_on = timezone.localdate() - datetime.timedelta(days=30)
    edition.starts_on = edition.ends_on - datetime.timedelta(days=2)
    edition.save()
    assert len(_events(client, programme)) == 1
    edition.ends_on -= datetime.timedelta(days=1)
    edition.starts_on -= datetime.timedelta(days=1)
    edition.save()
    assert _events(client, programme) == {}


def test_a_session_deleted_while_the_programme_is_hidden_leaves_nothing(published):
    edition, session, _registration, _feed = published
    programme_publish(edition=edition, publish=False)
    session_delete(session=session)
    assert not CancelledSession.objects.exists()
