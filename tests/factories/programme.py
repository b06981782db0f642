"""Factories for the forum programme: rooms, sessions, speakers, agenda choices (written directly)."""

import datetime
import zoneinfo

import factory

from forum.models import AgendaChoice, ProgrammeSettings, Room, Session, SessionSpeaker
from tests.factories.forum import ForumEditionFactory, RegistrationFactory

__all__ = [
    "AgendaChoiceFactory",
    "ProgrammeSettingsFactory",
    "RoomFactory",
    "SessionFactory",
    "SessionSpeakerFactory",
    "forum_time",
]


def forum_time(edition, day: int = 0, hour: int = 9, minute: int = 0) -> datetime.datetime:
    """An aware datetime on the edition's `day`-th day at a local wall-clock time."""
    date = edition.starts_on + datetime.timedelta(days=day)
    return datetime.datetime(date.year, date.month, date.day, hour, minute, tzinfo=zoneinfo.ZoneInfo(edition.time_zone))


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    edition = factory.SubFactory(ForumEditionFactory)
    name = factory.Sequence(lambda n: f"Room {n}")
    capacity = 100
    directions = "Ground floor"
    position = factory.Sequence(lambda n: n)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    room = factory.SubFactory(RoomFactory)
    edition = factory.LazyAttribute(lambda o: o.room.edition)
    title_en = factory.Sequence(lambda n: f"Panel {n} on platform safety")
    title_km = factory.Sequence(lambda n: f"កិច្ចពិភាក្សា {n} ស្តីពីសុវត្ថិភាពវេទិកា")
    description_en = "What platforms do to keep children safe."
    kind = Session.Kind.PANEL
    track = "Platform safety"
    starts_at = factory.LazyAttribute(lambda o: forum_time(o.room.edition, 0, 9))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=1))


class SessionSpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionSpeaker

    session = factory.SubFactory(SessionFactory)
    registration = None
    guest_name = "Dr Sophea Chan"
    guest_title = "Director"
    guest_organisation = "Child Safety Lab"


class AgendaChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaChoice

    session = factory.SubFactory(SessionFactory)
    registration = factory.SubFactory(
        RegistrationFactory, edition=factory.SelfAttribute("..session.edition"), status="approved"
    )


class ProgrammeSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeSettings

    edition = factory.SubFactory(ForumEditionFactory)
    published_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))
