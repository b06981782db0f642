"""What the reporter's pages read: the emergency numbers shown first, and the messages of a follow-up link. The
officers' reads are in safeguarding.cases_selectors."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import BooleanField, ExpressionWrapper, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.models import ForumEdition

from .models import CaseEntry, Concern, EmergencyContacts


@dataclass(frozen=True)
class EmergencyLine:
    """One number to call: whom (`label`), the number as the organisers wrote it, and its tel: link."""

    label: str
    number: str

    @property
    def tel(self) -> str:
        return "tel:" + re.sub(r"[^0-9+*#]", "", self.number)


@dataclass(frozen=True)
class EmergencySet:
    """The numbers of one place: a forum edition's (`title` names it) or everywhere else's."""

    title: str
    lines: tuple[EmergencyLine, ...]


def _lines(contacts: EmergencyContacts) -> tuple[EmergencyLine, ...]:
    lines = []
    if contacts.officer_phone:
        lines.append(EmergencyLine(_("Safeguarding officer at the venue"), contacts.officer_phone))
    if contacts.helpline_phone:
        lines.append(EmergencyLine(contacts.helpline_name or _("Child helpline"), contacts.helpline_phone))
    if contacts.police_phone:
        lines.append(EmergencyLine(_("Police"), contacts.police_phone))
    return tuple(lines)


def current_edition_query():
    """The forum edition a reporter is most likely at or about to go to: the published edition whose last day has
    not passed, soonest first (a subquery of its pk)."""
    editions = ForumEdition.objects.filter(is_published=True, ends_on__gte=timezone.localdate())
    return editions.order_by("starts_on", "pk").values("pk")[:1]


def emergency_numbers() -> list[EmergencySet]:
    """What a reporter reads first (one query): the current forum edition's numbers (current_edition_query) and
    the numbers set for everywhere else, both when they differ; Cambodia's national numbers
    (settings.SAFEGUARDING_FALLBACK_CONTACTS) when the organisers set none. Never empty."""
    rows = (
        EmergencyContacts.objects.filter(Q(edition__isnull=True) | Q(edition=Subquery(current_edition_query())))
        .select_related("edition")
        .order_by("edition_id")
    )
    edition_set = default_lines = None
    for contacts in rows:
        lines = _lines(contacts)
        if contacts.edition_id is None:
            default_lines = lines
        elif lines:
            edition = contacts.edition
            edition_set = EmergencySet(
                title=_("At %(edition)s (%(venue)s, %(city)s)")
                % {"edition": edition.title, "venue": edition.venue, "city": edition.city},
                lines=lines,
            )
    sets = [edition_set] if edition_set else []
    if default_lines and not (edition_set and edition_set.lines == default_lines):
        sets.append(EmergencySet(title=_("Everywhere else (trainings, online)") if sets else "", lines=default_lines))
    if not sets:
        sets.append(EmergencySet(title="", lines=_lines(EmergencyContacts(**settings.SAFEGUARDING_FALLBACK_CONTACTS))))
    return sets


def reporter_messages(concern: Concern) -> list[CaseEntry]:
    """The messages between the reporter and the officers, oldest first, each with `from_reporter` (one query).
    Never the officers' notes, actions or referrals, nor which officer wrote (no author is read)."""
    return list(
        CaseEntry.objects.filter(concern=concern, kind__in=(CaseEntry.Kind.TO_REPORTER, CaseEntry.Kind.FROM_REPORTER))
        .annotate(from_reporter=ExpressionWrapper(Q(kind=CaseEntry.Kind.FROM_REPORTER), output_field=BooleanField()))
        .only("kind", "text", "created_at")
        .order_by("created_at", "pk")
    )
