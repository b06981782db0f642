"""What a feedback survey about the forum can be about (surveys.subjects; registered in ForumConfig.ready()): an
edition, answered once by the delegates who attended it (selectors.attendance.with_attendance, the one rule), or
each session of an edition (breaks left out), answered once per session by those checked in at its room door, or
who attended the forum (the same rule) and had the session in their agenda. Only organisers read the results."""

import datetime

from django.db.models import Max, Q, QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from people.models import User
from surveys.respondent import open_invitations
from surveys.subjects import Part, Subject, SubjectKind

from .models import AgendaChoice, CheckIn, ForumEdition, Registration, Session
from .selectors.attendance import with_attendance

CHOICES_SHOWN = 50  # the builder offers this many recent editions


def _attended(edition: ForumEdition) -> QuerySet[Registration]:
    """The edition's approved registrations that attended it (with_attendance)."""
    registrations = Registration.objects.holding_seat().filter(edition=edition)
    return with_attendance(registrations, edition=edition).filter(attended=True)


def _edition_url(edition: ForumEdition) -> str:
    return reverse("forum_organiser:edition", args=[edition.slug])


def _ends_at(edition: ForumEdition) -> datetime.datetime:
    """The end of the edition's last day, in the forum's time zone."""
    return datetime.datetime.combine(edition.ends_on + datetime.timedelta(days=1), datetime.time.min, edition.zone)


def _session_label(session: Session, edition: ForumEdition) -> str:
    starts = timezone.localtime(session.starts_at, edition.zone)
    return _("%(session)s (%(day)s, %(time)s)") % {
        "session": session.title,
        "day": formats.date_format(starts, "DATE_FORMAT"),
        "time": formats.time_format(starts, "TIME_FORMAT"),
    }


def _edition_choices() -> list[tuple[int, str]]:
    editions = ForumEdition.objects.order_by("-starts_on", "-pk")[:CHOICES_SHOWN]
    return [(edition.pk, edition.title) for edition in editions]


class EditionSubject(SubjectKind):
    name = "forum.edition"
    label = gettext_lazy("A forum edition")

    def describe(self, subject_id: int) -> Subject | None:
        edition = ForumEdition.objects.filter(pk=subject_id).first()
        return Subject(edition.title, _edition_url(edition)) if edition is not None else None

    def parts(self, subject_id: int) -> list[Part]:
        """The edition itself, over at the end of its last day. One query."""
        edition = ForumEdition.objects.filter(pk=subject_id).first()
        return [Part(edition.pk, edition.title, _ends_at(edition))] if edition is not None else []

    def ends(self, subject_ids) -> dict:
        """The end of each edition's last day. One query."""
        return {edition.pk: _ends_at(edition) for edition in ForumEdition.objects.filter(pk__in=list(subject_ids))}

    def audience(self, part_id: int) -> QuerySet[User]:
        edition = ForumEdition.objects.filter(pk=part_id).first()
        if edition is None:
            return User.objects.none()
        return User.objects.filter(pk__in=_attended(edition).values("user"))

    def choices(self) -> list[tuple[int, str]]:
        return _edition_choices()


class SessionsSubject(SubjectKind):
    """Each session of an edition: the subject is the edition, each part one of its sessions."""

    name = "forum.sessions"
    label = gettext_lazy("Each session of a forum edition")
    in_parts = True

    def describe(self, subject_id: int) -> Subject | None:
        edition = ForumEdition.objects.filter(pk=subject_id).first()
        if edition is None:
            return None
        return Subject(_("Each session of %(edition)s") % {"edition": edition.title}, _edition_url(edition))

    def parts(self, subject_id: int) -> list[Part]:
        """The edition's sessions in time order, breaks left out. One query."""
        sessions = (
            Session.objects.filter(edition_id=subject_id)
            .exclude(kind=Session.Kind.BREAK)
            .select_related("edition")
            .order_by("starts_at", "room__position", "pk")
        )
        return [Part(session.pk, _session_label(session, session.edition), session.ends_at) for session in sessions]

    def ends(self, subject_ids) -> dict:
        """When each edition's last session (breaks left out) ends. One query."""
        subject_ids = list(subject_ids)
        sessions = Session.objects.filter(edition_id__in=subject_ids).exclude(kind=Session.Kind.BREAK)
        last = sessions.values("edition_id").annotate(last_ends_at=Max("ends_at")).order_by()
        return dict.fromkeys(subject_ids) | dict(last.values_list("edition_id", "last_ends_at"))

    def audience(self, part_id: int) -> QuerySet[User]:
        session = Session.objects.select_related("edition").filter(pk=part_id).first()
        if session is None:
            return User.objects.none()
        at_the_door = CheckIn.objects.filter(session=session, counts=True).values("registration__user")
        chose = AgendaChoice.objects.filter(session=session).values("registration")
        attended = _attended(session.edition).filter(pk__in=chose).values("user")
        return User.objects.filter(Q(pk__in=at_the_door) | Q(pk__in=attended))

    def choices(self) -> list[tuple[int, str]]:
        return _edition_choices()


def edition_survey_invitations(*, edition: ForumEdition, user) -> list:
    """`user`'s open survey invitations about the edition or its sessions (the registration page shows them). One
    query when there is none."""
    return open_invitations(user=user, subjects=[(EditionSubject.name, edition.pk), (SessionsSubject.name, edition.pk)])
