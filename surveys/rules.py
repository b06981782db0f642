"""The questions about surveys that more than one place asks, each answered here once: when a survey is open
(for one part of its subject), when its results may be read, who may still answer."""

from __future__ import annotations

import datetime

from django.utils import timezone

from .models import Survey, SurveyInvitation
from .subjects import Part, survey_part, survey_parts

# Below this many responses the results of an anonymous survey stay hidden from everyone, organisers included: with
# fewer, a reader who knows who attended could tell who wrote what.
MIN_RESPONSES = 5


def _ends_at(survey: Survey, part: Part) -> datetime.datetime | None:
    """When the part ended, as recorded once its window opened (Survey.part_ends: the subject's dates changed later
    move no window), else as it stands. A part that appears once the whole survey has closed (a session added to a
    past programme) has no end here: it never opens."""
    recorded = survey.recorded_end(part.id)
    if recorded is not None:
        return recorded
    return part.ends_at if survey.closed_at is None else None


def survey_window(survey: Survey, part: Part | None) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """(opens_at, closes_at): the survey opens for `part` when the part ends (as recorded once it opened) and closes
    `open_days` later; (None, None) for a part that has no end yet (or is gone): such a survey never opens."""
    ends_at = None if part is None else _ends_at(survey, part)
    if ends_at is None:
        return None, None
    return ends_at, ends_at + datetime.timedelta(days=survey.open_days)


def survey_is_open(survey: Survey, part: Part | None, now: datetime.datetime | None = None) -> bool:
    opens_at, closes_at = survey_window(survey, part)
    now = now or timezone.now()
    return opens_at is not None and opens_at <= now < closes_at


def survey_has_opened(survey: Survey, parts: list[Part], now: datetime.datetime | None = None) -> bool:
    """Whether the survey has opened for any of its parts (it may have closed since): its window is fixed then."""
    now = now or timezone.now()
    opened = [survey_window(survey, part)[0] for part in parts]
    return any(opens_at is not None and opens_at <= now for opens_at in opened)


def survey_closes_at(survey: Survey, parts: list[Part] | None = None) -> datetime.datetime | None:
    """When the last of its parts closes (None: some part has no end yet, or there is no part); once recorded as
    closed, when it closed, whatever its parts have become since."""
    if survey.closed_at is not None:
        return survey.closed_at
    parts = survey_parts(survey) if parts is None else parts
    closings = [survey_window(survey, part)[1] for part in parts]
    if not closings or None in closings:
        return None
    return max(closings)


def survey_span(
    survey: Survey, ends_at: datetime.datetime | None, *, in_parts: bool = False
) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """(opens_at, closes_at) of the survey as a whole, from when its subject is over (`ends_at`: SubjectKind.ends,
    one read for a whole list of surveys). A subject answered as one part: its window (survey_window). One answered
    in parts (each session of an edition): opens_at is None, as each part opens when it ends, and closes_at is when
    the survey closed once recorded, else when its last part, as the programme stands, closes (None: no part)."""
    if not in_parts:
        return survey_window(survey, Part(survey.subject_id, "", ends_at))
    if survey.closed_at is not None or ends_at is None:
        return None, survey.closed_at
    return None, ends_at + datetime.timedelta(days=survey.open_days)


def survey_is_closed(
    survey: Survey, now: datetime.datetime | None = None, *, part: Part | None = None, parts: list[Part] | None = None
) -> bool:
    """Closed for `part`, or, without a part, for all of its parts (the whole survey)."""
    closes_at = survey_window(survey, part)[1] if part is not None else survey_closes_at(survey, parts)
    return closes_at is not None and closes_at <= (now or timezone.now())


def window_to_record(
    survey: Survey, parts: list[Part], now: datetime.datetime | None = None
) -> tuple[dict[str, str], datetime.datetime | None]:
    """What of the survey's window has happened and is not recorded yet (the periodic job records it:
    surveys.services): {part id: its end} for each part whose window has opened, and when the survey closed once it
    has closed for every part (None: nothing new). Recorded, a window no longer follows the subject's dates: a
    closed survey stays closed, a part closed stays closed."""
    now = now or timezone.now()
    ends = {}
    for part in parts:
        opens_at = survey_window(survey, part)[0]
        if opens_at is not None and opens_at <= now and survey.recorded_end(part.id) is None:
            ends[str(part.id)] = opens_at.isoformat()
    closes_at = survey_closes_at(survey, parts) if survey.closed_at is None else None
    return ends, closes_at if closes_at is not None and closes_at <= now else None


def results_visible(
    survey: Survey,
    responses: int,
    now: datetime.datetime | None = None,
    *,
    part: Part | None = None,
    parts: list[Part] | None = None,
) -> bool:
    """Whether the results (of `part`, else of the whole survey) may be read by anyone, organisers included: once
    closed; and, for an anonymous survey, only with at least MIN_RESPONSES responses, so that nobody watches
    answers arrive and tells who wrote what."""
    if not survey_is_closed(survey, now, part=part, parts=parts):
        return False
    return not survey.is_anonymous or responses >= MIN_RESPONSES


def parts_shown(
    survey: Survey, responses: dict[int, int], parts: list[Part], now: datetime.datetime | None = None
) -> set[int]:
    """The ids of the parts (sessions) whose own results may be read, given each part's number of responses. A
    part shows where results_visible says so for it; and, in an anonymous survey, small cells stay suppressed
    together with their complement: when the closed parts held back hold 1 to MIN_RESPONSES - 1 responses between
    them, the smallest parts shown are held back too until they hold MIN_RESPONSES, else the whole survey's
    figures minus the parts shown would give a session's one or two people's answers."""
    now = now or timezone.now()
    shown = {part.id for part in parts if results_visible(survey, responses.get(part.id, 0), now, part=part)}
    if not survey.is_anonymous:
        return shown
    closed = {part.id for part in parts if survey_is_closed(survey, now, part=part)}
    known = {part.id for part in parts}
    held = sum(
        count
        for part_id, count in responses.items()
        if part_id not in shown and (part_id in closed or part_id not in known)
    )
    for part_id in sorted(shown, key=lambda part_id: (responses.get(part_id, 0), part_id)):
        if not 0 < held < MIN_RESPONSES:
            break
        shown.discard(part_id)
        held += responses.get(part_id, 0)
    return shown


def may_answer(invitation: SurveyInvitation, now: datetime.datetime | None = None, *, part: Part | None = None) -> bool:
    """Not answered yet, and the survey is open for the invitation's part (found when not given: one query or so)."""
    if invitation.has_answered:
        return False
    part = part if part is not None else survey_part(invitation.survey, invitation.part_id)
    return survey_is_open(invitation.survey, part, now)
