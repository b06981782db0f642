import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import formats
from django.utils.timezone import localtime

from surveys.results import survey_list, survey_results
from tests.documents.pdfs import pdftotext
from tests.factories import (
    CohortFactory,
    ForumEditionFactory,
    OrganiserFactory,
    PastCohortFactory,
    SessionFactory,
    SurveyFactory,
    SurveyResponseFactory,
    TrainingSessionFactory,
    UserFactory,
)
from tests.surveys.results_world import closed_survey

pytestmark = pytest.mark.django_db

DAYS = datetime.timedelta(days=1)


def test_results_count_ratings_options_and_list_texts_by_text():
    survey = closed_survey(7)
    results = survey_results(survey)
    assert results.visible and results.responses == 7 and results.invited == 7 and results.answered == 7
    rating, choice, text = results.items
    assert rating.rows == [("1", 2), ("2", 2), ("3", 1), ("4", 1), ("5", 1)]
    assert str(rating.average) == "2.6"  # (1+2+3+4+5+1+2) / 7 = 2.57
    assert [count for _label, count in choice.rows] == [3, 2, 2]
    assert text.texts == sorted(text.texts) and len(text.texts) == 7
    assert "<script" not in rating.chart and "style=" not in rating.chart
    assert 'role="img"' in rating.chart and rating.question.text in rating.chart


def test_results_hidden_below_five_responses_say_how_many_more():
    results = survey_results(closed_survey(3))
    assert not results.visible and results.missing == 2 and results.items == []


def test_results_hidden_while_open_even_with_many_responses():
    survey = closed_survey(6)
    survey.open_days = 60
    survey.save()
    results = survey_results(survey)
    assert not results.visible and results.missing == 0 and results.closes_at is not None


@pytest.mark.parametrize("size", [5, 200])
def test_results_page_query_count(client, organiser, django_assert_num_queries, size):
    survey = closed_survey(size)
    client.force_login(organiser)
    url = reverse("survey_results:results", kwargs={"pk": survey.pk})
    # the same at both sizes: the request's own (session, user, two-factor, the survey, its subject's reads), then
    # invitations, responses per part, tallies, texts, items with their options
    with django_assert_num_queries(14):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("<svg") == 2


