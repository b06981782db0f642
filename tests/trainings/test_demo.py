import io

import pytest

from people import demo as people_demo
from people.models import Membership
from surveys.models import Survey, SurveyResponse
from surveys.results import survey_results
from trainings import demo
from trainings.models import (
    Assessment,
    Attempt,
    AttemptQuestion,
    AttendanceChange,
    AttendanceRecord,
    Cohort,
    Course,
    Enrollment,
    Question,
    QuestionVersion,
)
from trainings.selectors.results import cohort_question_results, cohort_results

pytestmark = pytest.mark.django_db


def _counts():
    return [
        model.objects.count()
        for model in (
            Course,
            Cohort,
            Enrollment,
            AttendanceRecord,
            AttendanceChange,
            Membership,
            Question,
            QuestionVersion,
            Assessment,
            Attempt,
            AttemptQuestion,
        )
    ]


def test_demo_seed_is_idempotent_and_complete():
    people_demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())
    first = _counts()
    demo.seed(stdout=io.StringIO())
    assert _counts() == first

    assert Course.objects.get(title_en="Child online protection for technology companies").title_km
    assert Course.objects.get(title_en="Reporting child sexual abuse material and other incidents").title_km
    past = Cohort.objects.get(code="COP-2026-01")
    assert past.completion_decided_at is not None
    statuses = set(past.enrollments.values_list("status", flat=True))
    assert {"completed", "not_completed"} <= statuses
    assert Cohort.objects.filter(trainers__email="trainer@example.org").count() == 5
    assert Cohort.objects.get(code="COP-2026-02").completion_decided_at is None
    focal_countries = set(
        Membership.objects.filter(is_focal_point=True).values_list("organisation__country", flat=True)
    )
    assert {"KH", "TH", "VN", "SG"} <= focal_countries
    assert Membership.objects.filter(status="pending", organisation__name="Mekong Mobile").exists()


def test_demo_attendance_of_past_sessions_has_its_history():
    people_demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())
    records = AttendanceRecord.objects.count()
    assert records > 0
    assert AttendanceChange.objects.count() == records  # one tap each, as a trainer would have made it
    assert not AttendanceChange.objects.exclude(how="tap").exists()


def test_demo_tests_have_a_bilingual_bank_and_believable_results():
    people_demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())
    course = Course.objects.get(title_en="Reporting child sexual abuse material and other incidents")
    versions = QuestionVersion.objects.filter(question__course=course)
    assert versions.count() >= 15
    assert not versions.filter(text_km="").exists() and not versions.filter(explanation_km="").exists()
    for version in versions.prefetch_related("choices"):
        choices = list(version.choices.all())
        assert 2 <= len(choices) <= 4 and all(choice.text_km for choice in choices)
        assert any(choice.is_correct for choice in choices)
    assert set(course.assessments.values_list("kind", flat=True)) == {"pre", "post"}

    rows = cohort_results(cohort=Cohort.objects.get(code="RPT-2026-01"))
    gains = [row.gain for row in rows]
    assert len(gains) == 4 and all(gain is not None and gain > 0 for gain in gains)
    assert not Attempt.objects.filter(submitted_at__isnull=True).exists()
    assert len(cohort_question_results(cohort=Cohort.objects.get(code="RPT-2026-01"))) >= 8
    # The post-test's best score decides: Arif passes, Bopha (best 60, pass mark 70) does not.
    decided = {row.user.email: row for row in rows}
    assert decided["arif.lioncity@example.org"].status == "completed"
    assert decided["arif.lioncity@example.org"].decided_attempt is not None
    assert decided["bopha.angkor@example.org"].status == "not_completed"


def test_demo_survey_of_the_finished_cohort_shows_its_results():
    people_demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())
    survey = Survey.objects.get(subject_id=Cohort.objects.get(code="COP-2026-01").pk, subject_kind="trainings.cohort")
    assert survey.is_anonymous and SurveyResponse.objects.filter(respondent__isnull=False).count() == 0
    results = survey_results(survey)
    assert results.visible and results.responses == results.invited == 6
    useful, clear, length, apply, change = results.items
    assert useful.rows == [("1", 0), ("2", 0), ("3", 1), ("4", 2), ("5", 3)]
    assert len(change.texts) == 5 and change.texts == sorted(change.texts)
