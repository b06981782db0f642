"""Reads for the survey builder and the results (selectors): aggregated in SQL, a fixed number of queries whatever
the size. (Beside surveys/selectors.py, which holds the answering side's reads.)

Results are read only when surveys.rules.results_visible says so; otherwise `survey_results` says why (not closed
yet, or how many more responses an anonymous survey needs) and carries no answer at all.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.charts import bar_chart

from .models import (
    RATING_MAX,
    RATING_MIN,
    Survey,
    SurveyAnswer,
    SurveyItem,
    SurveyOption,
    SurveyQuestion,
    SurveyResponse,
)
from .rules import MIN_RESPONSES, parts_shown, results_visible, survey_closes_at, survey_span
from .subjects import Part, subject_kind, subject_kinds, survey_parts


def question_library() -> QuerySet[SurveyQuestion]:
    """Every question with its options, how many surveys use it and whether it has been answered (2 queries)."""
    return (
        SurveyQuestion.objects.annotate(
            surveys=Count("items", distinct=True),
            answered=Exists(SurveyAnswer.objects.filter(item__question=OuterRef("pk"))),
        )
        .prefetch_related(Prefetch("options", queryset=SurveyOption.objects.order_by("position")))
        .order_by("-is_active", "text_en")
    )


def questions_offered() -> QuerySet[SurveyQuestion]:
    return SurveyQuestion.objects.filter(is_active=True).order_by("text_en")


def subject_labels() -> dict[tuple[str, int], str]:
    """(kind, id) -> label of every subject an organiser can pick: one read per registered kind, not per survey."""
    return {(kind.name, pk): label for kind in subject_kinds() for pk, label in kind.choices()}


def subject_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The builder's subjects, grouped by kind: [(kind label, [("kind:id", label)])]."""
    return [
        (str(kind.label), [(f"{kind.name}:{pk}", label) for pk, label in kind.choices()]) for kind in subject_kinds()
    ]


def _subject_ends(surveys: list[Survey]) -> dict[tuple[str, int], datetime.datetime | None]:
    """(kind, id) -> when the subject is over, for the surveys' subjects: one read per kind among them."""
    ids: dict[str, set[int]] = defaultdict(set)
    for survey in surveys:
        ids[survey.subject_kind].add(survey.subject_id)
    kinds = {name: subject_kind(name) for name in ids}
    return {
        (name, pk): ends_at
        for name, kind in kinds.items()
        if kind is not None
        for pk, ends_at in kind.ends(sorted(ids[name])).items()
    }


def survey_list() -> list[Survey]:
    """Every survey with its subject's label, how many were invited and how many answered, and its window
    (`opens_at`, `closes_at`: rules.survey_span; `in_parts` where each session opens as it ends): one query, one per
    registered kind of subject for the labels and one per kind among the surveys for the ends (not one per survey)."""
    surveys = list(
        Survey.objects.annotate(
            invited=Count("invitations", distinct=True),
            answered=Count("invitations", filter=Q(invitations__has_answered=True), distinct=True),
        ).order_by("-created_at", "-pk")
    )
    labels = subject_labels() if surveys else {}
    ends = _subject_ends(surveys)
    for survey in surveys:
        key = (survey.subject_kind, survey.subject_id)
        kind = subject_kind(survey.subject_kind)
        survey.subject_label = labels.get(key, "")
        survey.in_parts = kind is not None and kind.in_parts
        survey.opens_at, survey.closes_at = survey_span(survey, ends.get(key), in_parts=survey.in_parts)
    return surveys


def result_items(survey: Survey) -> list[SurveyItem]:
    return list(
        survey.items.select_related("question")
        .prefetch_related(Prefetch("question__options", queryset=SurveyOption.objects.order_by("position")))
        .order_by("position")
    )


