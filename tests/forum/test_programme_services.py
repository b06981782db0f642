"""Programme services: rooms, sessions (room clashes, bad input), speakers, agendas, change notices."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction

from forum.errors import AgendaOverlap, NotApprovedDelegate, ProgrammeError, RoomBusy, SessionFull
from forum.models import AgendaChoice, Registration, Session
from forum.privacy import public_name
from forum.selectors.programme import programme_conflicts
from forum.services.agenda import agenda_add, agenda_remove
from forum.services.programme import programme_publish, room_create, session_create, session_update, speaker_add
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


def _data(room, start, hours=1, **extra):
    return {
        "title_en": "Age assurance",
        "title_km": "",
        "kind": Session.Kind.PANEL,
        "room": room,
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=hours),
        **extra,
    }


def test_session_create_writes_row_in_utc():
    room = RoomFactory()
    session = session_create(edition=room.edition, **_data(room, forum_time(room.edition, 0, 9)))
    session.refresh_from_db()
    assert session.starts_at == forum_time(room.edition, 0, 9)
    assert session.starts_at.utcoffset() == datetime.timedelta(0)
    assert session.sequence == 0


def test_session_create_same_room_overlap_refused():
    room = RoomFactory()
    SessionFactory(room=room, title_en="Opening plenary", starts_at=forum_time(room.edition, 0, 9))
    with pytest.raises(RoomBusy) as error:
        session_create(edition=room.edition, **_data(room, forum_time(room.edition, 0, 9, 30)))
    assert "Opening plenary" in str(error.value.message)
    assert Session.objects.count() == 1


def test_session_create_back_to_back_allowed():
    room = RoomFactory()
    SessionFactory(room=room, starts_at=forum_time(room.edition, 0, 9))
    session_create(edition=room.edition, **_data(room, forum_time(room.edition, 0, 10)))
    assert Session.objects.count() == 2


def test_session_create_room_of_other_edition_refused():
    room = RoomFactory()
    other_room = RoomFactory()
    with pytest.raises(ProgrammeError) as error:
        session_create(edition=room.edition, **_data(other_room, forum_time(room.edition, 0, 9)))
    assert error.value.field == "room"
    assert not Session.objects.exists()


def test_session_create_end_before_start_refused():
    room = RoomFactory()
    with pytest.raises(ProgrammeError) as error:
        session_create(edition=room.edition, **_data(room, forum_time(room.edition, 0, 9), hours=-1))
    assert error.value.field == "ends_at"


def test_session_end_before_start_refused_by_database():
    room = RoomFactory()
    start = forum_time(room.edition, 0, 9)
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(edition=room.edition, room=room, title_en="x", starts_at=start, ends_at=start)


def test_session_signup_without_capacity_refused():
    room = RoomFactory()
    with pytest.raises(ProgrammeError) as error:
        session_create(edition=room.edition, **_data(room, forum_time(room.edition, 0, 9), requires_signup=True))
    assert error.value.field == "signup_capacity"


@pytest.mark.postgres
def test_session_room_overlap_refused_by_postgres_constraint():
    if connection.vendor != "postgresql":
        pytest.skip("the exclusion constraint exists on PostgreSQL only")
    room = RoomFactory()
    SessionFactory(room=room, starts_at=forum_time(room.edition, 0, 9))
    start = forum_time(room.edition, 0, 9, 30)
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(
            edition=room.edition,
            room=room,
            title_en="Bypass",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
        )


def test_session_update_moves_and_raises_sequence():
    room = RoomFactory()
    other = RoomFactory(edition=room.edition)
    session = SessionFactory(room=room)
    session_update(
        session=session, room=other, starts_at=forum_time(room.edition, 1, 14), ends_at=forum_time(room.edition, 1, 15)
    )
    session.refresh_from_db()
    assert (session.room, session.sequence) == (other, 1)
    session_update(session=session, description_en="New words")
    session.refresh_from_db()
    assert session.sequence == 1  # a description change does not move the event in calendars
    session_update(session=session, title_en="Renamed")
    session.refresh_from_db()
    assert session.sequence == 2


def test_session_update_into_busy_room_refused():
    room = RoomFactory()
    SessionFactory(room=room, title_en="Keynote", starts_at=forum_time(room.edition, 0, 9))
    session = SessionFactory(room=room, starts_at=forum_time(room.edition, 0, 11))
    with pytest.raises(RoomBusy):
        session_update(
            session=session, starts_at=forum_time(room.edition, 0, 9, 30), ends_at=forum_time(room.edition, 0, 10, 30)
        )
    session.refresh_from_db()
    assert session.starts_at == forum_time(room.edition, 0, 11)


def _published_with_two_signed_up(session):
    """Publish the session's programme; an English and a Khmer reader have the session in their agenda."""
    programme_publish(edition=session.edition)
    registrations = []
    for language in ("en", "km"):
        registration = RegistrationFactory(
            edition=session.edition, status=APPROVED, user=UserFactory(language=language)
        )
        AgendaChoice.objects.create(registration=registration, session=session)
        registrations.append(registration)
    return registrations


