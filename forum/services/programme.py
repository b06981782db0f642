"""Writes about the forum programme: rooms, sessions, speakers, publishing, and the e-mails that tell people a
session in their agenda moved or was cancelled (tasks, enqueued after commit).

Room double-booking is refused here on every database (the session rows of the room are locked while the check
runs); on PostgreSQL an exclusion constraint also refuses it (migration 0003).

Every write of the programme ends with programme_changed, which moves the edition's programme version on: the
public programme page and its calendar are cached under it (forum.views.programme_cache).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from people.emails import absolute_url, send_templated_email
from people.models import User

from ..errors import ProgrammeError, RoomBusy
from ..models import (
    AgendaChoice,
    CancelledSession,
    ForumEdition,
    ProgrammeSettings,
    Registration,
    Room,
    Session,
    SessionSpeaker,
)
from ..rules import within_forum_days
from ..selectors.programme import sessions_signed_up_users

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


def programme_changed(*, edition_id: int) -> None:
    """The one place every write of an edition's programme (rooms, sessions, speakers, publishing, calendar
    cancellations) goes through, inside its transaction: the programme version grows, so that the cached public
    programme of the old version is read no more, by any process (its row is locked until the commit)."""
    row, _created = ProgrammeSettings.objects.get_or_create(edition_id=edition_id)
    ProgrammeSettings.objects.filter(pk=row.pk).update(version=F("version") + 1)


@transaction.atomic
def room_create(*, edition, name: str, capacity: int, directions: str = "", position: int = 0) -> Room:
    """A new room of the edition."""
    if Room.objects.filter(edition=edition, name__iexact=name).exists():
        raise ProgrammeError(_("This edition already has a room with this name."), field="name")
    room = Room.objects.create(edition=edition, name=name, capacity=capacity, directions=directions, position=position)
    programme_changed(edition_id=edition.pk)
    return room


@transaction.atomic
def room_update(*, room: Room, name: str, capacity: int, directions: str = "", position: int = 0) -> Room:
    if Room.objects.filter(edition_id=room.edition_id, name__iexact=name).exclude(pk=room.pk).exists():
        raise ProgrammeError(_("This edition already has a room with this name."), field="name")
    room.name, room.capacity, room.directions, room.position = name, capacity, directions, position
    room.save()
    programme_changed(edition_id=room.edition_id)
    return room


def _check_session(*, edition, data: dict, exclude_pk: int | None = None) -> None:
    room = data["room"]
    if room is None or room.edition_id != edition.pk:
        raise ProgrammeError(_("Choose a room of this forum edition."), field="room")
    starts_at, ends_at = data["starts_at"], data["ends_at"]
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ProgrammeError(_("Times need a time zone."), field="starts_at")
    if ends_at <= starts_at:
        raise ProgrammeError(_("The session must end after it starts."), field="ends_at")
    if not within_forum_days(edition, starts_at, ends_at):
        raise ProgrammeError(
            _("The forum runs from %(first)s to %(last)s: the session must take place on those days.")
            % {"first": date_format(edition.starts_on), "last": date_format(edition.ends_on)},
            field="starts_at",
        )
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
    session = Session.objects.create(edition=edition, **data)
    programme_changed(edition_id=edition.pk)
    return session


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
    programme_changed(edition_id=session.edition_id)
    if changed & set(NOTIFY_FIELDS) and programme_is_published(edition=session.edition):
        pk = session.pk
        transaction.on_commit(lambda: notify_session_changed.enqueue(session_id=pk))
    return session


@transaction.atomic
def session_delete(*, session: Session) -> None:
    """Removes a session. In a published programme, everyone who had it in their agenda is told it is cancelled,
    each in their language (after commit; the agenda entries go with the session)."""
    session = Session.objects.select_for_update().select_related("edition", "room").get(pk=session.pk)
    user_ids = []
    if programme_is_published(edition=session.edition):
        choices = AgendaChoice.objects.filter(session=session).order_by("pk")
        user_ids = list(choices.values_list("registration__user_id", flat=True))
        # Calendars that imported the programme or an agenda are told it is cancelled (forum.exports.ical).
        cancelled = CancelledSession.objects.create(
            edition=session.edition,
            session_number=session.pk,
            title_en=session.title_en,
            title_km=session.title_km,
            room_name=session.room.name,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            sequence=session.sequence + 1,
        )
        cancelled.registrations.set(choices.values_list("registration_id", flat=True))
    details = {
        "edition_id": session.edition_id,
        "title_en": session.title_en,
        "title_km": session.title_km,
        "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
    }
    session.delete()
    programme_changed(edition_id=details["edition_id"])
    if user_ids:
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
        if registration.edition_id != session.edition_id or not registration.holds_seat:
            raise ProgrammeError(_("Choose an approved delegate of this forum edition."), field="registration")
        if SessionSpeaker.objects.filter(session=session, registration=registration).exists():
            raise ProgrammeError(_("This delegate is already on this session."), field="registration")
        guest_name = guest_title = guest_organisation = guest_email = ""
    elif not guest_name.strip():
        raise ProgrammeError(_("Choose a delegate or give the guest's name."), field="guest_name")
    position = session.speakers.count()
    speaker = SessionSpeaker.objects.create(
        session=session,
        role=role,
        registration=registration,
        guest_name=guest_name.strip(),
        guest_title=guest_title,
        guest_organisation=guest_organisation,
        guest_email=guest_email,
        position=position,
    )
    programme_changed(edition_id=session.edition_id)
    return speaker


@transaction.atomic
def speaker_remove(*, speaker: SessionSpeaker) -> None:
    speaker.delete()
    programme_changed(edition_id=speaker.session.edition_id)


@transaction.atomic
def guest_speakers_anonymise(speakers) -> int:
    """Forget the name, title, organisation and address of the guest speakers among `speakers` (a queryset of
    SessionSpeaker); the programmes they were on change. Returns how many were forgotten."""
    speakers = speakers.filter(registration__isnull=True)
    edition_ids = sorted(set(speakers.values_list("session__edition_id", flat=True)))
    # A guest speaker's name is never empty (a check constraint): the dash the pages show for what is not known.
    count = speakers.update(guest_name="—", guest_title="", guest_organisation="", guest_email="")
    for edition_id in edition_ids:
        programme_changed(edition_id=edition_id)
    return count


def programme_is_published(*, edition) -> bool:
    return ProgrammeSettings.objects.filter(edition=edition, published_at__isnull=False).exists()


@transaction.atomic
def programme_publish(*, edition, publish: bool = True) -> ProgrammeSettings:
    """Shows (or hides) the programme to the public. Not while a session falls outside the forum's days (the
    edition's dates changed after it was planned): the organiser moves it first."""
    settings_row, _created = ProgrammeSettings.objects.select_for_update().get_or_create(edition=edition)
    if publish:
        outside = [
            s for s in Session.objects.filter(edition=edition) if not within_forum_days(edition, s.starts_at, s.ends_at)
        ]
        if outside:
            raise ProgrammeError(
                _("“%(session)s” is outside the forum's days: move it before publishing the programme.")
                % {"session": outside[0].title}
            )
    settings_row.published_at = timezone.now() if publish else None
    settings_row.save(update_fields=["published_at"])
    programme_changed(edition_id=edition.pk)
    settings_row.refresh_from_db(fields=["version"])
    return settings_row


