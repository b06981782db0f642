"""Personal agendas: an approved delegate's chosen sessions and their secret calendar address.

Sign-up places are counted while the session row is locked (`select_for_update()`), so parallel sign-ups never
overfill a session.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..errors import AgendaOverlap, NotApprovedDelegate, ProgrammeError, SessionFull
from ..models import AgendaChoice, AgendaFeed, Registration, Session, new_feed_token


def _approved_registration(*, edition, user) -> Registration:
    registration = (
        Registration.objects.holding_seat().filter(edition=edition, user=user).select_related("edition").first()
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
    feed, created = AgendaFeed.objects.select_for_update().get_or_create(registration=registration)
    if not created:
        feed.token = new_feed_token()
        feed.save()
    return feed


@transaction.atomic
def agenda_feed_revoke(*, registration: Registration) -> None:
    """The calendar address stops working (404) until the delegate renews it."""
    AgendaFeed.objects.filter(registration=registration).update(token=None, updated_at=timezone.now())
