"""One badge as a PDF (forum.exports.badges): A6, the names and the band as printed, its QR code as read by a
phone's decoder, and a youth delegate's badge."""

import pytest

from forum.exports.badges import badge_pdf, qr_png
from forum.models import Registration
from forum.services.credentials import credential_reissue
from tests.documents.pdfs import page_images, pdf_images, pdftotext, pdftotext_pieces

from .conftest import A6, pdf_page_sizes, qr_texts

pytestmark = pytest.mark.django_db


def _badge(registration, *, speaks=False):
    credential = registration.credentials.get(revoked_at__isnull=True)
    return badge_pdf(registration, credential, speaks=speaks), credential


def test_badge_is_one_a6_page_whose_qr_holds_the_secret_and_nothing_else(approve):
    pdf, credential = _badge(approve(given_name="Siti", family_name="Rahayu", country="ID"))
    assert pdf_page_sizes(pdf) == [A6]
    assert qr_texts(pdf) == [credential.secret]
    # No URL, id or name in it: the secret only (22 URL-safe characters).
    assert len(credential.secret) == 22 and "/" not in credential.secret and "Siti" not in credential.secret


def test_badge_prints_both_names_organisation_country_and_band_in_words(approve):
    registration = approve(
        given_name="Kanya", family_name="Srisuk", native_name="กัญญา ศรีสุข", organisation="Bangkok Safe Net Foundation"
    )
    pieces = pdftotext_pieces(_badge(registration)[0])
    for text in ("กัญญา ศรีสุข", "Kanya Srisuk", "Bangkok Safe Net Foundation", "Cambodia", "DELEGATE"):
        assert text in pieces
    assert registration.reference in pieces


def test_badge_of_a_khmer_delegate_is_khmer(approve, edition):
    registration = approve(given_name="Sokha", family_name="Chan", native_name="ចាន់ សុខា", language="km")
    text = pdftotext(_badge(registration)[0])
    assert "ចាន់ សុខា" in text and "Sokha Chan" in text
    assert "កម្ពុជា" in text  # the country, in Khmer
    assert "វេទិកាបច្ចេកវិទ្យាអាស៊ាន" in text and "ASEAN Technology Forum" not in text  # the edition's Khmer title


def test_youth_badge_given_name_only_no_organisation_youth_band_no_photo(approve):
    registration = approve(
        given_name="Sreyneang",
        family_name="Chea",
        native_name="ជា ស្រីនាង",
        organisation="Phnom Penh Youth Council",
        category=Registration.Category.YOUTH,
    )
    pdf, credential = _badge(registration, speaks=True)
    text = pdftotext(pdf)
    assert "Sreyneang" in text
    for withheld in ("Chea", "ជា ស្រីនាង", "Phnom Penh Youth Council"):
        assert withheld not in text
    assert "YOUTH · SPEAKER" in pdftotext_pieces(pdf)
    assert pdf_images(pdf) == 0  # the QR code is vector art: no image of any kind, so never a photo
    assert qr_texts(pdf) == [credential.secret]


def test_reissued_badge_carries_the_new_secret(approve, organiser):
    registration = approve()
    old = registration.credentials.get()
    new = credential_reissue(registration=registration, by=organiser)
    pdf, credential = _badge(registration)
    assert credential == new and qr_texts(pdf) == [new.secret] != [old.secret]


def test_qr_png_for_e_mails_decodes_to_the_secret():
    import io

    import zxingcpp
    from PIL import Image

    (found,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr_png("Xk3v9aQ2mN7pL0sR4tU8wY"))))
    assert found.text == "Xk3v9aQ2mN7pL0sR4tU8wY"


def test_badge_prints_its_style_and_its_band_in_colour(approve, tmp_path):
    # The badge's style and the bands' colours come from static stylesheets parsed once per process
    # (documents.render.shared_stylesheets): the second badge of the process prints them too.
    _badge(approve(given_name="Dara", family_name="Keo"))
    pdf, _credential = _badge(approve(given_name="Siti", family_name="Rahayu", country="ID"), speaks=True)
    [page] = page_images(pdf, tmp_path, dpi=40)
    width, height = page.size
    assert page.getpixel((4, height - 4)) == (0xB7, 0x1C, 0x1C)  # the speaker's band, to the page's edge (margin 0)
    assert page.getpixel((width // 2, height // 2)) == (255, 255, 255)