def _round(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class ItemResult:
    """One question's results: (label, count) rows for a rating (1 to 5) or a choice; the texts of a free-text one."""

    item: SurveyItem
    rows: list[tuple[str, int]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    average: Decimal | None = None
    count: int = 0

    @property
    def question(self) -> SurveyQuestion:
        return self.item.question

    @property
    def has_chart(self) -> bool:
        return self.item.question.kind != SurveyQuestion.Kind.TEXT

    @property
    def is_rating(self) -> bool:
        return self.item.question.kind == SurveyQuestion.Kind.RATING

    def _chart(self, for_pdf: bool):
        if not self.has_chart:
            return ""
        return bar_chart(
            name=self.item.question.text,
            labels=[label for label, _count in self.rows],
            values=[count for _label, count in self.rows],
            for_pdf=for_pdf,
        )

    @property
    def chart(self):
        return self._chart(False)

    @property
    def chart_pdf(self):
        return self._chart(True)


@dataclass
class PartRating:
    """A part's (a session's) ratings: the average of its rating answers and how many there are."""

    part: Part
    responses: int | None  # None where the part is held back
    average: Decimal | None
    count: int
    visible: bool


@dataclass
class SurveyResults:
    survey: Survey
    invited: int
    answered: int
    responses: int
    visible: bool
    closes_at: datetime.datetime | None
    missing: int = 0  # responses still needed before an anonymous survey's results show
    items: list[ItemResult] = field(default_factory=list)
    parts: list[PartRating] = field(default_factory=list)


def _responses_by(group: str, **filters) -> dict[int, int]:
    """How many responses matching `filters` there are, by `group` (a part, a survey): one query."""
    return dict(
        SurveyResponse.objects.filter(**filters)
        .values(group)
        .annotate(count=Count("pk"))
        .order_by()
        .values_list(group, "count")
    )


def _ratings_by(group: str, **filters) -> dict[int, dict]:
    """The average and the number of the rating answers matching `filters`, by `group` (a part, a survey), each
    {"average", "count"}: one query."""
    return {
        row[group]: row
        for row in SurveyAnswer.objects.filter(rating__isnull=False, **filters)
        .values(group)
        .annotate(average=Avg("rating"), count=Count("pk"))
        .order_by()
    }


def _responses_per_part(survey: Survey) -> dict[int, int]:
    return _responses_by("part_id", survey=survey)


def _part_ratings(survey: Survey, parts: list[Part], per_part: dict[int, int]) -> list[PartRating]:
    """Each part's average rating (one query), shown only where rules.parts_shown says so for that part."""
    rows = _ratings_by("response__part_id", response__survey=survey)
    shown = parts_shown(survey, per_part, parts)
    ratings = []
    for part in parts:
        row = rows.get(part.id, {})
        responses = per_part.get(part.id, 0)
        visible = part.id in shown
        average = _round(row["average"]) if visible and row.get("count") else None
        # A part held back shows not even how many answered it: "1 response" to a session one person attended would
        # say that this person answered.
        shown_responses = responses if visible else None
        ratings.append(PartRating(part, shown_responses, average, row.get("count", 0) if visible else 0, visible))
    return ratings


def _tallies(survey: Survey) -> tuple[dict[int, dict], dict[int, list[str]]]:
    """{item: {rating or option id: count}} and {item: texts sorted by text}: two queries."""
    tallies: dict[int, dict] = defaultdict(dict)
    answers = SurveyAnswer.objects.filter(response__survey=survey)
    for item_id, rating, option_id, count in (
        answers.filter(Q(rating__isnull=False) | Q(option__isnull=False))
        .values("item_id", "rating", "option_id")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("item_id", "rating", "option_id", "count")
    ):
        tallies[item_id][rating if rating is not None else option_id] = count
    texts: dict[int, list[str]] = defaultdict(list)
    for item_id, text in answers.exclude(text="").order_by("item_id", "text").values_list("item_id", "text"):
        texts[item_id].append(text)
    return tallies, texts


def _item_result(item: SurveyItem, tally: dict, texts: list[str]) -> ItemResult:
    result = ItemResult(item=item)
    if item.question.kind == SurveyQuestion.Kind.RATING:
        result.rows = [(str(value), tally.get(value, 0)) for value in range(RATING_MIN, RATING_MAX + 1)]
        result.count = sum(count for _label, count in result.rows)
        total = sum(int(label) * count for label, count in result.rows)
        result.average = _round(total / result.count) if result.count else None
    elif item.question.kind == SurveyQuestion.Kind.CHOICE:
        result.rows = [(option.text, tally.get(option.pk, 0)) for option in item.question.options.all()]
        result.count = sum(count for _label, count in result.rows)
    else:
        result.texts = texts
        result.count = len(texts)
    return result


def survey_results(survey: Survey) -> SurveyResults:
    """A survey's results, if they may be read: per question the distribution of ratings (1 to 5) with their
    average, the count of each option, the free-text answers (sorted by their text: there is no time to sort by);
    for a survey of each session, each session's average rating. Invited, answered and responses either way."""
    parts = survey_parts(survey)
    counts = survey.invitations.aggregate(invited=Count("pk"), answered=Count("pk", filter=Q(has_answered=True)))
    per_part = _responses_per_part(survey)
    responses = sum(per_part.values())
    visible = results_visible(survey, responses, parts=parts)
    results = SurveyResults(
        survey=survey,
        invited=counts["invited"],
        answered=counts["answered"],
        responses=responses,
        visible=visible,
        closes_at=survey_closes_at(survey, parts),
    )
    if not visible:
        if survey.is_anonymous and responses < MIN_RESPONSES:
            results.missing = MIN_RESPONSES - responses
        return results
    tallies, texts = _tallies(survey)
    results.items = [_item_result(item, tallies[item.pk], texts[item.pk]) for item in result_items(survey)]
    if len(parts) > 1:
        results.parts = _part_ratings(survey, parts, per_part)
    return results


def session_ratings(*, subject_kind_name: str, subject_id: int) -> dict[int, PartRating]:
    """part id -> its ratings, from the newest survey about one subject (the sessions of a forum edition), only
    where results_visible says so for that part. A fixed number of queries whatever the number of sessions."""
    kind = subject_kind(subject_kind_name)
    survey = Survey.objects.filter(subject_kind=subject_kind_name, subject_id=subject_id).order_by("-pk").first()
    if kind is None or survey is None:
        return {}
    ratings = _part_ratings(survey, kind.parts(subject_id), _responses_per_part(survey))
    return {rating.part.id: rating for rating in ratings if rating.visible}


@dataclass
class SurveyScore:
    """A survey's feedback score for the programme report: its responses and, only where its own results page
    shows its results (rules.results_visible), the average of its rating answers."""

    survey: Survey
    ends_at: datetime.datetime
    responses: int
    visible: bool
    average: Decimal | None = None
    ratings: int = 0


def _score_visible(survey: Survey, kind, ends_at: datetime.datetime, responses: int) -> bool:
    if kind.in_parts:
        # Its parts are not read here (one read per survey): visible once recorded closed, when results_visible no
        # longer asks them; until the periodic job records it, held back (never shown where its page hides it).
        return survey.closed_at is not None and results_visible(survey, responses, parts=[])
    # The one part of such a subject is the subject itself, ending when its kind says (SubjectKind.parts).
    return results_visible(survey, responses, parts=[Part(survey.subject_id, "", ends_at)])


def survey_scores(*, ended_from: datetime.date, ended_to: datetime.date) -> list[SurveyScore]:
    """The surveys whose subject ended between the two days (in the site's time zone), by when it ended, with their
    feedback scores (SurveyScore). One query for the surveys, one per kind of subject among them, and two."""
    surveys = list(Survey.objects.order_by("pk"))
    ends = _subject_ends(surveys)
    chosen = []
    for survey in surveys:
        ends_at = ends.get((survey.subject_kind, survey.subject_id))
        kind = subject_kind(survey.subject_kind)
        if kind is not None and ends_at is not None and ended_from <= timezone.localdate(ends_at) <= ended_to:
            chosen.append((survey, kind, ends_at))
    if not chosen:
        return []
    ids = [survey.pk for survey, _kind, _ends_at in chosen]
    responses = _responses_by("survey", survey__in=ids)
    ratings = _ratings_by("response__survey", response__survey__in=ids)
    scores = []
    for survey, kind, ends_at in sorted(chosen, key=lambda chosen: (chosen[2], chosen[0].pk)):
        count = responses.get(survey.pk, 0)
        score = SurveyScore(survey, ends_at, count, _score_visible(survey, kind, ends_at, count))
        row = ratings.get(survey.pk)
        if score.visible and row:
            score.average, score.ratings = _round(row["average"]), row["count"]
        scores.append(score)
    return scores


def export_rows(survey: Survey) -> tuple[list[str], list[list]]:
    """The answers, one row per response: its random id, the part, and one column per question; in a survey that is
    not anonymous, the response's date and the respondent too. An anonymous survey's rows carry no date (one day
    with few responses would point at the people known to have answered that day) and come in the order of their
    random ids; a response about a part whose results are held back (rules.parts_shown: a session answered by fewer
    than five) does not say its part, which would tell that session's one or two people apart."""
    items = result_items(survey)
    parts = survey_parts(survey)
    labels = {part.id: part.label for part in parts}
    named = not survey.is_anonymous
    if not named:
        shown = parts_shown(survey, _responses_per_part(survey), parts)
        labels = {part_id: label for part_id, label in labels.items() if part_id in shown}
    header = [_("Response"), _("Date"), _("About"), _("Respondent")] if named else [_("Response"), _("About")]
    header += [item.question.text for item in items]
    column = {item.pk: index for index, item in enumerate(items)}
    responses = survey.responses.order_by(*(("submitted_on", "id") if named else ("id",)))
    responses = responses.prefetch_related(Prefetch("answers", queryset=SurveyAnswer.objects.select_related("option")))
    if named:
        responses = responses.select_related("respondent")
    rows = []
    for response in responses:
        cells = [""] * len(items)
        for answer in response.answers.all():
            value = answer.rating if answer.rating is not None else answer.option.text if answer.option else answer.text
            cells[column[answer.item_id]] = value
        about = labels.get(response.part_id, "")
        if named:
            row = [str(response.id), response.submitted_on, about, str(response.respondent or "")]
        else:
            row = [str(response.id), about]
        rows.append(row + cells)
    return header, rows


def surveys_about(*, subject_kind_name: str, subject_ids) -> dict[int, list[Survey]]:
    """subject id -> the surveys about it (newest first), for linking their results from the subject's pages (a
    trainer's cohorts). One query whatever the number of subjects."""
    found: dict[int, list[Survey]] = defaultdict(list)
    for survey in Survey.objects.filter(subject_kind=subject_kind_name, subject_id__in=list(subject_ids)).order_by(
        "-created_at", "-pk"
    ):
        found[survey.subject_id].append(survey)
    return found