def test_session_update_published_emails_signed_up_in_their_language(outbox, django_capture_on_commit_callbacks):
    session = SessionFactory(title_en="Age assurance", title_km="ការផ្ទៀងផ្ទាត់អាយុ")
    english, khmer = _published_with_two_signed_up(session)
    with django_capture_on_commit_callbacks(execute=True):
        session_update(
            session=session, starts_at=forum_time(session.edition, 0, 15), ends_at=forum_time(session.edition, 0, 16)
        )
    by_to = {message.to[0]: message for message in outbox}
    assert set(by_to) == {english.user.email, khmer.user.email}
    assert "Age assurance" in by_to[english.user.email].subject
    assert "15:00" in by_to[english.user.email].body
    assert "Phnom Penh, UTC+07:00" in by_to[english.user.email].body
    assert "ការផ្ទៀងផ្ទាត់អាយុ" in by_to[khmer.user.email].body


def test_session_delete_published_tells_signed_up_people_in_their_language(outbox, django_capture_on_commit_callbacks):
    from forum.services.programme import session_delete

    session = SessionFactory(title_en="Youth voices", title_km="សំឡេងយុវជន")
    english, khmer = _published_with_two_signed_up(session)
    with django_capture_on_commit_callbacks(execute=True):
        session_delete(session=session)
    assert not Session.objects.filter(pk=session.pk).exists()
    by_to = {message.to[0]: message for message in outbox}
    assert set(by_to) == {english.user.email, khmer.user.email}
    assert by_to[english.user.email].subject.endswith("Session cancelled: Youth voices")
    assert "09:00–10:00 (Phnom Penh, UTC+07:00)" in by_to[english.user.email].body
    assert f"/en/forum/{session.edition.slug}/programme/" in by_to[english.user.email].body
    assert "សំឡេងយុវជន" in by_to[khmer.user.email].subject
    assert f"/km/forum/{session.edition.slug}/programme/" in by_to[khmer.user.email].body


def test_session_delete_unpublished_sends_nothing(outbox, django_capture_on_commit_callbacks):
    from forum.services.programme import session_delete

    session = SessionFactory()
    AgendaChoice.objects.create(
        registration=RegistrationFactory(edition=session.edition, status=APPROVED), session=session
    )
    with django_capture_on_commit_callbacks(execute=True):
        session_delete(session=session)
    assert outbox == []


def test_session_update_unpublished_sends_nothing(outbox, django_capture_on_commit_callbacks):
    session = SessionFactory()
    AgendaChoice.objects.create(
        registration=RegistrationFactory(edition=session.edition, status=APPROVED), session=session
    )
    with django_capture_on_commit_callbacks(execute=True):
        session_update(
            session=session, starts_at=forum_time(session.edition, 0, 15), ends_at=forum_time(session.edition, 0, 16)
        )
    assert outbox == []


def test_room_create_duplicate_name_refused():
    room = RoomFactory(name="Mekong Room")
    with pytest.raises(ProgrammeError):
        room_create(edition=room.edition, name="mekong room", capacity=10)


