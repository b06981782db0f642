"""The programme editor and an organiser's session page show the check-ins at the session's room door."""

import pytest
from django.urls import reverse

from tests.factories import SessionFactory
from tests.factories.programme import RoomFactory, forum_time
from tests.forum.attendance.helpers import check_in, station

pytestmark = pytest.mark.django_db


def test_editor_and_session_page_show_room_door_counts(organiser_client, edition, approved):
    session = SessionFactory(
        room=RoomFactory(edition=edition, capacity=25),
        starts_at=forum_time(edition, 1, 10),
        ends_at=forum_time(edition, 1, 11),
    )
    door = station(edition, session=session, name="Room A")
    for registration in (approved(), approved(), approved()):
        check_in(registration, day=1, session=session, at=door)
    check_in(approved(), day=1, session=session, at=door, counts=False, outcome="full")
    check_in(approved(), day=1)  # the day door's: not the session's

    editor = organiser_client.get(reverse("forum_organiser:programme", args=[edition.slug])).content.decode()
    assert f'data-testid="door-{session.pk}">At the door: 3 of 25' in editor

    page = organiser_client.get(reverse("forum_organiser:programme_session", args=[edition.slug, session.pk]))
    assert 'data-testid="door-count">Checked in at the room door: 3 of 25 seats.' in page.content.decode()
    # The public programme says nothing of check-ins.
    public = reverse("forum:session", args=[edition.slug, session.pk])
    assert "room door" not in organiser_client.get(public).content.decode()
