"""Two edits at once of a question whose newest version has been answered: under the question's row lock they run in
turn, the first making version 2 and the second editing that one in place (not drawn yet); without the lock both would
make a version 2 (the unique constraint's error) or edit the answered one."""

from tests.concurrency import PARALLEL, run_in_threads
from tests.factories import AssessmentFactory, EnrollmentFactory, QuestionFactory
from tests.factories.results import scored_attempt
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
