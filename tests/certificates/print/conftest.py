import io
import zipfile

import pytest
from pypdf import PdfReader

from tests.factories import CertificateFactory, UserFactory


@pytest.fixture(autouse=True)
def _small_chunks(settings):
    settings.CERTIFICATES_PRINT_CHUNK_SIZE = 2


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