def session_overlaps(a: Session, b: Session) -> bool:
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


@task()
def notify_session_changed(*, session_id: int) -> int:
    """E-mails everyone with the session in their agenda its new time and room, each in their language.
    Returns how many were told (0 if the session is gone)."""
    session = Session.objects.select_related("edition", "room").filter(pk=session_id).first()
    if session is None:
        return 0
    tz = session.edition.zone
    sent = 0
    for choice in sessions_signed_up_users(session_id=session_id):
        user = choice.registration.user
        language = user.language or settings.LANGUAGE_CODE
        with translation.override(language):
            url = absolute_url(reverse("forum:session", kwargs={"slug": session.edition.slug, "pk": session.pk}))
            context = {
                "user": user,
                "session_title": session.title,
                "edition_title": session.edition.title,
                "starts_at": session.starts_at.astimezone(tz),
                "ends_at": session.ends_at.astimezone(tz),
                "time_zone": session.edition.time_zone_label,
                "zone": tz,  # the template shows the times in the forum's zone, whatever the site's
                "room": session.room.name,
                "directions": session.room.directions,
                "url": url,
            }
        send_templated_email(
            template_prefix="forum/email/programme_session_changed", to=user.email, context=context, language=language
        )
        sent += 1
    return sent


@task()
def notify_session_cancelled(
    *, user_ids: list[int], edition_id: int, title_en: str, title_km: str, starts_at: str, ends_at: str
) -> int:
    """E-mails the people who had a deleted session in their agenda that it is cancelled, each in their language.
    The session is gone, so what the e-mail says comes with the task. Returns how many were told."""
    edition = ForumEdition.objects.filter(pk=edition_id).first()
    if edition is None:
        return 0
    tz = edition.zone
    sent = 0
    for user in User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"):
        language = user.language or settings.LANGUAGE_CODE
        with translation.override(language):
            context = {
                "user": user,
                "session_title": Session(title_en=title_en, title_km=title_km).title,  # the model's language rule
                "edition_title": edition.title,
                "starts_at": datetime.datetime.fromisoformat(starts_at).astimezone(tz),
                "ends_at": datetime.datetime.fromisoformat(ends_at).astimezone(tz),
                "time_zone": edition.time_zone_label,
                "zone": tz,
                "url": absolute_url(reverse("forum:programme", kwargs={"slug": edition.slug})),
            }
        send_templated_email(
            template_prefix="forum/email/programme_session_cancelled",
            to=user.email,
            context=context,
            language=language,
        )
        sent += 1
    return sent
