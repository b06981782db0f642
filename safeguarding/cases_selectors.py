"""What the officers' case pages read, each in a fixed number of queries whatever the number of cases, entries or
log lines. Nothing here is read by any other app (tests/test_architecture.py): the dashboard and the report count
cases by status and nothing more."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import BooleanField, Count, ExpressionWrapper, Min, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from people.inputs import parse_id

from .models import CONTENT_FIELDS, AccessLog, Attachment, CaseEntry, Concern, Officer

# What the reporter told: the list shows none of it, and does not even read it.
# The newest lines of a case's own log that its page shows; the whole log is one link away.
CASE_LOG_LINES = 50


@dataclass(frozen=True)
class CaseFilters:
    """What an officer filters the cases by (empty strings mean "any")."""

    status: str = ""  # a Concern.Status value, or "open" (every status but closed)
    owner: str = ""  # "mine" / "nobody"


def _open_action() -> Q:
    return Q(entries__kind=CaseEntry.Kind.ACTION, entries__done_at__isnull=True)


def case_list(*, filters: CaseFilters, officer: Officer) -> QuerySet[Concern]:
    """The cases, open urgent ones (a child in danger now) first, then the other open ones, then the closed, each
    newest first; each with `open_actions`, `overdue_actions` (open and due before today), `next_due_on`,
    `case_open` and `urgent_open`. Counted in the one query, the owner's name joined, what was reported not read."""
    today = timezone.localdate()
    open_case = ~Q(status=Concern.Status.CLOSED)
    cases = (
        Concern.objects.select_related("owner__user")
        .defer(*CONTENT_FIELDS)
        .annotate(
            open_actions=Count("entries", filter=_open_action()),
            overdue_actions=Count("entries", filter=_open_action() & Q(entries__due_on__lt=today)),
            next_due_on=Min("entries__due_on", filter=_open_action()),
            case_open=ExpressionWrapper(open_case, output_field=BooleanField()),
            urgent_open=ExpressionWrapper(open_case & Q(danger_now=True), output_field=BooleanField()),
        )
        .order_by("-urgent_open", "-case_open", "-received_at", "-pk")
    )
    if filters.status == "open":
        cases = cases.filter(open_case)
    elif filters.status:
        cases = cases.filter(status=filters.status)
    if filters.owner == "mine":
        cases = cases.filter(owner=officer)
    elif filters.owner == "nobody":
        cases = cases.filter(owner__isnull=True)
    return cases


def case_get(*, pk) -> Concern:
    """The case, its owner's name joined; 404 for an id that names none."""
    return get_object_or_404(Concern.objects.select_related("owner__user"), pk=parse_id(pk) or 0)


def case_entries(concern: Concern) -> dict[str, list[CaseEntry]]:
    """The case's handling in one query, by kind, each oldest first: `open_actions` (soonest due first, each with
    `overdue`), `done_actions`, `referrals`, `messages` (to and from the reporter, as one conversation) and
    `notes`."""
    today = timezone.localdate()
    entries = (
        CaseEntry.objects.filter(concern=concern)
        .select_related("author__user")
        .annotate(
            overdue=ExpressionWrapper(
                Q(kind=CaseEntry.Kind.ACTION, done_at__isnull=True, due_on__lt=today), output_field=BooleanField()
            )
        )
        .order_by("created_at", "pk")
    )
    groups = {"open_actions": [], "done_actions": [], "referrals": [], "messages": [], "notes": []}
    kind_group = {
        CaseEntry.Kind.REFERRAL: "referrals",
        CaseEntry.Kind.TO_REPORTER: "messages",
        CaseEntry.Kind.FROM_REPORTER: "messages",
        CaseEntry.Kind.NOTE: "notes",
    }
    for entry in entries:
        if entry.kind == CaseEntry.Kind.ACTION:
            groups["open_actions" if entry.is_open_action else "done_actions"].append(entry)
        else:
            groups[kind_group[entry.kind]].append(entry)
    groups["open_actions"].sort(key=lambda entry: (entry.due_on is None, entry.due_on or today))
    return groups


def case_attachments(concern: Concern) -> list[Attachment]:
    """The case's attachments in the order they came; the n-th is named `<reference>-<n>` when downloaded."""
    return list(Attachment.objects.filter(concern=concern).order_by("created_at", "pk"))


def attachment_get(*, concern: Concern, pk) -> tuple[Attachment, int]:
    """An attachment of this case and its place among the case's attachments (from 1); 404 for one of another
    case, or for a case whose content was erased."""
    if concern.is_erased:
        raise Http404
    attachments = case_attachments(concern)
    wanted = parse_id(pk)
    for number, attachment in enumerate(attachments, start=1):
        if attachment.pk == wanted:
            attachment.concern = concern
            return attachment, number
    raise Http404


def officer_choices() -> list[Officer]:
    """Every officer, by name: who may own a case."""
    return list(Officer.objects.select_related("user"))


def case_log(concern: Concern) -> tuple[list[AccessLog], bool]:
    """The newest CASE_LOG_LINES lines of the case's log, and whether there are more."""
    lines = list(AccessLog.objects.filter(concern=concern).select_related("actor")[: CASE_LOG_LINES + 1])
    return lines[:CASE_LOG_LINES], len(lines) > CASE_LOG_LINES


def access_log(*, concern_pk=None) -> QuerySet[AccessLog]:
    """The whole access log, newest first, with who and which case; only one case's lines when `concern_pk` names
    one."""
    lines = AccessLog.objects.select_related("actor", "concern")
    if concern_pk is not None:
        lines = lines.filter(concern_id=concern_pk)
    return lines.order_by("-at", "-pk")
