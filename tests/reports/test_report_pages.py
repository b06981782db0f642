"""The programme reports' pages: the form that asks for one (errors next to the field, the input kept; an existing
report opens instead of a second one), the list (a fixed number of queries), a report's page (figures, progress,
files) and regenerating it (refused while its generation runs)."""

import pytest
from django.urls import reverse
from django.utils import translation

from documents.models import PrintJob
from reports.models import Report
from reports.periods import quarter_period
from reports.services import report_generate
from tests.factories import ForumEditionFactory
from tests.reports.reports_world import generate, small_world

pytestmark = pytest.mark.django_db

LIST = "/en/organiser/reports/"


def ask(client, capture, **data):
    with capture(execute=True):
        return client.post(LIST, {"period": "", "edition": "", "language": "en", **data})


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"period": "2026-Q5"}, "period", "Enter a year such as 2026 or a quarter such as 2026-Q3."),
        ({"period": "26-Q3"}, "period", "Enter a year such as 2026 or a quarter such as 2026-Q3."),
        ({"period": "2026-01-01/2025-01-01"}, "period", "Enter a year such as 2026 or a quarter such as 2026-Q3."),
        ({"edition": "no-such-edition"}, "edition", "Choose one of the forum editions."),
        ({}, "period", "Enter a year or a quarter, or choose a forum edition."),
        ({"language": "fr", "period": "2026"}, "language", "Select a valid choice."),
    ],
)
def test_the_form_says_what_is_wrong_next_to_the_field_and_keeps_the_input(
    organiser_client, django_capture_on_commit_callbacks, data, field, message
):
    response = ask(organiser_client, django_capture_on_commit_callbacks, **data)
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert form.errors[field][0].startswith(message)
    page = response.content.decode()
    assert f'id="error_1_id_{field}"' in page  # crispy's error beside the field
    if data.get("period"):
        assert f'value="{data["period"]}"' in page
    assert not Report.objects.exists()


def test_the_forms_errors_are_in_the_pages_language(organiser_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post("/km/organiser/reports/", {"period": "2026-Q9", "language": "en"})
    with translation.override("km"):
        expected = translation.gettext("Enter a year such as 2026 or a quarter such as 2026-Q3.")
    assert response.context["form"].errors["period"] == [expected]


def test_both_a_quarter_and_an_edition_is_refused(organiser_client, django_capture_on_commit_callbacks):
    edition = ForumEditionFactory()
    response = ask(organiser_client, django_capture_on_commit_callbacks, period="2026-Q3", edition=edition.slug)
    assert list(response.context["form"].errors) == ["edition"]


def test_a_report_is_asked_for_once_per_period_and_language(organiser_client, django_capture_on_commit_callbacks):
    response = ask(organiser_client, django_capture_on_commit_callbacks, period="2026-q3")
    report = Report.objects.get()
    assert response.url == f"/en/organiser/reports/{report.pk}/"
    assert (report.period, report.starts_on.isoformat(), report.ends_on.isoformat(), report.language) == (
        "quarter",
        "2026-07-01",
        "2026-09-30",
        "en",
    )
    assert report.job.status == "done"
    again = ask(organiser_client, django_capture_on_commit_callbacks, period="2026-Q3")
    assert again.url == response.url
    assert (Report.objects.count(), PrintJob.objects.count()) == (1, 1)
    ask(organiser_client, django_capture_on_commit_callbacks, period="2026-Q3", language="km")
    edition = ForumEditionFactory()
    ask(organiser_client, django_capture_on_commit_callbacks, edition=edition.slug)
    ask(organiser_client, django_capture_on_commit_callbacks, edition=edition.slug)
    assert Report.objects.count() == 3
    assert Report.objects.get(edition=edition).span.label == edition.title


def test_a_reports_page_shows_its_figures_files_and_progress(organiser_client, django_capture_on_commit_callbacks):
    report = generate(django_capture_on_commit_callbacks, period=small_world())
    page = organiser_client.get(report.get_absolute_url()).content.decode()
    job = report.job
    assert f"/en/organiser/reports/generations/{job.pk}/programme-report.pdf" in page
    assert f"/en/organiser/reports/generations/{job.pk}/programme-report.xlsx" in page
    assert 'id="job-progress"' in page and "Training programme" in page
    assert 'id="trainings"' in page  # the section as the dashboard shows it
    xlsx = organiser_client.get(f"/en/organiser/reports/generations/{job.pk}/programme-report.xlsx")
    assert xlsx["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_regenerate_is_refused_while_the_report_is_being_generated(
    organiser_client, django_capture_on_commit_callbacks
):
    report = generate(django_capture_on_commit_callbacks, period=quarter_period(2026, 1))
    first = report.job
    url = reverse("organiser:report_regenerate", args=[report.pk])
    response = organiser_client.post(url)  # queued, not run: the task runs after a commit that does not come
    assert response.url == report.get_absolute_url()
    report.refresh_from_db()
    assert report.job != first and report.job.status == "queued"
    page = organiser_client.get(report.get_absolute_url())
    assert f'data-status-url="/en/organiser/reports/generations/{report.job.pk}/status.json"' in page.content.decode()
    assert f"generations/{first.pk}/programme-report.pdf" in page.content.decode()  # the old files meanwhile
    assert 'action="' + url not in page.content.decode()  # no Regenerate button while it runs
    refused = organiser_client.post(url, follow=True)
    assert "This report is being generated. Regenerate it once it is done." in refused.content.decode()
    assert PrintJob.objects.filter(kind="reports.programme").count() == 2
    with pytest.raises(Exception, match="being generated"):
        report_generate(report=report, by=None)


def test_the_reports_list_runs_a_fixed_number_of_queries(
    organiser_client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    generate(django_capture_on_commit_callbacks, period=quarter_period(2026, 1))
    organiser_client.get(LIST)  # the session and the two-factor state settle
    with django_assert_num_queries(9):
        page = organiser_client.get(LIST)
    assert page.content.decode().count("programme-report.xlsx") == 1
    for quarter, language in ((2, "en"), (3, "en"), (4, "km"), (1, "km")):
        generate(django_capture_on_commit_callbacks, period=quarter_period(2026, quarter), language=language)
    with django_assert_num_queries(9):
        page = organiser_client.get(LIST)
    assert page.content.decode().count("programme-report.xlsx") == 5
