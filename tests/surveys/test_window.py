"""A closed survey stays closed: once a survey (or, for a survey of each session, a part) has opened, its window is
recorded and no longer follows its subject's dates; once it has closed, nothing reopens it (a session added to a
finished cohort or programme, a session moved, a longer `open_days`), so that results read before and after
compare the same responses."""

import datetime

import pytest
from django.utils import timezone

from surveys.builder import survey_update
from surveys.errors import BuilderError, SurveyClosed
from surveys.results import survey_results
from surveys.rules import survey_is_closed, survey_is_open
from surveys.services import response_submit, survey_invitations_send
from surveys.subjects import survey_part, survey_parts
from tests.factories import (
    CohortFactory,
    EnrollmentFactory,
    PastCohortFactory,
    RoomFactory,
    SessionFactory,
    SurveyFactory,
    TrainingSessionFactory,
)
from tests.surveys.results_world import survey_of_sessions
from trainings.models import AttendanceRecord

pytestmark = pytest.mark.django_db

PRESENT = AttendanceRecord.Status.PRESENT


def _update(survey, **changes):
    fields = {
        "title_en": survey.title_en,
        "is_anonymous": survey.is_anonymous,
        "open_days": survey.open_days,
        "reminder_after_days": survey.reminder_after_days,
        "question_ids": list(survey.items.order_by("position").values_list("question_id", flat=True)),
    }
    return survey_update(survey=survey, **{**fields, **changes})


def _ago(**kwargs):
    return timezone.now() - datetime.timedelta(**kwargs)


def test_open_days_change_until_the_survey_opens_only():
    waiting = SurveyFactory(subject=CohortFactory(), with_items=True)  # no session: it never ends, never opens
    _update(waiting, open_days=21)
    waiting.refresh_from_db()
    assert waiting.open_days == 21

    opened = SurveyFactory(subject=PastCohortFactory(), open_days=14, with_items=True)  # ended a week ago: open
    with pytest.raises(BuilderError) as refused:
        _update(opened, open_days=60)
    assert refused.value.field == "open_days"
    _update(opened, title_en="Renamed")  # the same window: other changes go through
    opened.refresh_from_db()
    assert (opened.title_en, opened.open_days) == ("Renamed", 14)


def test_a_session_added_to_a_finished_cohort_reopens_no_closed_survey(outbox):
    cohort = PastCohortFactory()  # its last session ended about 8 days ago
    EnrollmentFactory(cohort=cohort, attended=[PRESENT, None, None])
    survey = SurveyFactory(subject=cohort, open_days=3, is_anonymous=False, with_items=True)
    assert survey_invitations_send(now=_ago(days=7)) == 1  # while it was open: its window is recorded
    before = survey_results(survey)
    assert before.visible and before.closes_at is not None

    late = TrainingSessionFactory(cohort=cohort, starts_at=_ago(days=1), ends_at=_ago(hours=21))
    newcomer = EnrollmentFactory(cohort=cohort)
    AttendanceRecord.objects.create(enrollment=newcomer, session=late, status=PRESENT)

    survey.refresh_from_db()
    assert survey_is_closed(survey) and not survey_is_open(survey, survey_part(survey, cohort.pk))
    assert survey_invitations_send() == 0
    after = survey_results(survey)
    assert after.visible and after.closes_at == before.closes_at
    invitation = survey.invitations.get()
    with pytest.raises(SurveyClosed):
        response_submit(invitation=invitation, answers={})


def test_a_survey_of_each_session_keeps_closed_parts_closed_and_opens_no_new_part_once_closed(outbox):
    edition, survey, sessions = survey_of_sessions([5, 5])
    assert survey_invitations_send() == 0  # nobody attended: the closed window is recorded all the same
    survey.refresh_from_db()
    assert survey.closed_at is not None and survey_results(survey).visible

    moved = sessions[0]
    type(moved).objects.filter(pk=moved.pk).update(starts_at=_ago(hours=3), ends_at=_ago(hours=2))
    added = SessionFactory(room=RoomFactory(edition=edition), starts_at=_ago(hours=3), ends_at=_ago(hours=2))

    parts = {part.id: part for part in survey_parts(survey)}
    assert set(parts) == {moved.pk, sessions[1].pk, added.pk}
    assert not [part for part in parts.values() if survey_is_open(survey, part)]
    assert survey_is_closed(survey, part=parts[moved.pk]) and survey_is_closed(survey)
    results = survey_results(survey)
    assert results.visible and [rating.visible for rating in results.parts] == [True, True, False]
