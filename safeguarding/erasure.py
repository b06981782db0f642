"""What safeguarding tells a person's erasure (people.erasure_sources; privacy may not read safeguarding): an officer
is not erased while they are one, and the log's lines that name the person by address (named, removed) name their
erased account instead. Cases themselves are not linked to accounts and are never touched by an erasure: they go
at the end of their retention (safeguarding.officers.erase_closed_cases)."""

from django.utils.translation import gettext_lazy as _

from .models import AccessLog, Officer

OFFICER_HOLD = _("You are a safeguarding officer: ask an organiser to remove you from the officers first.")


def officer_hold(user) -> str:
    """Why an officer's account may not be erased ("" for anyone else)."""
    return OFFICER_HOLD if Officer.objects.filter(user=user).exists() else ""


def officer_log_forget(*, user, addresses: list[str]) -> None:
    """The log's lines about the person's appointments and removals keep the action, the organiser and the time; the
    address they named becomes the erased account's (`user.email` by now: the one edit of the log, so that it names
    nobody erased)."""
    actions = (AccessLog.Action.APPOINTED, AccessLog.Action.REMOVED)
    AccessLog.objects.filter(concern=None, action__in=actions, detail__in=addresses).update(detail=user.email)
