"""The access log (people.access, /organiser/privacy/log/): every organiser action that reveals personal data in bulk
writes one line, of the right kind and number of people, when it reveals it; nobody else's request writes any (they
get 404); the organisers read the log, newest first, 50 a page."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from certificates.jobs import PRINT
from documents.jobs import job_create
from documents.models import PrintJob
from forum.jobs import BADGES_A6
from people.models import PersonalDataAccess
from tests.factories import (
    CertificateFactory,
    CohortFactory,
    EnrollmentFactory,
    ForumEditionFactory,
    OrganiserFactory,
    RegistrationFactory,
    TrainingSessionFactory,
    UserFactory,
    VisaRequestFactory,
)
from tests.factories.programme import SessionFactory
from tests.forum.attendance.helpers import check_in
from tests.forum.youth.helpers import record_paper, submit_youth
from tests.privacy.organiser_only import VISITORS, assert_refused, log_in_as
from tests.surveys.results_world import closed_survey
from tests.uploads import PDF, pdf_upload

pytestmark = pytest.mark.django_db

Kind = PersonalDataAccess.Kind
S = "approved"
LOG = reverse("privacy_organiser:log")


def _forum(url_name, *args, query=""):
    return reverse(f"forum_organiser:{url_name}", args=args) + query


def _edition_with(count: int, **fields):
    edition = ForumEditionFactory(**fields)
    return edition, [RegistrationFactory(edition=edition, status=S) for _ in range(count)]


def _past_edition(count: int):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    return _edition_with(count, starts_on=yesterday - datetime.timedelta(days=2), ends_on=yesterday)


# Each reveal point: (url, kind, people, subject) for a world it builds; `cleanup` names files to delete after.


def registrations_csv(cleanup):
    edition, _registrations = _edition_with(3)
    return _forum("registrations_export", edition.slug, "csv"), Kind.EXPORT, 3, f"Registrations of {edition} (CSV)"


def registrations_xlsx(cleanup):
    edition, _registrations = _edition_with(2)
    return _forum("registrations_export", edition.slug, "xlsx"), Kind.EXPORT, 2, f"Registrations of {edition} (XLSX)"


def visa_csv(cleanup):
    edition = ForumEditionFactory()
    for _ in range(2):
        VisaRequestFactory(registration__edition=edition)
    subject = f"Passport details of the visa requests of {edition} (CSV)"
    return _forum("visa_export", edition.slug, "csv"), Kind.PASSPORT, 2, subject


def passport_shown(cleanup):
    visa = VisaRequestFactory()
    registration = visa.registration
    url = _forum("registration", registration.edition.slug, registration.pk)
    return url, Kind.PASSPORT, 1, f"Passport details of {registration.reference}"


def visa_letter(cleanup):
    visa = VisaRequestFactory(registration__status=S)
    registration = visa.registration
    url = _forum("registration_visa_letter", registration.edition.slug, registration.pk)
    return url, Kind.VISA_LETTERS, 1, f"Visa letter of {registration.reference}"


def day_checkins(cleanup):
    edition, registrations = _past_edition(2)
    for registration in registrations:
        check_in(registration, day=0)
    url = _forum("attendance_export", edition.slug, "csv", query=f"?day={edition.starts_on.isoformat()}")
    day = f"{edition.starts_on.day} {edition.starts_on:%B %Y}"
    return url, Kind.EXPORT, 2, f"Check-ins of {edition} on {day} (CSV)"


def session_checkins(cleanup):
    edition, registrations = _past_edition(3)
    session = SessionFactory(room__edition=edition)
    for registration in registrations:
        check_in(registration, day=0, session=session)
    url = _forum("attendance_session_export", edition.slug, session.pk, "xlsx")
    return url, Kind.EXPORT, 3, f"Check-ins at {session.title}, {edition} (XLSX)"


def delegates_attendance(cleanup):
    edition, _registrations = _past_edition(2)
    url = _forum("attendance_delegates_export", edition.slug, "csv")
    return url, Kind.EXPORT, 2, f"Attendance of the delegates of {edition} (CSV)"


def consent_document(cleanup):
    edition = ForumEditionFactory()
    youth = submit_youth(edition)
    consent = record_paper(youth, by=OrganiserFactory(), document=pdf_upload())
    cleanup.append(consent.document)
    url = _forum("youth_document", edition.slug, youth.pk, consent.pk)
    return url, Kind.CONSENT, 1, f"Consent document of {youth.reference}"


def _done_job(kind, ids, cleanup) -> PrintJob:
    job = job_create(kind=kind, ids=ids, title="Batch for the printer", by=None)
    job.pdf_file.save(f"job-{job.pk}.pdf", ContentFile(PDF), save=False)
    job.status, job.done = PrintJob.Status.DONE, job.total
    job.save()
    cleanup.append(job.pdf_file)
    return job


def certificates_printed(cleanup):
    job = _done_job(PRINT, [CertificateFactory().pk for _ in range(3)], cleanup)
    return reverse("certificates_organiser:job_pdf", args=[job.pk]), Kind.PRINT, 3, "Print: Batch for the printer (PDF)"


def badges_printed(cleanup):
    _edition, registrations = _edition_with(2)
    job = _done_job(BADGES_A6, [registration.pk for registration in registrations], cleanup)
    url = reverse("forum_organiser:job_pdf", args=[job.pk])
    return url, Kind.PRINT, 2, "Badges, A6: Batch for the printer (PDF)"


def _cohort(count: int):
    cohort = CohortFactory(code="COP-PRV-01")
    for _ in range(count):
        EnrollmentFactory(cohort=cohort)
    return cohort


def training_results(cleanup):
    cohort = _cohort(2)
    return reverse("trainings:results_csv", args=[cohort.pk]), Kind.EXPORT, 2, "Results of cohort COP-PRV-01 (CSV)"


def training_attendance(cleanup):
    cohort = _cohort(3)
    url = reverse("trainings:attendance_xlsx", args=[cohort.pk])
    return url, Kind.EXPORT, 3, "Attendance of cohort COP-PRV-01 (XLSX)"


def attendance_sheet(cleanup):
    cohort = _cohort(2)
    session = TrainingSessionFactory(cohort=cohort, topic="Reporting abuse")
    url = reverse("trainings:attendance_sheet", args=[session.pk])
    return url, Kind.EXPORT, 2, "Attendance sheet of COP-PRV-01: Reporting abuse, "


def named_survey_answers(cleanup):
    survey = closed_survey(5, anonymous=False)
    url = reverse("survey_results:csv", kwargs={"pk": survey.pk})
    return url, Kind.EXPORT, 5, f"Answers to the survey {survey.title} (CSV)"


REVEALS = [
    registrations_csv,
    registrations_xlsx,
    visa_csv,
    passport_shown,
    visa_letter,
    day_checkins,
    session_checkins,
    delegates_attendance,
    consent_document,
    certificates_printed,
    badges_printed,
    training_results,
    training_attendance,
    attendance_sheet,
    named_survey_answers,
]


@pytest.fixture
def cleanup():
    files = []
    yield files
    for field in files:
        field.storage.delete(field.name)


@pytest.mark.parametrize("reveal", REVEALS, ids=lambda reveal: reveal.__name__)
def test_each_reveal_writes_one_line_of_its_kind_and_count(organiser_client, organiser, cleanup, reveal):
    url, kind, people, subject = reveal(cleanup)
    assert not PersonalDataAccess.objects.exists()
    response = organiser_client.get(url)
    assert response.status_code == 200, url
    line = PersonalDataAccess.objects.get()
    assert (line.actor, line.kind, line.people) == (organiser, kind, people)
    assert line.subject.startswith(subject), line.subject
    assert abs(line.at - timezone.now()) < datetime.timedelta(minutes=1)


@pytest.mark.parametrize("reveal", REVEALS, ids=lambda reveal: reveal.__name__)
@pytest.mark.parametrize("who", ["member", "organiser_no_mfa"])
def test_nobody_else_reveals_anything_and_no_line_is_written(client, cleanup, reveal, who):
    url, _kind, _people, _subject = reveal(cleanup)
    client.force_login(UserFactory() if who == "member" else OrganiserFactory(with_totp=False))
    response = client.get(url)
    # An organiser without two-factor is sent to set it up (organiser pages) or is anyone else (404).
    setting_up = response.status_code == 302 and response.url == "/en/accounts/2fa/totp/activate/"
    assert response.status_code == 404 or (who == "organiser_no_mfa" and setting_up), url
    assert not PersonalDataAccess.objects.exists()


def test_a_trainers_export_is_written_under_their_name(client):
    trainer = UserFactory()
    cohort = CohortFactory(code="COP-PRV-02", trainers=[trainer])
    EnrollmentFactory(cohort=cohort)
    client.force_login(trainer)
    assert client.get(reverse("trainings:attendance_csv", args=[cohort.pk])).status_code == 200
    line = PersonalDataAccess.objects.get()
    assert (line.actor, line.kind, line.people, line.subject) == (
        trainer,
        Kind.EXPORT,
        1,
        "Attendance of cohort COP-PRV-02 (CSV)",
    )


def test_what_reveals_no_personal_data_writes_nothing(organiser_client):
    # A registration without passport details, an anonymous survey's answers, an export in a format that is none.
    registration = RegistrationFactory()
    assert organiser_client.get(_forum("registration", registration.edition.slug, registration.pk)).status_code == 200
    survey = closed_survey(5)
    assert organiser_client.get(reverse("survey_results:csv", kwargs={"pk": survey.pk})).status_code == 200
    url = _forum("registrations_export", registration.edition.slug, "pdf")
    assert organiser_client.get(url).status_code == 404
    assert not PersonalDataAccess.objects.exists()


def test_the_passport_page_is_written_each_time_it_is_shown(organiser_client):
    url, *_ = passport_shown([])
    organiser_client.get(url)
    organiser_client.get(url)
    assert PersonalDataAccess.objects.filter(kind=Kind.PASSPORT).count() == 2


# --- The log's page -----------------------------------------------------------------------------------------------


def _line(subject: str, *, by=None, minutes_ago: int = 0, kind=Kind.EXPORT, people=3) -> PersonalDataAccess:
    line = PersonalDataAccess.objects.create(actor=by, kind=kind, subject=subject, people=people)
    PersonalDataAccess.objects.filter(pk=line.pk).update(at=timezone.now() - datetime.timedelta(minutes=minutes_ago))
    return line


def test_the_log_shows_who_what_of_what_and_how_many_newest_first(organiser_client):
    someone = OrganiserFactory(given_name="Sophea", family_name="Lim")
    older = _line("Registrations of ATF 2027 (CSV)", by=someone, minutes_ago=90, people=412)
    newer = _line("Visa letter of ATF27-0007", by=None, minutes_ago=5, kind=Kind.VISA_LETTERS, people=1)
    html = organiser_client.get(LOG).content.decode()
    assert html.index(f'data-testid="access-{newer.pk}"') < html.index(f'data-testid="access-{older.pk}"')
    row = html[html.index(f'data-testid="access-{older.pk}"') :].split("</tr>")[0]
    local = timezone.localtime(timezone.now() - datetime.timedelta(minutes=90))
    assert f"{local.day} {local:%b %Y, %H:%M}" in row
    assert "Sophea Lim" in row and "Export" in row and "Registrations of ATF 2027 (CSV)" in row and ">412<" in row
    row = html[html.index(f'data-testid="access-{newer.pk}"') :].split("</tr>")[0]
    assert "An account since deleted" in row and "Visa letters" in row
    assert "Phnom Penh" in html  # the times' zone
    assert f'href="{reverse("privacy_organiser:retention")}"' in html


def test_the_log_has_fifty_lines_a_page(organiser_client):
    lines = [_line(f"Export number {n}", minutes_ago=60 - n) for n in range(51)]
    first = organiser_client.get(LOG).content.decode()
    assert first.count('data-testid="access-') == 50 and "Page 1 of 2" in first
    second = organiser_client.get(LOG + "?page=2").content.decode()
    assert second.count('data-testid="access-') == 1 and f'data-testid="access-{lines[0].pk}"' in second
    assert organiser_client.get(LOG + "?page=nine").status_code == 200


@pytest.mark.parametrize("who", VISITORS)
def test_only_organisers_with_two_factor_read_the_log(client, who):
    _line("Registrations of ATF 2027 (CSV)")
    log_in_as(client, who)
    assert_refused(client.get(LOG), who)


@pytest.mark.parametrize("size", [1, 10])
def test_the_log_runs_a_fixed_number_of_queries(organiser_client, django_assert_num_queries, size):
    for n in range(size):
        _line(f"Export number {n}", by=OrganiserFactory(), minutes_ago=n)
    organiser_client.get(LOG)  # the session and the two-factor state settle
    with django_assert_num_queries(8):
        response = organiser_client.get(LOG)
    assert response.content.decode().count('data-testid="access-') == size
