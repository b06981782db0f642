"""Two edits at once of a question whose newest version has been answered: under the question's row lock they run in
turn, the first making version 2 and the second editing that one in place (not drawn yet); without the lock both would
make a version 2 (the unique constraint's error) or edit the answered one."""

import datetime
import threading

from django.db import transaction
from django.utils import timezone

from tests.concurrency import PARALLEL, run_in_threads
from tests.factories import AssessmentFactory, CohortFactory, EnrollmentFactory, QuestionFactory, TrainingSessionFactory
from tests.factories.results import scored_attempt
from trainings.models import AttemptQuestion
from trainings.services.assessments import attempt_start
from trainings.services.questions import ChoiceData, question_update

pytestmark = PARALLEL


def test_parallel_edits_of_an_answered_question_make_one_version_each():
    question = QuestionFactory(version__text_en="Answered wording")
    course = question.course
    drawn = question.versions.get()
    scored_attempt(EnrollmentFactory(cohort__course=course), AssessmentFactory(course=course), answers=[(drawn, True)])

    def edit(text):
        return lambda: question_update(
            question=question,
            kind=question.kind,
            text_en=text,
            choices=[ChoiceData("Report it", is_correct=True), ChoiceData("Keep it")],
            by=None,
        )

    results = run_in_threads([edit("First edit"), edit("Second edit")])
    assert not [result for result in results if isinstance(result, Exception)], results
    drawn.refresh_from_db()
    assert drawn.text_en == "Answered wording"
    numbers = sorted(question.versions.values_list("number", flat=True))
    assert numbers == [1, 2]
    assert question.versions.get(number=2).text_en in {"First edit", "Second edit"}


# An edit and an attempt's start at the same moment. One of them holds its transaction open (`held`) until the
# other has finished or a moment has passed: with the versions' row locks the other waits for it, without them it
# would run inside the open transaction's window, and the attempt would keep choices the edit deleted.
HOLD_SECONDS = 2


def _held(work, opened: threading.Event, other_done: threading.Event):
    def job():
        with transaction.atomic():
            result = work()
            opened.set()
            other_done.wait(timeout=HOLD_SECONDS)
        return result

    return job


def _after(work, opened: threading.Event, done: threading.Event):
    def job():
        opened.wait(timeout=HOLD_SECONDS * 5)
        try:
            return work()
        finally:
            done.set()

    return job


def _bank_and_enrolment():
    cohort = CohortFactory()
    TrainingSessionFactory(cohort=cohort, starts_at=timezone.now() + datetime.timedelta(days=2))
    question = QuestionFactory(course=cohort.course, version__text_en="First wording")
    test = AssessmentFactory(course=cohort.course, question_count=1)
    return question, test, EnrollmentFactory(cohort=cohort)


def _edit(question):
    return lambda: question_update(
        question=question,
        kind=question.kind,
        text_en="Edited wording",
        choices=[ChoiceData("Report it", is_correct=True), ChoiceData("Keep it")],
        by=None,
    )


def _assert_attempt_shows_what_it_keeps(question):
    item = AttemptQuestion.objects.select_related("version").get()
    kept = set(item.version.choices.values_list("pk", flat=True))
    assert set(item.choice_order) == kept  # every choice shown is one of its version's, and all of them


def test_an_edit_while_an_attempt_draws_the_question_makes_a_new_version():
    question, test, enrollment = _bank_and_enrolment()
    opened, done = threading.Event(), threading.Event()
    start = _held(lambda: attempt_start(enrollment=enrollment, assessment=test), opened, done)
    results = run_in_threads([start, _after(_edit(question), opened, done)])
    assert not [result for result in results if isinstance(result, Exception)], results
    # The edit waited for the attempt and saw the version drawn: the drawn one is untouched.
    assert sorted(question.versions.values_list("number", flat=True)) == [1, 2]
    assert question.versions.get(number=1).text_en == "First wording"
    _assert_attempt_shows_what_it_keeps(question)


def test_an_attempt_drawing_a_question_being_edited_reads_the_edit():
    question, test, enrollment = _bank_and_enrolment()
    opened, done = threading.Event(), threading.Event()
    edit = _held(_edit(question), opened, done)
    results = run_in_threads(
        [edit, _after(lambda: attempt_start(enrollment=enrollment, assessment=test), opened, done)]
    )
    assert not [result for result in results if isinstance(result, Exception)], results
    # Not drawn when the edit began: edited in place, and the attempt waited and shows the edited choices.
    assert list(question.versions.values_list("text_en", flat=True)) == ["Edited wording"]
    _assert_attempt_shows_what_it_keeps(question)
