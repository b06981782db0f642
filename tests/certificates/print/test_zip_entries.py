"""A print job's ZIP holds each certificate as if printed alone (not with the fonts and images of its whole chunk),
deflated."""

import io
import zipfile

from certificates.jobs import file_name
from certificates.pdf import render_certificate
from documents.models import PrintJob
from tests.documents.pdfs import embedded_fonts, pdf_text
from tests.factories import CertificateFactory, UserFactory

from .conftest import read_field


def test_each_zip_entry_is_about_the_size_of_its_certificate_printed_alone(
    start, cohort_certificates, template_version, settings
):
    settings.DOCUMENTS_JOBS_CHUNK_SIZE = 25  # one chunk: every entry is cut out of the same merged PDF
    chinese = [
        CertificateFactory(
            template_version=template_version,
            recipient=UserFactory(language="en", native_name=native),
            recipient_name_latin=latin,
            recipient_name_native=native,
        )
        for latin, native in [("Wang Xiuying", "王秀英"), ("Li Xiaolong", "李小龙"), ("Liu Yang", "刘洋")]
    ]
    certificates = cohort_certificates + chinese
    job = start(certificates)
    assert job.status == PrintJob.Status.DONE, job.error

    with zipfile.ZipFile(io.BytesIO(read_field(job.zip_file))) as archive:
        for certificate in certificates:
            entry = archive.getinfo(file_name(certificate))
            single, alone = archive.read(entry), render_certificate(certificate)
            assert entry.file_size <= 1.2 * len(alone), (certificate.recipient_name_latin, entry.file_size, len(alone))
            assert entry.compress_type == zipfile.ZIP_DEFLATED
            assert embedded_fonts(single) == embedded_fonts(alone)
            assert certificate.serial in pdf_text(single)
