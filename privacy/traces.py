"""What the site's machinery kept of a person beside the domain's rows, forgotten when they are erased: the notes of
e-mails sent (people.SentEmail), the task queue's rows (django_tasks_db: a queued e-mail holds its rendered text,
names and addresses included, see people/tasks.py) and the admin's log (object_repr, change_message).

Those rows name the person only in their text, so they are found by what names the person (`Marks`): every e-mail
address of theirs, their names as they wrote them (in Latin and in their own script, as in their passport) and their
passport numbers, each matched as a whole word, whatever the case, in the text as read back from JSON (the database
keeps JSON with non-ASCII letters escaped on some backends). A name of a single short word is not a mark: it would
find other people.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property, reduce
from operator import or_

from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django_tasks_db.models import DBTaskResult

from forum.models import VisaRequest
from people.models import SentEmail, User

# The shortest name of one word that is a mark; names of two words or more always are.
MIN_NAME_LENGTH = 8
MIN_NUMBER_LENGTH = 5


def _is_name_mark(text: str) -> bool:
    return len(text.split()) >= 2 or len(text) >= MIN_NAME_LENGTH


@dataclass(frozen=True)
class Marks:
    """What names one person in free text: `addresses` (lower case) and `texts` (names, passport numbers)."""

    addresses: tuple[str, ...]
    texts: tuple[str, ...]

    @classmethod
    def of(cls, user: User) -> Marks:
        """The marks of `user` as the database holds them now (read before anything of theirs is forgotten)."""
        others = EmailAddress.objects.filter(user=user).values_list("email", flat=True)
        addresses = {user.email.lower(), *(address.lower() for address in others)}
        passports = VisaRequest.objects.filter(registration__user=user).values_list("passport_name", "passport_number")
        names = [user.get_full_name(), user.native_name, *(name for name, _number in passports)]
        numbers = [number for _name, number in passports]
        texts = {" ".join(name.split()) for name in names if _is_name_mark(" ".join(name.split()))}
        texts |= {number.strip() for number in numbers if len(number.strip()) >= MIN_NUMBER_LENGTH}
        return cls(addresses=tuple(sorted(a for a in addresses if a)), texts=tuple(sorted(texts)))

    @property
    def variants(self) -> list[str]:
        """Each mark as it is written, and as JSON writes it with non-ASCII letters escaped: to find candidate rows
        in the database (`found_in` then decides)."""
        marks = [*self.addresses, *self.texts]
        return sorted({*marks, *(json.dumps(mark)[1:-1] for mark in marks)})

    @cached_property
    def _pattern(self) -> re.Pattern:
        # A whole word: "ann@example.org" is not in "joann@example.org", nor "Sok Dara" in "Sok Darany".
        words = [re.escape(mark) for mark in sorted([*self.addresses, *self.texts], key=len, reverse=True)]
        return re.compile(r"(?<![\w.+-])(?:" + "|".join(words) + r")(?![\w-]|\.\w)", re.IGNORECASE)

    def found_in(self, *values) -> bool:
        """Whether a mark is in any of `values` (texts, or what JSON decodes to)."""
        if not (self.addresses or self.texts):
            return False
        return any(self._pattern.search(_text(value)) for value in values)


def _text(value) -> str:
    """`value` as text to search: a JSON value decoded (its non-ASCII letters unescaped), a text as it is and, when
    it is JSON itself (the admin's change messages), decoded too."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    try:
        decoded = json.loads(value)
    except ValueError:
        return value
    return value + "\n" + json.dumps(decoded, ensure_ascii=False)


def _mentioning(queryset, fields: list[str], marks: Marks):
    """The rows of `queryset` whose `fields` (text, or JSON cast to text) may hold a mark: a prefilter in SQL."""
    variants = marks.variants
    if not variants:
        return queryset.none()
    casts = {f"search_{field}": Cast(field, TextField()) for field in fields}
    condition = reduce(or_, (Q(**{f"{alias}__icontains": variant}) for alias in casts for variant in variants))
    return queryset.annotate(**casts).filter(condition)


def sent_emails_forget(marks: Marks) -> int:
    """Delete the notes of e-mails sent to the person's addresses, and of those whose subject names them (a guardian's
    "Your consent is needed: <name> at ..."); returns how many went."""
    named = [
        pk
        for pk, subject in _mentioning(SentEmail.objects.all(), ["subject"], marks).values_list("pk", "subject")
        if marks.found_in(subject)
    ]
    return SentEmail.objects.filter(Q(address__in=marks.addresses) | Q(pk__in=named)).delete()[0]


def queued_tasks_forget(marks: Marks) -> int:
    """Delete the task queue's rows whose arguments, result or error name the person, whatever their state: an e-mail
    still waiting is never sent (to them or about them), one delivered or failed is forgotten now rather than at the
    next prune. Returns how many went."""
    fields = ["args_kwargs", "return_value", "traceback"]
    rows = _mentioning(DBTaskResult.objects.all(), fields, marks).values_list("pk", *fields)
    ids = [pk for pk, *values in rows if marks.found_in(*values)]
    return DBTaskResult.objects.filter(pk__in=ids).delete()[0] if ids else 0


def admin_log_forget(marks: Marks, *, user: User) -> int:
    """Blank what the admin's log says of the person: the object and the change of its lines about their account,
    and of every line that names them (a nomination's "<name> <address>"). Who did it, when and to which row stay.
    Returns how many lines changed."""
    about_account = Q(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk))
    candidates = _mentioning(LogEntry.objects.all(), ["object_repr", "change_message"], marks)
    rows = candidates.values_list("pk", "object_repr", "change_message")
    named = [pk for pk, *texts in rows if marks.found_in(*texts)]
    return LogEntry.objects.filter(about_account | Q(pk__in=named)).update(object_repr="", change_message="")
