"""Whether a person's account may be erased now: the one home of that rule (the erase page asks it to choose
between the form and the reason; privacy.erasure asks it again under the account's lock)."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from forum.models import Nomination, Nominator, Registration
from people.erasure_sources import erasure_holds


def _forum_under_way(user):
    """The first edition under way (in its own time zone) that `user` holds an active registration for, or None."""
    registrations = Registration.objects.active().filter(user=user).select_related("edition")
    return next((r.edition for r in registrations if r.edition.is_under_way), None)


def _delegation_standing(user):
    """The first edition not yet ended for which `user` nominates a delegation with invitations still standing."""
    nominators = (
        Nominator.objects.filter(user=user, nominations__status__in=Nomination.STANDING)
        .select_related("edition")
        .distinct()
    )
    return next((n.edition for n in nominators if not n.edition.has_ended), None)


def erasure_check(user) -> str | None:
    """Why `user`'s account may not be erased now (a translated sentence that says what to do), or None when it
    may: never while a forum they are registered for is under way, nor while they hold a role others rely on
    (organiser, safeguarding officer, nominator of a delegation still standing)."""
    edition = _forum_under_way(user)
    if edition is not None:
        return _(
            "%(title)s is under way and you are registered for it: you can erase your account once it has ended, "
            "after %(last_day)s."
        ) % {"title": edition.title, "last_day": date_format(edition.ends_on, "DATE_FORMAT")}
    if user.is_organiser or user.is_superuser:
        return _("You are an organiser: ask another organiser to remove your organiser role first.")
    holds = erasure_holds(user)
    if holds:
        return holds[0]
    edition = _delegation_standing(user)
    if edition is not None:
        return _(
            "You nominate a delegation to %(title)s and its invitations still stand: ask the organisers to name "
            "another nominator first, or wait until the forum has ended."
        ) % {"title": edition.title}
    return None