@pytest.mark.parametrize("size", [2, 20])
def test_survey_list_query_count(client, organiser, django_assert_num_queries, size):
    for _ in range(size // 2):
        SurveyFactory(subject=PastCohortFactory())
        SurveyFactory(subject_kind="forum.sessions", subject_id=SessionFactory().edition_id)
    client.force_login(organiser)
    # the same at both sizes: the request's own, the surveys with their counts, one per registered kind of subject
    # for the labels, one per kind among the surveys for the ends of their subjects (their windows)
    with django_assert_num_queries(13):
        response = client.get(reverse("surveys_organiser:list"))
    page = response.content.decode()
    assert page.count("/organiser/surveys/") >= size
    assert page.count("as each session ends") == size // 2 and page.count(", closes ") == size // 2
    assert len(survey_list()) == size


def _window(page, survey):
    row = page[page.index(f"/organiser/surveys/{survey.pk}/") :]
    cell = row[row.index('data-label="When it is open">') :]
    return " ".join(cell[cell.index(">") + 1 : cell.index("</td>")].split())


def test_survey_list_shows_each_window(client, organiser):
    cohort = PastCohortFactory()
    ended = SurveyFactory(subject=cohort, open_days=14)
    waiting = SurveyFactory(subject=CohortFactory(code="COP-WAIT"))
    edition = SessionFactory().edition
    each = SurveyFactory(subject_kind="forum.sessions", subject_id=edition.pk, open_days=7)
    nothing_yet = SurveyFactory(subject_kind="forum.sessions", subject_id=ForumEditionFactory().pk, open_days=3)
    client.force_login(organiser)

    page = client.get(reverse("surveys_organiser:list")).content.decode()

    ends_at = max(session.ends_at for session in cohort.sessions.all())
    opens, closes = (formats.date_format(localtime(when), "DATE_FORMAT") for when in (ends_at, ends_at + DAYS * 14))
    assert f"opens {opens}, closes {closes}" in _window(page, ended)
    assert "opens when Cohort COP-WAIT" in _window(page, waiting) and _window(page, waiting).endswith("ends")
    last = edition.sessions.get().ends_at + DAYS * 7
    assert f"as each session ends, until {formats.date_format(localtime(last), 'DATE_FORMAT')}" in _window(page, each)
    assert "as each session ends, for 3 days" in _window(page, nothing_yet)


def test_trainer_reads_results_and_others_get_404(client):
    trainer, stranger = UserFactory(), UserFactory()
    survey = closed_survey(5, trainer=trainer)
    url = reverse("survey_results:results", kwargs={"pk": survey.pk})
    client.force_login(trainer)
    page = client.get(url).content.decode()
    assert "Answer 001" in page and "<svg" in page
    client.force_login(stranger)
    assert client.get(url).status_code == 404


def test_hidden_results_page_says_why_and_shows_no_answer(client, organiser):
    survey = closed_survey(4)
    client.force_login(organiser)
    page = client.get(reverse("survey_results:results", kwargs={"pk": survey.pk})).content.decode()
    assert "1 more response is needed" in page and "Answer 001" not in page
    assert client.get(reverse("survey_results:csv", kwargs={"pk": survey.pk})).status_code == 404


def test_csv_export_one_row_per_response_without_anyone(client, organiser):
    survey = closed_survey(5)
    SurveyResponseFactory.reset_sequence()
    client.force_login(organiser)
    response = client.get(reverse("survey_results:csv", kwargs={"pk": survey.pk}))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 6 and rows[0][:2] == ["Response", "About"]
    assert "Respondent" not in rows[0] and "Date" not in rows[0]
    assert [row[0] for row in rows[1:]] == sorted(row[0] for row in rows[1:])
    xlsx = client.get(reverse("survey_results:xlsx", kwargs={"pk": survey.pk}))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_pdf_summary_in_khmer_carries_its_figures(client, organiser, artifact_path):
    survey = closed_survey(6)
    client.force_login(organiser)
    response = client.get(f"/km/surveys/results/{survey.pk}/summary.pdf")
    assert response["Content-Type"] == "application/pdf"
    path = artifact_path("survey-summary-km.pdf")  # pdftoppm -png -r 60 it to look at it
    with open(path, "wb") as file:
        file.write(response.content)
    text = pdftotext(response.content)
    assert survey.title_km in text and "Answer 001" in text


def test_csv_export_of_a_named_survey_carries_the_respondent_and_stays_formula_safe(client, organiser):
    survey = closed_survey(5, anonymous=False)
    person = UserFactory(given_name="Sophea", family_name="Lim")
    response = survey.responses.first()
    response.respondent = person
    response.save()
    response.answers.filter(text__gt="").update(text="=HYPERLINK(1)")
    client.force_login(organiser)
    rows = list(csv.reader(io.StringIO(client.get(f"/en/surveys/results/{survey.pk}/answers.csv").content.decode())))
    assert rows[0][3] == "Respondent"
    assert any(str(person) in row for row in rows[1:])
    assert any("'=HYPERLINK(1)" in row for row in rows[1:])


@pytest.mark.parametrize("page", ["results", "pdf", "csv", "xlsx"])
def test_a_trainer_of_another_cohort_and_an_organiser_without_two_factor_get_404(client, page):
    survey = closed_survey(5, trainer=UserFactory())
    other_trainer = UserFactory()
    CohortFactory(trainers=[other_trainer])
    session = TrainingSessionFactory(cohort=CohortFactory(trainers=[other_trainer]))
    session_survey = SurveyFactory(subject_kind="trainings.session", subject_id=session.pk)
    url = reverse(f"survey_results:{page}", kwargs={"pk": survey.pk})

    client.force_login(other_trainer)
    assert client.get(url).status_code == 404
    assert client.get(reverse("survey_results:results", kwargs={"pk": session_survey.pk})).status_code == 200
    client.force_login(OrganiserFactory(with_totp=False))
    assert client.get(url).status_code == 404
