"""documents' job machinery with a kind of its own (people's names on a page, as badges would be), so it is
tested without certificates: the registry, printing in chunks into a merged PDF and a ZIP, and delivery."""

import io
import zipfile

import pytest
from botocore.exceptions import EndpointConnectionError
from django.core.files.storage import FileSystemStorage
from pypdf import PdfReader

from documents import kinds
from documents.errors import DeliveryRefused
from documents.jobs import job_create, job_run
from documents.models import PrintJob
from people.models import User
from tests.documents.pdfs import pdf_text
from tests.factories import UserFactory


class _People:
    def items(self, ids):
        return User.objects.filter(pk__in=list(ids)).order_by("email")

    def gate(self, request):
        return None


class NamesPrint(_People, kinds.PrintKind):
    name = "tests.names"
    label = "Names"
    template_name = "documents_tests/names.html"

    def context(self, user):
        return {"names": [user.email]}

    def language(self, user):
        return user.language

    def file_name(self, user):
        return f"{user.pk}.pdf"


class NamesMail(_People, kinds.DeliveryKind):
    name = "tests.names_mail"
    label = "Names by e-mail"
    sent: list[str] = []

    def address(self, user):
        return user.email

    def deliver(self, user):
        if user.given_name == "Refused":
            raise DeliveryRefused("Not this one.")
        if user.given_name == "Unreachable":  # the attachment's storage cannot be reached, as S3's client says it
            raise EndpointConnectionError(endpoint_url="https://s3.example.org/private-bucket")
        self.sent.append(user.email)


kinds.register(NamesPrint())
kinds.register(NamesMail())


@pytest.fixture(autouse=True)
def _small_chunks(settings):
    settings.DOCUMENTS_JOBS_CHUNK_SIZE = 2


def test_print_job_of_another_kind_merges_in_the_kinds_order_and_zips_one_file_each(db):
    users = [
        UserFactory(email=f"{name}@example.org", language=language)
        for name, language in [("c", "km"), ("a", "en"), ("b", "en")]
    ]
    job = job_create(kind=NamesPrint.name, ids=[u.pk for u in users] + [999999], title="", by=None)
    assert (job.total, job.title, job.kind_label, job.is_delivery) == (3, "Names", "Names", False)
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.done, job.percent) == ("done", 3, 100)
    with job.pdf_file.open("rb") as handle:
        pages = [page.extract_text() for page in PdfReader(handle).pages]
    assert ["a@example.org" in pages[0], "b@example.org" in pages[1], "c@example.org" in pages[2]] == [True] * 3
    assert "Language: km" in pages[2]
    with job.zip_file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as archive:
        by_email = sorted(users, key=lambda user: user.email)
        assert archive.namelist() == [f"{user.pk}.pdf" for user in by_email]
        assert "b@example.org" in pdf_text(archive.read(f"{by_email[1].pk}.pdf"))


def test_delivery_job_of_another_kind_reports_each_recipient(db):
    NamesMail.sent.clear()
    sent, refused, no_address = UserFactory(), UserFactory(given_name="Refused"), UserFactory(email="")
    job = job_create(kind=NamesMail.name, ids=[sent.pk, refused.pk, no_address.pk], title="Mail", by=None)
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and job.error == "2 of 3 e-mails could not be sent; see the report below."
    report = {item.item_id: (item.delivery, item.error) for item in job.items.all()}
    assert report == {
        sent.pk: ("sent", ""),
        refused.pk: ("failed", "Not this one."),
        no_address.pk: ("failed", "No e-mail address."),
    }
    assert NamesMail.sent == [sent.email]


def test_a_job_whose_kind_is_no_longer_registered_fails_with_a_reason(db):
    job = PrintJob.objects.create(kind="gone.kind", title_en="Old", scope_key="x" * 64)
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.error, job.kind_label) == ("failed", "Unknown kind of job.", "gone.kind")


def test_register_refuses_what_is_no_kind_and_a_second_kind_of_the_same_name():
    with pytest.raises(TypeError):
        kinds.register(object())
    with pytest.raises(TypeError):
        kinds.register(kinds.PrintKind())  # no name

    class Impostor(NamesPrint):
        pass

    with pytest.raises(ValueError, match="tests.names"):
        kinds.register(Impostor())
    assert isinstance(kinds.get(NamesPrint.name), NamesPrint)
    assert kinds.get("nothing.here") is None


class ZipRefusingStorage(FileSystemStorage):
    """Private storage that takes the merged PDF, then fails on the ZIP as S3 does when it cannot be reached."""

    def _save(self, name, content):
        if name.endswith(".zip"):
            raise EndpointConnectionError(endpoint_url="https://s3.example.org/private-bucket")
        return super()._save(name, content)


def test_a_print_job_whose_zip_cannot_be_stored_leaves_no_merged_pdf_behind(db, tmp_path):
    # No row would name the merged PDF, which holds everyone's documents: it is deleted, not left in the bucket.
    fields = [PrintJob._meta.get_field(name) for name in ("pdf_file", "zip_file")]
    kept = [field.storage for field in fields]
    for field in fields:
        field.storage = ZipRefusingStorage(location=tmp_path)
    try:
        job = job_create(kind=NamesPrint.name, ids=[UserFactory().pk], title="", by=None)
        job_run(job_id=job.pk)
    finally:
        for field, storage in zip(fields, kept, strict=True):
            field.storage = storage
    job.refresh_from_db()
    assert (job.status, job.pdf_file.name, job.zip_file.name) == ("failed", "", "")
    assert job.error == "The file storage could not be reached. Retry the job later."
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []
