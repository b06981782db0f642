"""The PDFs' text layer (documents.text_layer): what pdftotext reads back is exactly the text printed, in every
script, in the project's real PDFs too, and the pages look as they did without it."""

import datetime
import inspect
import io
import unicodedata
import zipfile

import pytest
import weasyprint
import weasyprint.draw.text
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from PIL import ImageChops
from pypdf import PdfReader

from certificates.jobs import PRINT, file_name
from certificates.pdf import certificate_context, render_certificate
from documents.fetcher import SafeURLFetcher, base_url
from documents.jobs import job_create, job_run
from documents.render import render_pdf, render_pdf_documents, shared_font_config, shared_stylesheets
from documents.text_layer import CHECKED_WEASYPRINT, DRAW_FIRST_LINE
from forum.exports.pdf import visa_letter_pdf
from tests.documents.pdfs import page_images, pdftotext_pieces
from tests.factories import (
    CertificateFactory,
    CohortFactory,
    EnrollmentFactory,
    OrganisationFactory,
    TrainingSessionFactory,
    UserFactory,
    VisaRequestFactory,
)

# A name and a sentence in each script, each printed on a line of its own, regular and bold.
LINES = {
    "khmer": [
        "ស្រីស្រស់ ចន្ទ្រា",
        "ឆ្នាំ",
        "វិញ្ញាបនបត្រនេះប្រគល់ជូនសម្រាប់ការបញ្ចប់វគ្គបណ្តុះបណ្តាលប្រចាំឆ្នាំ ២០២៦។",
    ],
    "thai": ["สมชาย วงศ์สกุล", "ขอมอบประกาศนียบัตรฉบับนี้เพื่อแสดงว่าได้ผ่านการอบรมแล้ว"],
    "lao": ["ສົມພອນ ພົມມະວົງ", "ໃບຢັ້ງຢືນນີ້ມອບໃຫ້ເພື່ອຢັ້ງຢືນວ່າໄດ້ຜ່ານການຝຶກອົບຮົມແລ້ວ"],
    "myanmar": ["အောင်ဆန်း စုကြည်", "ဤလက်မှတ်ကို သင်တန်းပြီးဆုံးကြောင်း အသိအမှတ်ပြု၍ ပေးအပ်ပါသည်။"],
    "vietnamese": ["Nguyễn Thị Hương", "Chứng nhận đã hoàn thành khóa đào tạo về bảo vệ trẻ em trực tuyến."],
    "chinese": ["王秀英", "兹证明该学员已完成儿童网络保护培训课程。"],
}
# Drawn first, ស្រីពៅ leaves its text on a glyph that សុខ draws too: WeasyPrint's own map reads ស្រុខ.
SHARING_A_GLYPH = ["ស្រីពៅ ចាន់", "សុខ វណ្ណៈ"]


def render_lines(lines, language="en"):
    return render_pdf("documents_tests/lines.html", {"lines": lines}, language=language)


