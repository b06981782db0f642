import pytest
from django.contrib.messages import get_messages
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificates.models import CertificateJob
from certificates.print_services import certificate_job_create, certificate_job_run
from tests.factories import CertificateFactory, CohortFactory, FocalPointFactory, OrganisationFactory, UserFactory

from .conftest import pdf_pages, zip_names


def test_organiser_starts_print_job_from_posted_ids_and_downloads(organiser_client, organiser, cohort_certificates):
    response = organiser_client.post(
        reverse("certificates_organiser:print_start"),
        {"certificate": [c.pk for c in cohort_certificates], "title": "Cohort 7", "next": "/en/organiser/"},
    )
    job = CertificateJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("certificates_organiser:job", args=[job.pk])
    assert job.created_by == organiser and job.back_url == "/en/organiser/" and job.title == "Cohort 7"
    page = organiser_client.get(response["Location"]).text
    assert "Download the PDF for printing" in page and 'href="/en/organiser/"' in page
    pdf = organiser_client.get(reverse("certificates_organiser:job_pdf", args=[job.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert 'attachment; filename="cohort-7-' in pdf["Content-Disposition"]
    assert pdf_pages(b"".join(pdf.streaming_content)) == 5
    archive = organiser_client.get(reverse("certificates_organiser:job_zip", args=[job.pk]))
    assert len(zip_names(b"".join(archive.streaming_content))) == 5


def test_start_ignores_foreign_next_and_junk_ids(organiser_client, cohort_certificates):
    response = organiser_client.post(
        reverse("certificates_organiser:print_start"),
        {"certificate": ["x", "-1", "²", "1" * 25, str(cohort_certificates[0].pk)], "next": "https://evil.example/"},
    )
    job = CertificateJob.objects.get()
    assert job.total == 1 and job.back_url == ""
    assert response["Location"] == reverse("certificates_organiser:job", args=[job.pk])


def test_start_without_certificates_says_so(organiser_client, db):
    response = organiser_client.post(reverse("certificates_organiser:print_start"), {"certificate": ["abc"]})
    assert response.status_code == 302 and response["Location"] == reverse("certificates_organiser:list")
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Choose at least one certificate."]
    assert not CertificateJob.objects.exists()


def test_second_job_for_same_set_refused_politely_to_the_running_job(organiser_client, cohort_certificates):
    ids = [c.pk for c in cohort_certificates]
    running = certificate_job_create(kind="print", certificate_ids=ids, title="First", by=None)
    response = organiser_client.post(reverse("certificates_organiser:print_start"), {"certificate": ids}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("certificates_organiser:job", args=[running.pk])
    assert "already under way" in response.text
    assert CertificateJob.objects.count() == 1
    assert 'data-status-url="' in response.text and "print_progress.js" in response.text


def test_status_json_reports_progress(organiser_client, cohort_certificates):
    job = certificate_job_create(kind="print", certificate_ids=[c.pk for c in cohort_certificates], title="T", by=None)
    url = reverse("certificates_organiser:job_status", args=[job.pk])
    assert organiser_client.get(url).json() | {} == {
        "status": "queued",
        "status_display": "Waiting",
        "done": 0,
        "total": 5,
        "percent": 0,
        "count_display": "0 of 5",
    }
    certificate_job_run(job_id=job.pk)
    data = organiser_client.get(url).json()
    assert (data["status"], data["percent"], data["done"]) == ("done", 100, 5)


def test_failed_job_page_shows_reason_and_retry(organiser_client, cohort_certificates):
    job = certificate_job_create(kind="print", certificate_ids=[cohort_certificates[0].pk], title="T", by=None)
    CertificateJob.objects.filter(pk=job.pk).update(status="failed", error="Printer on fire")
    page = organiser_client.get(reverse("certificates_organiser:job", args=[job.pk])).text
    assert "The job failed" in page and "Printer on fire" in page and "Try again" in page
    response = organiser_client.post(reverse("certificates_organiser:job_retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "done" and job.error == ""


def test_delivery_job_page_shows_report(organiser_client, template_version, outbox):
    good = CertificateFactory(template_version=template_version, recipient_name_latin="Good Person")
    bad = CertificateFactory(template_version=template_version, recipient=None, recipient_email="")
    organiser_client.post(reverse("certificates_organiser:deliver_start"), {"certificate": [good.pk, bad.pk]})
    job = CertificateJob.objects.get(kind="deliver")
    page = organiser_client.get(reverse("certificates_organiser:job", args=[job.pk])).text
    assert "Delivery report" in page and "No e-mail address." in page and good.recipient_email in page


def test_results_gone_after_clean_answer_404(organiser_client, cohort_certificates):
    from datetime import timedelta

    from django.utils import timezone

    from certificates.print_services import certificate_jobs_clean

    organiser_client.post(reverse("certificates_organiser:print_start"), {"certificate": [cohort_certificates[0].pk]})
    job = CertificateJob.objects.get()
    certificate_jobs_clean(now=timezone.now() + timedelta(days=8))
    assert organiser_client.get(reverse("certificates_organiser:job_pdf", args=[job.pk])).status_code == 404
    assert "The results were removed" in organiser_client.get(reverse("certificates_organiser:job", args=[job.pk])).text


def _count(client, url) -> int:
    from django.db import connection

    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_job_list_query_count_constant(organiser_client, template_version):
    url = reverse("certificates_organiser:jobs")
    certificates = CertificateFactory.create_batch(10, template_version=template_version)
    certificate_job_create(kind="print", certificate_ids=[certificates[0].pk], title="job 0", by=None)
    first = _count(organiser_client, url)
    for index in range(1, 10):
        certificate_job_create(
            kind="print", certificate_ids=[certificates[index].pk], title=f"job {index}", by=UserFactory()
        )
    assert _count(organiser_client, url) == first
    assert organiser_client.get(url).text.count("job ") >= 10


def test_delivery_report_query_count_constant(organiser_client, template_version, outbox):
    small = CertificateFactory.create_batch(1, template_version=template_version)
    large = CertificateFactory.create_batch(10, template_version=template_version)
    jobs = []
    for batch in (small, large):
        organiser_client.post(reverse("certificates_organiser:deliver_start"), {"certificate": [c.pk for c in batch]})
        jobs.append(CertificateJob.objects.order_by("-pk").first())
    counts = [_count(organiser_client, reverse("certificates_organiser:job", args=[job.pk])) for job in jobs]
    assert counts[0] == counts[1]


def test_certificate_list_has_selection_and_buttons(organiser_client, cohort_certificates):
    page = organiser_client.get(reverse("certificates_organiser:list")).text
    assert page.count('name="certificate"') == 5
    assert "Print selected" in page and "E-mail selected to recipients" in page
    assert reverse("certificates_organiser:deliver_start") in page
    assert reverse("certificates_organiser:jobs") in page


def test_print_actions_include_renders_two_forms_with_ids(cohort_certificates, organiser):
    request = RequestFactory().get("/en/organiser/trainings/cohorts/3/")
    request.user = organiser
    template = Template(
        '{% include "certificates/includes/print_actions.html" with certificates=certs title="Cohort 3" %}'
    )
    html = template.render(RequestContext(request, {"certs": cohort_certificates}))
    assert html.count('name="certificate"') == 10
    assert reverse("certificates_organiser:print_start") in html
    assert reverse("certificates_organiser:deliver_start") in html
    assert 'value="Cohort 3"' in html and 'value="/en/organiser/trainings/cohorts/3/"' in html
    assert "Print certificates" in html and "E-mail to recipients" in html


# --- Permission walk ---------------------------------------------------------------------------------------

ROLES = ["anonymous", "participant", "focal_point", "trainer", "organiser"]
L, OK, NF = 302, 200, 404


@pytest.fixture
def world(db, organiser, template_version):
    organisation = OrganisationFactory()
    participant = UserFactory()
    certificate = CertificateFactory(
        template_version=template_version, recipient=participant, organisation=organisation
    )
    job = certificate_job_create(kind="print", certificate_ids=[certificate.pk], title="Mine", by=organiser)
    certificate_job_run(job_id=job.pk)
    trainer = UserFactory()
    CohortFactory(trainers=[trainer])
    return {
        "users": {
            "anonymous": None,
            "participant": participant,
            "focal_point": FocalPointFactory(organisation=organisation).user,
            "trainer": trainer,
            "organiser": organiser,
        },
        "certificate": certificate,
        "job": job,
    }


GETS = [
    ("jobs", lambda w: reverse("certificates_organiser:jobs"), OK),
    ("job", lambda w: reverse("certificates_organiser:job", args=[w["job"].pk]), OK),
    ("status", lambda w: reverse("certificates_organiser:job_status", args=[w["job"].pk]), OK),
    ("pdf", lambda w: reverse("certificates_organiser:job_pdf", args=[w["job"].pk]), OK),
    ("zip", lambda w: reverse("certificates_organiser:job_zip", args=[w["job"].pk]), OK),
    ("missing_job", lambda w: reverse("certificates_organiser:job", args=[999999]), NF),
]
POSTS = [
    ("print", lambda w: reverse("certificates_organiser:print_start"), L),
    ("deliver", lambda w: reverse("certificates_organiser:deliver_start"), L),
    ("retry", lambda w: reverse("certificates_organiser:job_retry", args=[w["job"].pk]), L),
]


def _login(client, world, role):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "url", "organiser_status"), GETS, ids=[g[0] for g in GETS])
def test_print_get_status_for_role(client, world, role, name, url, organiser_status):
    _login(client, world, role)
    response = client.get(url(world))
    expected = {"anonymous": L, "organiser": organiser_status}.get(role, NF)
    assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "url", "organiser_status"), POSTS, ids=[p[0] for p in POSTS])
def test_print_post_status_for_role(client, world, role, name, url, organiser_status, outbox):
    _login(client, world, role)
    before = CertificateJob.objects.count()
    response = client.post(url(world), {"certificate": [world["certificate"].pk]})
    expected = {"anonymous": L, "organiser": organiser_status}.get(role, NF)
    assert response.status_code == expected
    if role != "organiser":
        assert CertificateJob.objects.count() == before and outbox == []


def test_job_pages_answer_get_only_where_meant(organiser_client, world):
    assert organiser_client.get(reverse("certificates_organiser:print_start")).status_code == 405


@pytest.mark.parametrize("back", ["0", "certificates_organiser:list", "https://evil.example/", "//evil.example/"])
def test_start_with_a_next_that_is_no_local_path_goes_back_to_the_list(organiser_client, db, back):
    # Found by tests/test_fuzz.py: redirect("0") took the word for a view's name and raised NoReverseMatch.
    response = organiser_client.post(reverse("certificates_organiser:print_start"), {"next": back})
    assert response.status_code == 302
    assert response["Location"] == reverse("certificates_organiser:list")
