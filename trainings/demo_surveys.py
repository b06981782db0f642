"""Demo feedback survey of the finished cohort COP-2026-01: anonymous, closed, answered by the six people who
attended (surveys.demo.survey_seed, through the services), so its results show a distribution, options and
comments."""

from people.models import User
from surveys.demo import survey_seed

from .models import Cohort
from .surveys import CohortSubject

# One row per person: useful (1-5), clear (1-5), length (option 1-3), apply (option 1-3), what would you change.
ANSWERS = [
    [5, 4, 2, 1, "More time on the reporting hotline's steps, with a real case walked through."],
    [4, 4, 2, 2, "Examples from mobile games, not only social media."],
    [5, 5, 3, 1, "ការពិភាក្សាជាក្រុមបន្ថែមទៀត។"],
    [3, 4, 1, 2, "The guidelines in Khmer on paper to take back to the office."],
    [4, 3, 2, 3, None],
    [5, 4, 2, 1, "A follow-up session in three months to share what we changed."],
]


def seed(*, stdout) -> None:
    cohort = Cohort.objects.filter(code="COP-2026-01").first()
    if cohort is None:
        return
    survey = survey_seed(
        subject_kind=CohortSubject.name,
        subject_id=cohort.pk,
        title_en="How was the training on child online protection?",
        title_km="តើការបណ្តុះបណ្តាលស្តីពីការការពារកុមារលើប្រព័ន្ធអនឡាញយ៉ាងដូចម្តេច?",
        keys=["useful", "clear", "length", "apply", "change"],
        answers=ANSWERS,
        by=User.objects.filter(is_organiser=True).order_by("pk").first(),
    )
    if survey is not None:
        stdout.write(f"Surveys: {survey.responses.count()} responses to the survey of {cohort.code}.")
