import io
import zipfile

import pytest
from pypdf import PdfReader

from certificates.jobs import PRINT
from documents.jobs import job_start
from tests.factories import CertificateFactory, UserFactory


@pytest.fixture(autouse=True)
def _small_chunks(settings):
    settings.DOCUMENTS_JOBS_CHUNK_SIZE = 2


@pytest.fixture
def start(django_capture_on_commit_callbacks):
    """Start a job over `certificates` as a view does; the task (immediate in tests) runs it after the commit."""

    def _start(certificates, *, kind=PRINT, title="Cohort March 2026"):
        with django_capture_on_commit_callbacks(execute=True):
            job = job_start(kind=kind, ids=[c.pk for c in certificates], title=title, by=None)
        job.refresh_from_db()
        return job

    return _start


@pytest.fixture
def cohort_certificates(template_version):
    """Five certificates as a cohort would issue them: Latin and Khmer names, both languages."""
    people = [
        ("Sokha Chan", "ចាន់ សុខា", "km"),
        ("Nguyễn Thị Hương", "", "en"),
        ("Dara Sok", "សុខ ដារ៉ា", "km"),
        ("Maria O'Brien/Smith", "", "en"),
        ("Vannak Kim", "", "en"),
    ]
    certificates = []
    for latin, native, language in people:
        user = UserFactory(language=language, native_name=native)
        certificates.append(
            CertificateFactory(
                template_version=template_version,
                recipient=user,
                recipient_name_latin=latin,
                recipient_name_native=native,
                language=language,
            )
        )
    return certificates


def pdf_pages(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


def zip_names(content: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.namelist()


def read_field(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()
