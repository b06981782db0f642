"""Writes about the forum programme: rooms, sessions, speakers, publishing, personal agendas, calendar feeds.

Room double-booking is refused here on every database (the session rows of the room are locked while the
check runs); on PostgreSQL an exclusion constraint also refuses it (migration 0003). Sign-up places are
counted while the session row is locked (`select_for_update()`), so parallel sign-ups never overfill it.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Registration
from .models import AgendaChoice, AgendaFeed, ProgrammeSettings, Room, Session, SessionSpeaker

SESSION_FIELDS = (
    "title_en",
    "title_km",
    "description_en",
    "description_km",
    "kind",
    "track",
    "room",
    "starts_at",
    "ends_at",
    "language",
    "requires_signup",
    "signup_capacity",
)
# A change of one of these makes calendars show the event again (SEQUENCE grows) and, for the first two
# kinds, tells the people signed up.
SEQUENCE_FIELDS = ("room", "starts_at", "ends_at", "title_en", "title_km")
NOTIFY_FIELDS = ("room", "starts_at", "ends_at")


class ProgrammeError(Exception):
    """A programme rule said no; `message` is translated and can be shown as it is. `field` names the input."""

    default_message = _("This could not be done.")

    def __init__(self, message=None, *, field: str | None = None):
        self.message = message if message is not None else self.default_message
        self.field = field
        super().__init__(str(self.message))


class RoomBusy(ProgrammeError):
    pass


class SessionFull(ProgrammeError):
    default_message = _("This session is full.")


class NotApprovedDelegate(ProgrammeError):
    default_message = _("Only delegates whose registration is approved can build an agenda.")


class AgendaOverlap(ProgrammeError):
    pass


# --- rooms


@transaction.atomic
def room_create(*, edition, name: str, capacity: int, directions: str = "", position: int = 0) -> Room:
    """A new room of the edition."""
    if Room.objects.filter(edition=edition, name__iexact=name).exists():
        raise ProgrammeError(_("This edition already has a room with this name."), field="name")
    return Room.objects.create(edition=edition, name=name, capacity=capacity, directions=directions, position=position)


@transaction.atomic
def room_update(*, room: Room, name: str, capacity: int, directions: str = "", position: int = 0) -> Room:
    if Room.objects.filter(edition_id=room.edition_id, name__iexact=name).exclude(pk=room.pk).exists():
        raise ProgrammeError(_("This edition already has a room with this name."), field="name")
    room.name, room.capacity, room.directions, room.position = name, capacity, directions, position
    room.save()
    return room


# --- sessions


def _check_session(*, edition, data: dict, exclude_pk: int | None = None) -> None:
    room = data["room"]
    if room is None or room.edition_id != edition.pk:
        raise ProgrammeError(_("Choose a room of this forum edition."), field="room")
    starts_at, ends_at = data["starts_at"], data["ends_at"]
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ProgrammeError(_("Times need a time zone."), field="starts_at")
    if ends_at <= starts_at:
        raise ProgrammeError(_("The session must end after it starts."), field="ends_at")
    if data.get("requires_signup") and not data.get("signup_capacity"):
        raise ProgrammeError(_("Give the number of places for a session that needs sign-up."), field="signup_capacity")
    # Lock the room row: bookings of one room run one after the other, so two organisers cannot both take a
    # free slot (locking the clashing sessions alone would lock nothing when the slot is free).
    Room.objects.select_for_update().filter(pk=room.pk).first()
    clashes = Session.objects.filter(room=room, starts_at__lt=ends_at, ends_at__gt=starts_at).exclude(pk=exclude_pk)
    clash = clashes.order_by("starts_at").first()
    if clash is not None:
        raise RoomBusy(
            _("%(room)s is already booked at that time by “%(session)s”.")
            % {"room": room.name, "session": clash.title},
            field="starts_at",
        )


@transaction.atomic
def session_create(*, edition, actor=None, **data) -> Session:
    """A new session; refused when its room is booked at that time or the room is of another edition."""
    data = {field: data.get(field) for field in SESSION_FIELDS if field in data}
    data.setdefault("signup_capacity", None)
    _check_session(edition=edition, data=data)
    return Session.objects.create(edition=edition, **data)


@transaction.atomic
def session_update(*, session: Session, actor=None, **data) -> Session:
    """Changes a session. A new time, room or title raises the calendar SEQUENCE; a new time or room of a
    session in a published programme e-mails everyone who has it in their agenda (after commit)."""
    session = Session.objects.select_for_update().select_related("edition", "room").get(pk=session.pk)
    merged = {field: getattr(session, field) for field in SESSION_FIELDS}
    merged.update({k: v for k, v in data.items() if k in SESSION_FIELDS})
    _check_session(edition=session.edition, data=merged, exclude_pk=session.pk)
    changed = {field for field in SESSION_FIELDS if getattr(session, field) != merged[field]}
    for field, value in merged.items():
        setattr(session, field, value)
    if changed & set(SEQUENCE_FIELDS):
        session.sequence += 1
    session.save()
    if changed & set(NOTIFY_FIELDS) and programme_is_published(edition=session.edition):
        from .programme_tasks import notify_session_changed

        pk = session.pk
        transaction.on_commit(lambda: notify_session_changed.enqueue(session_id=pk))
    return session


@transaction.atomic
def session_delete(*, session: Session) -> None:
    """Removes a session. In a published programme, everyone who had it in their agenda is told it is cancelled,
    each in their language (after commit; the agenda entries go with the session)."""
    session = Session.objects.select_for_update().select_related("edition").get(pk=session.pk)
    user_ids = []
    if programme_is_published(edition=session.edition):
        user_ids = list(
            AgendaChoice.objects.filter(session=session).order_by("pk").values_list("registration__user_id", flat=True)
        )
    details = {
        "edition_id": session.edition_id,
        "title_en": session.title_en,
        "title_km": session.title_km,
        "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
    }
    session.delete()
    if user_ids:
        from .programme_tasks import notify_session_cancelled

        transaction.on_commit(lambda: notify_session_cancelled.enqueue(user_ids=user_ids, **details))


@transaction.atomic
def speaker_add(
    *,
    session: Session,
    role: str = SessionSpeaker.Role.SPEAKER,
    registration: Registration | None = None,
    guest_name: str = "",
    guest_title: str = "",
    guest_organisation: str = "",
    guest_email: str = "",
) -> SessionSpeaker:
    """A delegate (approved registration of the session's edition) or an invited guest (a name)."""
    if registration is not None:
        if registration.edition_id != session.edition_id or registration.status != Registration.Status.APPROVED:
            raise ProgrammeError(_("Choose an approved delegate of this forum edition."), field="registration")
        if SessionSpeaker.objects.filter(session=session, registration=registration).exists():
            raise ProgrammeError(_("This delegate is already on this session."), field="registration")
        guest_name = guest_title = guest_organisation = guest_email = ""
    elif not guest_name.strip():
        raise ProgrammeError(_("Choose a delegate or give the guest's name."), field="guest_name")
    position = session.speakers.count()
    return SessionSpeaker.objects.create(
        session=session,
        role=role,
        registration=registration,
        guest_name=guest_name.strip(),
        guest_title=guest_title,
        guest_organisation=guest_organisation,
        guest_email=guest_email,
        position=position,
    )


@transaction.atomic
def speaker_remove(*, speaker: SessionSpeaker) -> None:
    speaker.delete()


# --- publishing


def programme_is_published(*, edition) -> bool:
    return ProgrammeSettings.objects.filter(edition=edition, published_at__isnull=False).exists()


@transaction.atomic
def programme_publish(*, edition, publish: bool = True) -> ProgrammeSettings:
    """Shows (or hides) the programme to the public."""
    settings_row, _created = ProgrammeSettings.objects.select_for_update().get_or_create(edition=edition)
    settings_row.published_at = timezone.now() if publish else None
    settings_row.save()
    return settings_row


# --- personal agendas


def _approved_registration(*, edition, user) -> Registration:
    registration = (
        Registration.objects.filter(edition=edition, user=user, status=Registration.Status.APPROVED)
        .select_related("edition")
        .first()
    )
    if registration is None:
        raise NotApprovedDelegate()
    return registration


@transaction.atomic
def agenda_add(*, edition, user, session: Session) -> AgendaChoice:
    """Adds a session to the delegate's agenda. Refuses a delegate who is not approved, a session of another
    edition, a session that overlaps one already chosen (naming it) and a full sign-up session."""
    registration = _approved_registration(edition=edition, user=user)
    # The session row is the lock every sign-up for it waits on.
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.edition_id != edition.pk:
        raise ProgrammeError(_("This session is not part of this forum."))
    existing = AgendaChoice.objects.filter(registration=registration, session=session).first()
    if existing is not None:
        return existing
    overlap = (
        AgendaChoice.objects.filter(
            registration=registration, session__starts_at__lt=session.ends_at, session__ends_at__gt=session.starts_at
        )
        .select_related("session")
        .first()
    )
    if overlap is not None:
        raise AgendaOverlap(
            _("“%(session)s” overlaps “%(other)s”, which is already in your agenda.")
            % {"session": session.title, "other": overlap.session.title}
        )
    if session.requires_signup:
        taken = AgendaChoice.objects.filter(session=session).count()
        if taken >= (session.signup_capacity or 0):
            raise SessionFull(_("“%(session)s” is full.") % {"session": session.title})
    return AgendaChoice.objects.create(registration=registration, session=session)


@transaction.atomic
def agenda_remove(*, edition, user, session: Session) -> None:
    """Takes a session out of the agenda; its sign-up place is free again."""
    AgendaChoice.objects.filter(registration__edition=edition, registration__user=user, session=session).delete()


@transaction.atomic
def agenda_feed_renew(*, registration: Registration) -> AgendaFeed:
    """A new secret calendar address; the old one stops working."""
    from .models import new_feed_token

    feed, created = AgendaFeed.objects.select_for_update().get_or_create(registration=registration)
    if not created:
        feed.token = new_feed_token()
        feed.save()
    return feed


@transaction.atomic
def agenda_feed_revoke(*, registration: Registration) -> None:
    """The calendar address stops working (404) until the delegate renews it."""
    AgendaFeed.objects.filter(registration=registration).update(token=None, updated_at=timezone.now())


def session_overlaps(a: Session, b: Session) -> bool:
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


def forum_days(edition) -> list[datetime.date]:
    return edition.days
