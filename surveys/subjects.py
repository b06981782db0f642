"""What a survey can be about: the kinds of subject the owning apps register (as certificates.sources and
documents.kinds do it).

surveys knows neither forum nor trainings. A survey stores its subject as (`subject_kind`, `subject_id`); the app
that owns the subject subclasses `SubjectKind` and registers an instance in its AppConfig.ready()
(`subject_register(CohortSubject())`). The kind says, in the reader's language, what the subject is (`describe`),
what is answered separately (`parts`: the subject itself, or each session of a forum edition), when each part ends
(the survey opens then), when many subjects end at once (`ends`: the organiser's list of surveys), who attended a
part (`audience`: who is invited) and who besides organisers reads the results (`readers`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet

if TYPE_CHECKING:
    from people.models import User

    from .models import Survey


@dataclass(frozen=True)
class Subject:
    """A survey's subject, described in the reader's language; `url` is its organiser page ("" for none)."""

    label: str
    url: str = ""


@dataclass(frozen=True)
class Part:
    """What one invitation and one response are about: the subject itself (`id` is the subject's id), or one
    session of a forum edition. `ends_at` is when it is over (None: no end known yet, so the survey never opens)."""

    id: int
    label: str
    ends_at: datetime.datetime | None


class SubjectKind:
    """A kind of subject. Subclass it in the owning app and register an instance (subject_register)."""

    name = ""  # stored on the survey: "<app>.<what>", e.g. "trainings.cohort"; never renamed once used
    label = ""  # shown in the survey builder, e.g. _("A training cohort")
    in_parts = False  # True where each part is answered separately (each session of an edition)

    def describe(self, subject_id: int) -> Subject | None:
        """The subject in the reader's language with its organiser page; None when it is gone."""
        raise NotImplementedError

    def parts(self, subject_id: int) -> list[Part]:
        """What is answered separately, in time order: [the subject itself] for most kinds, each session of the
        edition for "forum.sessions". Empty when the subject is gone."""
        raise NotImplementedError

    def ends(self, subject_ids: Iterable[int]) -> dict[int, datetime.datetime | None]:
        """subject id -> when the subject is over (its last part ends; None: no end known yet), for a list of surveys:
        one query whatever the number of subjects. This fallback reads each subject's parts (one read each)."""
        ends = {}
        for subject_id in subject_ids:
            known = [part.ends_at for part in self.parts(subject_id)]
            ends[subject_id] = max(known) if known and None not in known else None
        return ends

    def audience(self, part_id: int) -> QuerySet[User]:
        """The people who attended the part (by the owning app's one rule of "attended"): who is invited."""
        raise NotImplementedError

    def readers(self, user: User, subject_id: int) -> bool:
        """Whether `user` reads the results besides the organisers (a cohort's trainers). Organisers are decided
        by the caller (people.permissions.is_organiser), not here."""
        return False

    def choices(self) -> list[tuple[int, str]]:
        """The subjects an organiser can pick in the survey builder, most recent first: [(subject id, label)]."""
        raise NotImplementedError


_kinds: dict[str, SubjectKind] = {}


def subject_register(kind: SubjectKind) -> SubjectKind:
    """Make `kind` known under its name (from the owning app's AppConfig.ready()); registering it again (a test's
    second app registry) replaces it, another class under the same name is refused."""
    if not (isinstance(kind, SubjectKind) and kind.name):
        raise TypeError(f"{kind!r} is not a named SubjectKind")
    if type(_kinds.setdefault(kind.name, kind)) is not type(kind):
        raise ValueError(f"Two kinds of subject are named {kind.name!r}")
    _kinds[kind.name] = kind
    return kind


def subject_kind(name: str) -> SubjectKind | None:
    """The registered kind `name`, or None (an app that registered it is gone)."""
    return _kinds.get(name)


def subject_kinds() -> list[SubjectKind]:
    """Every registered kind, by name (the builder's list of what a survey can be about)."""
    return [_kinds[name] for name in sorted(_kinds)]


def survey_parts(survey: Survey) -> list[Part]:
    """The parts of `survey`'s subject (empty when its kind or its subject is gone)."""
    kind = subject_kind(survey.subject_kind)
    return kind.parts(survey.subject_id) if kind is not None else []


def survey_part(survey: Survey, part_id: int) -> Part | None:
    """One part of `survey`'s subject, or None when it is gone."""
    return next((part for part in survey_parts(survey) if part.id == part_id), None)