def _contents(pdf: bytes) -> bytes:
    return b"".join(page.get_contents().get_data() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("script", LINES)
def test_text_layer_reads_back_each_script_exactly(script):
    pieces = pdftotext_pieces(render_lines(LINES[script]))

    for line in LINES[script]:
        assert pieces.count(line) == 2, f"{line!r} not in {pieces}"  # regular and bold


def test_text_layer_keeps_each_name_that_shares_a_glyph_with_another():
    pieces = pdftotext_pieces(render_lines(SHARING_A_GLYPH, language="km"))

    assert pieces.count("ស្រីពៅ ចាន់") == 2
    assert pieces.count("សុខ វណ្ណៈ") == 2


def test_text_layer_keeps_a_name_as_typed_composed_or_decomposed():
    composed = "Nguyễn Thị Hương"
    decomposed = unicodedata.normalize("NFD", composed)
    # One glyph for ễ either way: WeasyPrint's map would give both the text of the first one drawn.
    pieces = pdftotext_pieces(render_lines([composed, decomposed]))

    assert pieces.count(composed) == 2
    assert pieces.count(decomposed) == 2


def test_text_layer_survives_merging_documents():
    pdf = render_pdf_documents("documents_tests/lines.html", [({"lines": [line]}, "km") for line in SHARING_A_GLYPH])

    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 2
    assert pdftotext_pieces(pdf).count("សុខ វណ្ណៈ") == 2


def test_text_layer_leaves_the_pages_as_weasyprint_draws_them(tmp_path):
    lines = [line for script_lines in LINES.values() for line in script_lines] + SHARING_A_GLYPH
    with translation.override("km"):
        markup = render_to_string("documents_tests/lines.html", {"lines": lines})
    plain = weasyprint.HTML(string=markup, base_url=base_url(), url_fetcher=SafeURLFetcher()).write_pdf(
        stylesheets=shared_stylesheets(), font_config=shared_font_config()
    )

    with_text_layer = render_lines(lines, language="km")

    assert b"/ActualText" in _contents(with_text_layer) and b"/ActualText" not in _contents(plain)
    plain_pages, pages = page_images(plain, tmp_path / "plain"), page_images(with_text_layer, tmp_path / "layer")
    assert len(pages) == len(plain_pages) > 1
    for page, plain_page in zip(pages, plain_pages, strict=True):
        assert ImageChops.difference(page, plain_page).getbbox() is None  # pixel for pixel


def test_text_layer_wraps_the_weasyprint_function_it_was_checked_against():
    # On an upgrade: read draw_text and draw_first_line of the new weasyprint/draw/text.py. The wrapper needs
    # draw_text (and SVG text) to call draw_first_line(stream, textbox, ...) by module attribute, once per
    # line, between BT and ET, and the line to be the first of textbox.pango_layout. Then update the version.
    assert weasyprint.__version__ == CHECKED_WEASYPRINT
    parameters = list(inspect.signature(DRAW_FIRST_LINE).parameters)
    assert parameters == ["stream", "textbox", "text_overflow", "block_ellipsis", "matrix"]
    assert "emojis = draw_first_line(" in inspect.getsource(weasyprint.draw.text.draw_text)
    render_lines(["ឆ្នាំ"])
    assert weasyprint.draw.text.draw_first_line is DRAW_FIRST_LINE  # put back after a render


@pytest.mark.django_db
def test_text_layer_of_a_khmer_certificate():
    certificate = CertificateFactory(
        language="km",
        recipient_name_native="ស្រីស្រស់ ចន្ទ្រា",
        recipient_name_latin="Sreysros Chantrea",
        subject_km="ការការពារកុមារលើអ៊ីនធឺណិត",
    )
    khmer_side = certificate_context(certificate)["sides"][0]
    assert "ឆ្នាំ" in khmer_side["body"]  # the Khmer date: "2 ខែ មីនា ឆ្នាំ 2026"

    pieces = pdftotext_pieces(render_certificate(certificate))

    assert "ស្រីស្រស់ ចន្ទ្រា" in pieces
    assert khmer_side["title"] in pieces
    assert khmer_side["body"] in pieces


@pytest.mark.django_db
def test_text_layer_of_a_print_job_merged_and_zipped(settings):
    settings.DOCUMENTS_JOBS_CHUNK_SIZE = 2  # two chunks, merged by pypdf
    names = ["ស្រីពៅ ចាន់", "សុខ វណ្ណៈ", "ស្រីស្រស់ ចន្ទ្រា"]
    certificates = [CertificateFactory(language="km", recipient_name_native=name) for name in names]
    job = job_create(kind=PRINT, ids=[c.pk for c in certificates], title="", by=None)

    job_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == "done", job.error
    with job.pdf_file.open("rb") as handle:
        merged = pdftotext_pieces(handle.read())
    assert [name in merged for name in names] == [True] * 3
    with job.zip_file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as archive:
        for certificate in certificates:
            assert certificate.recipient_name_native in pdftotext_pieces(archive.read(file_name(certificate)))


@pytest.mark.django_db
def test_text_layer_of_the_roll_call_sheet(client):
    trainer = UserFactory()
    session = TrainingSessionFactory(cohort=CohortFactory(trainers=[trainer]))
    for family, given, native in [("Chan", "Sreypov", "ស្រីពៅ ចាន់"), ("Sok", "Vannak", "សុខ វណ្ណៈ")]:
        user = UserFactory(family_name=family, given_name=given, native_name=native)
        EnrollmentFactory(cohort=session.cohort, user=user)
    client.force_login(trainer)

    response = client.get(reverse("trainings:attendance_sheet", args=[session.pk]))

    pieces = pdftotext_pieces(response.content)
    assert "ស្រីពៅ ចាន់" in pieces
    assert "សុខ វណ្ណៈ" in pieces


@pytest.mark.django_db
def test_text_layer_of_a_khmer_visa_letter():
    organisation = OrganisationFactory(name="ក្រសួងប្រៃសណីយ៍និងទូរគមនាគមន៍")
    visa = VisaRequestFactory(
        registration__user=UserFactory(language="km"),
        registration__organisation=organisation,
        passport_expiry=datetime.date(2031, 1, 31),
    )

    pieces = pdftotext_pieces(visa_letter_pdf(registration=visa.registration))

    with translation.override("km"):
        assert visa.registration.edition.title in pieces
        assert translation.gettext("Visa invitation letter") in pieces
        assert translation.gettext("To the consular officer concerned,") in pieces
    assert organisation.name in pieces
    assert "31 មករា 2031" in pieces  # the passport expiry


def test_text_layer_leaves_right_to_left_lines_to_the_glyph_map():
    jawi = "محمد فاضل ڠڤ"
    pdf = render_lines([jawi, "ស្រីពៅ ចាន់"])

    # A span would read backwards in poppler; the glyph map reads in order (marked as right-to-left text).
    assert pdftotext_pieces(pdf).count(f"\u202b{jawi}\u202c") == 2
    assert _contents(pdf).count(b"/ActualText") == 2  # the Khmer name, regular and bold
