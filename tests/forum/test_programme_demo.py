"""The demo programme: seeded after the demo forum, idempotent, nothing without the edition."""

import io

import pytest

from forum import demo as forum_demo
from forum.demo import programme as programme_demo
from forum.models import Room, Session, SessionSpeaker
from forum.selectors.programme import programme_conflicts
from surveys.models import Survey
from surveys.results import survey_results

pytestmark = pytest.mark.django_db


def test_programme_demo_without_edition_creates_nothing():
    programme_demo.seed(stdout=io.StringIO())
    assert not Room.objects.exists()


def test_programme_demo_seeds_conflict_free_programme_once(client):
    from people import demo as people_demo

    people_demo.seed(stdout=io.StringIO())
    out = io.StringIO()
    forum_demo.seed(stdout=out)  # the forum's demo seeds its programme too
    programme_demo.seed(stdout=io.StringIO())
    assert Room.objects.count() == 4
    assert Session.objects.count() == len(programme_demo.SESSIONS)
    assert Session.objects.exclude(title_km="").count() >= len(programme_demo.SESSIONS) - 2
    assert SessionSpeaker.objects.filter(registration__isnull=False).exists()
    assert SessionSpeaker.objects.filter(registration__isnull=True).exists()
    edition = Session.objects.first().edition
    assert programme_conflicts(edition=edition) == []
    text = client.get("/en/forum/atf-2027/programme/").content.decode()
    assert "Youth voices panel" in text and "Mekong Room" in text
    assert "Forum programme:" in out.getvalue()
    khmer = client.get("/km/forum/atf-2027/programme/").content.decode()
    assert "ការពិភាក្សាសំឡេងយុវជន" in khmer
    calendar = client.get("/km/forum/atf-2027/programme.ics").content.decode()
    assert calendar.count("BEGIN:VEVENT") == len(programme_demo.SESSIONS)


def test_programme_demo_has_a_survey_of_each_session_waiting_for_the_forum():
    from people import demo as people_demo

    people_demo.seed(stdout=io.StringIO())
    forum_demo.seed(stdout=io.StringIO())
    forum_demo.seed(stdout=io.StringIO())
    survey = Survey.objects.get(subject_kind="forum.sessions")
    assert survey.items.count() == 3 and not survey.invitations.exists()
    assert survey_results(survey).visible is False
