"""What the site's machinery kept of a person beside the domain's rows, forgotten when they are erased: the notes of
e-mails sent (people.SentEmail), the e-mails in the task queue (django_tasks_db: a queued e-mail holds its rendered
text, names and addresses included, see people/tasks.py), the admin's log and the sessions of their devices.

Nothing here is found by matching names in free text: a name proves nothing (a namesake, or someone who calls
themselves "Your registration", would find other people's e-mails). A row is the person's by what only they hold
(`Marks`): their addresses (privacy.selectors.addresses_of: the login and the confirmed ones) and the rows of the
database that are theirs (the admin's log names its object by content type and id). So:

- a note of an e-mail goes when it was sent to one of their addresses;
- an e-mail in the queue goes when it is addressed to them: one still waiting only when it is addressed to nobody
  else (someone else still waits for it), one delivered or failed always; one the worker is sending now is left to
  the worker (it holds the row) and goes with the delivered ones at the next periodic prune;
- the e-mails delivered to anyone leave the queue at once, as the periodic prune would take them (the erasure calls
  people.tasks.delivered_emails_prune): one to an organiser that names them goes too;
- e-mails to other people that name them stay: their note keeps its subject (a guardian's "Your consent is needed:
  <name> at ...") until SENT_EMAIL_KEEP_DAYS, one still waiting is sent, a failed one stays until
  EMAIL_FAILED_KEEP_DAYS. The erase page says so;
- the admin's log: the lines about their objects (their account and its addresses, authenticators and memberships,
  registrations with their history and attendance corrections, enrolments with their marks, certificates) lose
  what they said; who did it, when and to which row stay. A line about someone else's object stays as written;
- the sessions of their account (other devices'): deleted, and with them what allauth keeps there (an address), in
  the database and in the cache.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import reduce
from operator import or_

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import SESSION_KEY
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.cached_db import SessionStore as CachedSessionStore
from django.contrib.sessions.models import Session as StoredSession
from django.core.cache import caches
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from certificates.models import Certificate
from forum.models import AttendanceOverride, Registration, RegistrationEvent
from people.models import Membership, SentEmail, User
from people.tasks import send_email
from trainings.models import AttendanceChange, AttendanceRecord, Enrollment

from .selectors import person_addresses


def _objects_of(user: User) -> dict[int, list[str]]:
    """{content type id: [object ids]} of the person's rows that the admin shows (its log's `object_id` is text)."""
    querysets = [
        User.objects.filter(pk=user.pk),
        EmailAddress.objects.filter(user=user),
        Authenticator.objects.filter(user=user),
        Membership.objects.filter(user=user),
        Registration.objects.filter(user=user),
        RegistrationEvent.objects.filter(registration__user=user),
        AttendanceOverride.objects.filter(registration__user=user),
        Enrollment.objects.filter(user=user),
        AttendanceRecord.objects.filter(enrollment__user=user),
        AttendanceChange.objects.filter(enrollment__user=user),
        Certificate.objects.filter(recipient=user),
    ]
    types = ContentType.objects.get_for_models(*(queryset.model for queryset in querysets))
    return {
        types[queryset.model].pk: [str(pk) for pk in queryset.values_list("pk", flat=True)] for queryset in querysets
    }


@dataclass(frozen=True)
class Marks:
    """What makes a row the person's: `addresses` (lower case; the login and the confirmed ones) and `objects`, their
    rows by content type ({content type id: [object ids]})."""

    addresses: tuple[str, ...]
    objects: dict[int, list[str]]

    @classmethod
    def of(cls, user: User) -> Marks:
        """The marks of `user` as the database holds them now (read before anything of theirs is forgotten)."""
        return cls(addresses=tuple(person_addresses(user)), objects=_objects_of(user))


def sent_emails_forget(marks: Marks) -> int:
    """Delete the notes of e-mails sent to the person's addresses (kept in lower case, people.mail); returns how many
    went. A note of an e-mail to someone else stays, whatever its subject says."""
    return SentEmail.objects.filter(address__in=marks.addresses).delete()[0]


def _recipients(args_kwargs) -> set[str]:
    """The addresses a queued send_email is addressed to (its `to` argument), in lower case."""
    if isinstance(args_kwargs, str):
        args_kwargs = json.loads(args_kwargs)
    to = (args_kwargs or {}).get("kwargs", {}).get("to") or []
    return {str(address).lower() for address in to}


def queued_tasks_forget(marks: Marks) -> int:
    """Delete the queue's e-mails addressed to the person: waiting ones addressed to nobody else (never sent now),
    delivered and failed ones. One being sent is the worker's (the module's docstring). Returns how many went."""
    addresses = set(marks.addresses)
    if not addresses:
        return 0
    emails = DBTaskResult.objects.filter(task_path=send_email.module_path).exclude(status=TaskResultStatus.RUNNING)
    # A prefilter in SQL (the arguments as text hold the address, JSON-escaped when it is not ASCII); `to` decides.
    variants = {*addresses, *(json.dumps(address)[1:-1] for address in addresses)}
    candidates = emails.annotate(arguments=Cast("args_kwargs", TextField())).filter(
        reduce(or_, (Q(arguments__icontains=variant) for variant in variants))
    )
    ids = []
    for pk, status, args_kwargs in candidates.values_list("pk", "status", "args_kwargs"):
        to = _recipients(args_kwargs)
        if not to & addresses or (status == TaskResultStatus.READY and not to <= addresses):
            continue
        ids.append(pk)
    if not ids:
        return 0
    # The status is asked again by the delete itself: a row the worker claimed meanwhile is its own.
    return emails.filter(pk__in=ids).delete()[0]


def admin_log_forget(marks: Marks) -> int:
    """Blank what the admin's log says of the person's objects (`object_repr`, `change_message`); who did it, when and
    to which row stay. Returns how many lines changed."""
    about = [Q(content_type_id=type_id, object_id__in=ids) for type_id, ids in marks.objects.items() if ids]
    if not about:
        return 0
    return LogEntry.objects.filter(reduce(or_, about)).update(object_repr="", change_message="")


def sessions_forget(user: User) -> int:
    """Delete the sessions of `user`'s account (each device's: allauth keeps an address there); returns how many
    went. Each session is decoded to know whose it is (the table does not say): a few hundred rows at this scale.
    Every session is in the table, whichever of the two engines config/settings picks (a test says so); the copies
    that the cached_db one (with REDIS_URL) keeps in the cache go too, once the erasure is committed (dropped
    earlier, a request in between could cache again the row not yet deleted)."""
    keys = [
        session.session_key
        for session in StoredSession.objects.iterator(chunk_size=500)
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    if not keys:
        return 0
    copies = [CachedSessionStore(session_key=key).cache_key for key in keys]
    transaction.on_commit(lambda: caches[settings.SESSION_CACHE_ALIAS].delete_many(copies))
    return StoredSession.objects.filter(session_key__in=keys).delete()[0]