def test_speaker_add_not_approved_or_other_edition_refused():
    session = SessionFactory()
    with pytest.raises(ProgrammeError):
        speaker_add(session=session, registration=RegistrationFactory(edition=session.edition))
    with pytest.raises(ProgrammeError):
        speaker_add(session=session, registration=RegistrationFactory(status=APPROVED))
    with pytest.raises(ProgrammeError):
        speaker_add(session=session)
    guest = speaker_add(session=session, guest_name="Ms Dara Lim", guest_organisation="ECPAT")
    assert guest.guest_name == "Ms Dara Lim"


def test_public_name_youth_always_anonymised():
    youth = RegistrationFactory(
        status=APPROVED, is_youth=True, country="TH", user=UserFactory(given_name="Mali", family_name="Srisuk")
    )
    adult = RegistrationFactory(status=APPROVED, user=UserFactory(given_name="Vanna", family_name="Sok"))
    assert public_name(youth) == "Youth delegate, Thailand"
    assert public_name(youth.user) == "Youth delegate, Thailand"
    assert public_name(
        SessionSpeakerFactory(registration=youth, guest_name="", session__room__edition=youth.edition)
    ) == ("Youth delegate, Thailand")
    assert public_name(adult) == "Vanna Sok"


# --- agendas


def _approved(edition, **kwargs):
    return RegistrationFactory(edition=edition, status=APPROVED, **kwargs)


def test_agenda_add_and_remove_frees_place():
    session = SessionFactory(requires_signup=True, signup_capacity=1)
    first, second = _approved(session.edition), _approved(session.edition)
    agenda_add(edition=session.edition, user=first.user, session=session)
    with pytest.raises(SessionFull):
        agenda_add(edition=session.edition, user=second.user, session=session)
    agenda_remove(edition=session.edition, user=first.user, session=session)
    agenda_add(edition=session.edition, user=second.user, session=session)
    assert list(AgendaChoice.objects.values_list("registration", flat=True)) == [second.pk]


@pytest.mark.parametrize("action", ["cancel", "reject"])
def test_agenda_of_a_delegate_who_no_longer_attends_frees_its_places(action):
    from forum.services.lifecycle import registration_cancel, registration_reject

    session = SessionFactory(requires_signup=True, signup_capacity=1)
    first, second = _approved(session.edition), _approved(session.edition)
    agenda_add(edition=session.edition, user=first.user, session=session)
    if action == "cancel":
        registration_cancel(registration=first, by=first.user)
    else:
        registration_reject(registration=first, by=None, reason="Not eligible")
    assert not AgendaChoice.objects.filter(registration=first).exists()
    agenda_add(edition=session.edition, user=second.user, session=session)
    assert list(AgendaChoice.objects.values_list("registration", flat=True)) == [second.pk]


def test_agenda_add_overlap_refused_naming_other_session():
    room = RoomFactory()
    other_room = RoomFactory(edition=room.edition)
    first = SessionFactory(room=room, title_en="CSAM reporting", starts_at=forum_time(room.edition, 0, 9))
    second = SessionFactory(room=other_room, title_en="Youth voices", starts_at=forum_time(room.edition, 0, 9, 30))
    registration = _approved(room.edition)
    agenda_add(edition=room.edition, user=registration.user, session=first)
    with pytest.raises(AgendaOverlap) as error:
        agenda_add(edition=room.edition, user=registration.user, session=second)
    assert "CSAM reporting" in str(error.value.message)
    assert AgendaChoice.objects.count() == 1


@pytest.mark.parametrize("status", ["submitted", "waitlisted", "rejected", "cancelled"])
def test_agenda_add_not_approved_refused(status):
    session = SessionFactory()
    registration = RegistrationFactory(edition=session.edition, status=status)
    with pytest.raises(NotApprovedDelegate):
        agenda_add(edition=session.edition, user=registration.user, session=session)
    assert not AgendaChoice.objects.exists()


