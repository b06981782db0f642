"""Badge jobs end to end (forum.jobs through documents.jobs): printed A6 and four to an A4 sheet, and the e-mail of
each delegate's QR code and practical information, in their language."""

import io
import zipfile

import pytest
import zxingcpp
from PIL import Image

from documents.jobs import job_start
from documents.models import PrintJob, PrintJobItem
from forum.jobs import BADGE_EMAIL, BADGES_A4, BADGES_A6
from forum.models import CheckInCredential, Registration
from forum.services.lifecycle import registration_cancel
from tests.documents.pdfs import pdftotext
from tests.factories import RegistrationFactory

from .conftest import A4, A6, pdf_page_sizes, qr_texts

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_chunks(settings):
    settings.DOCUMENTS_JOBS_CHUNK_SIZE = 3  # not a whole number of A4 sheets: the A4 job rounds it up


@pytest.fixture
def start(django_capture_on_commit_callbacks):
    """Start a job as a view does; the task (immediate in tests) runs it after the commit."""

    def _start(kind, registrations):
        with django_capture_on_commit_callbacks(execute=True):
            job = job_start(kind=kind, ids=[r.pk for r in registrations], title="Badges", by=None)
        job.refresh_from_db()
        return job

    return _start


@pytest.fixture
def delegates(approve):
    """Five approved delegates, Khmer and English, one of them a youth delegate."""
    return [
        approve(given_name="Sokha", family_name="Chan", native_name="ចាន់ សុខា", language="km"),
        approve(given_name="Minh Anh", family_name="Trần", native_name="Trần Minh Anh"),
        approve(given_name="Sreyneang", family_name="Chea", language="km", category=Registration.Category.YOUTH),
        approve(given_name="Aung", family_name="Kyaw", native_name="အောင်ကျော်"),
        approve(given_name="Siti", family_name="Rahayu"),
    ]


def _read(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def _secrets(registrations) -> list[str]:
    return sorted(CheckInCredential.objects.get(registration=r, revoked_at__isnull=True).secret for r in registrations)


def test_a6_job_one_badge_a_page_in_alphabetical_order_and_a_zip_of_one_each(start, delegates):
    job = start(BADGES_A6, delegates)
    assert job.status == PrintJob.Status.DONE, job.error
    pdf = _read(job.pdf_file)
    assert pdf_page_sizes(pdf) == [A6] * 5
    found = sorted(text for page in range(1, 6) for text in qr_texts(pdf, page=page))
    assert found == _secrets(delegates)
    with zipfile.ZipFile(io.BytesIO(_read(job.zip_file))) as archive:
        names = archive.namelist()
        assert all(pdf_page_sizes(archive.read(name)) == [A6] for name in names)
    by_family = sorted(delegates, key=lambda r: r.user.family_name)
    assert names[0].startswith(by_family[0].reference) and len(names) == 5
    assert any(name.endswith("_Sreyneang.pdf") for name in names)  # a youth delegate's file: the given name only


def test_a4_job_four_badges_a_sheet_with_every_qr_and_text(start, delegates, approve):
    everyone = [*delegates, *(approve(given_name=f"Extra{n}") for n in range(4))]  # nine: three sheets
    job = start(BADGES_A4, everyone)
    assert job.status == PrintJob.Status.DONE, job.error
    pdf = _read(job.pdf_file)
    assert pdf_page_sizes(pdf) == [A4] * 3
    per_sheet = [qr_texts(pdf, page=page) for page in (1, 2, 3)]
    assert [len(found) for found in per_sheet] == [4, 4, 1]  # chunks of 3 were rounded up to whole sheets
    assert sorted(sum(per_sheet, [])) == _secrets(everyone)
    text = pdftotext(pdf)
    assert "ចាន់ សុខា" in text and "အောင်ကျော်" in text
    with zipfile.ZipFile(io.BytesIO(_read(job.zip_file))) as archive:
        assert len(archive.namelist()) == 9  # one A6 badge per person, as for the A6 kind
        assert {tuple(pdf_page_sizes(archive.read(name))) for name in archive.namelist()} == {(A6,)}


def test_print_job_leaves_out_a_registration_that_is_not_approved(start, delegates, edition):
    submitted = RegistrationFactory(edition=edition)
    job = start(BADGES_A6, [*delegates[:2], submitted])
    assert job.total == 2 and job.status == PrintJob.Status.DONE


def test_print_job_gives_a_credential_to_an_approved_row_written_around_the_services(start, edition):
    written = RegistrationFactory(edition=edition, status=Registration.Status.APPROVED)
    job = start(BADGES_A6, [written])
    assert job.status == PrintJob.Status.DONE, job.error
    assert qr_texts(_read(job.pdf_file)) == _secrets([written])


def test_email_job_sends_each_delegate_their_qr_in_their_language(start, delegates, outbox):
    khmer, english = delegates[0], delegates[4]
    registration_cancel(registration=delegates[1], by=delegates[1].user)
    outbox.clear()
    job = start(BADGE_EMAIL, delegates)
    assert job.status == PrintJob.Status.DONE, job.error
    report = {item.item_id: item for item in job.items.all()}
    assert report[delegates[1].pk].delivery == PrintJobItem.Delivery.SKIPPED
    assert {item.delivery for pk, item in report.items() if pk != delegates[1].pk} == {PrintJobItem.Delivery.SENT}
    messages = {message.to[0]: message for message in outbox}
    assert set(messages) == {r.user.email for r in delegates} - {delegates[1].user.email}

    km = messages[khmer.user.email]
    assert km.extra_headers["Content-Language"] == "km"
    assert "វេទិកាបច្ចេកវិទ្យាអាស៊ាន" in km.subject and "ចាន់ សុខា" in km.body
    en = messages[english.user.email]
    assert en.extra_headers["Content-Language"] == "en"
    assert "your badge QR code and practical information" in en.subject
    assert "Siti Rahayu" in en.body and english.reference in en.body and english.edition.venue in en.body
    assert f"/en/forum/{english.edition.slug}/registration/" in en.body
    assert "https://forum.example.org/en/safeguarding/report/" in en.body  # "Report a concern about a child's safety"
    assert "https://forum.example.org/km/safeguarding/report/" in km.body
    for registration, message in ((khmer, km), (english, en)):
        ((name, content, content_type),) = message.attachments
        assert (name, content_type) == ("checkin-qr.png", "image/png")
        (found,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(content)))
        assert [found.text] == _secrets([registration])
        assert found.text not in message.body  # the code travels as an image only


def test_email_of_a_youth_delegate_greets_them_as_their_badge_names_them(start, delegates, outbox):
    youth = delegates[2]
    start(BADGE_EMAIL, [youth])
    (message,) = outbox
    assert "Sreyneang" in message.body and "Chea" not in message.body