def test_agenda_add_session_of_other_edition_refused():
    session = SessionFactory()
    registration = _approved(ForumEditionFactory())
    with pytest.raises(ProgrammeError):
        agenda_add(edition=registration.edition, user=registration.user, session=session)


# --- conflicts


def test_programme_conflicts_lists_each_kind(django_assert_num_queries):
    edition = ForumEditionFactory()
    room = RoomFactory(edition=edition, name="Angkor Room", capacity=20)
    other = RoomFactory(edition=edition, name="Bassac Room")
    a = SessionFactory(room=room, title_en="A", starts_at=forum_time(edition, 0, 9))
    b = SessionFactory(room=other, title_en="B", starts_at=forum_time(edition, 0, 9, 30))
    SessionFactory(room=room, title_en="Too early", starts_at=forum_time(edition, -1, 9))
    SessionFactory(
        room=room, title_en="Big", starts_at=forum_time(edition, 1, 9), requires_signup=True, signup_capacity=50
    )
    SessionSpeakerFactory(session=a, guest_name="Dr Sophea Chan", guest_email="sophea@example.org")
    SessionSpeakerFactory(session=b, guest_name="Dr Sophea Chan", guest_email="sophea@example.org")
    gone = RegistrationFactory(
        edition=edition, status=Registration.Status.CANCELLED, user=UserFactory(given_name="Dara", family_name="Lim")
    )
    SessionSpeakerFactory(session=b, registration=gone, guest_name="", guest_title="", guest_organisation="")
    # A double booking that slipped past the service (e.g. an old import): the list names it.
    if connection.vendor != "postgresql":
        Session.objects.create(
            edition=edition,
            room=room,
            title_en="Clash",
            starts_at=forum_time(edition, 0, 9, 15),
            ends_at=forum_time(edition, 0, 9, 45),
        )
    with django_assert_num_queries(2):
        conflicts = programme_conflicts(edition=edition)
    kinds = {c.kind for c in conflicts}
    assert {"outside", "capacity", "speaker", "speaker_not_approved"} <= kinds
    if connection.vendor != "postgresql":
        assert "room" in kinds
    messages = " ".join(str(c.message) for c in conflicts)
    assert "Dr Sophea Chan speaks in “A” and “B”" in messages
    assert "Dara Lim is on “B” but is no longer an approved delegate (Cancelled)." in messages
    assert "“Big” offers 50 places but Angkor Room holds 20." in messages


@pytest.mark.parametrize("day", [-1, 3], ids=["the-day-before", "the-day-after"])
def test_session_outside_the_forums_days_is_refused(day):
    room = RoomFactory()  # a three-day forum
    with pytest.raises(ProgrammeError) as error:
        session_create(edition=room.edition, **_data(room, forum_time(room.edition, day, 9)))
    assert error.value.field == "starts_at" and "the session must take place on those days" in str(error.value)
    session = session_create(edition=room.edition, **_data(room, forum_time(room.edition, 2, 9)))
    with pytest.raises(ProgrammeError):
        session_update(
            session=session, starts_at=forum_time(room.edition, 3, 9), ends_at=forum_time(room.edition, 3, 10)
        )
    assert not Session.objects.filter(starts_at__gte=forum_time(room.edition, 3, 0)).exists()


def test_programme_with_a_session_outside_the_days_is_not_published():
    room = RoomFactory()
    session = session_create(edition=room.edition, **_data(room, forum_time(room.edition, 2, 9), title_en="Late"))
    edition = room.edition
    edition.ends_on = edition.starts_on + datetime.timedelta(days=1)  # the forum was shortened afterwards
    edition.save()
    with pytest.raises(ProgrammeError) as error:
        programme_publish(edition=edition)
    assert "“Late” is outside the forum's days" in str(error.value)
    assert [c.kind for c in programme_conflicts(edition=edition)] == ["outside"]
    session_update(session=session, starts_at=forum_time(edition, 1, 9), ends_at=forum_time(edition, 1, 10))
    assert programme_publish(edition=edition).published_at is not None
