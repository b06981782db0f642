"""What the badge tests share: an edition, people approved through the services (so each has a credential, as
approval gives it), and ways to read a badge back: its text, its QR codes, its pages."""

import io
import subprocess
import tempfile
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from forum.models import Registration
from forum.services.lifecycle import registration_approve
from people.models import Organisation
from tests.factories import ForumEditionFactory, OrganisationFactory, RegistrationFactory, UserFactory

A6 = (105, 148)  # millimetres
A4 = (210, 297)


@pytest.fixture
def edition(db):
    return ForumEditionFactory(
        title_en="ASEAN Technology Forum on Child Protection Online 2027",
        title_km="វេទិកាបច្ចេកវិទ្យាអាស៊ាន ស្តីពីកិច្ចការពារកុមារលើប្រព័ន្ធអនឡាញ ឆ្នាំ២០២៧",
    )


@pytest.fixture
def approve(edition, organiser):
    """An approved registration of `edition` through registration_approve (it gets its credential there)."""

    def _approve(*, organisation: str = "Mekong Mobile", category=Registration.Category.TECH_COMPANY, **person):
        user = UserFactory(**person)
        registration = RegistrationFactory(
            edition=edition,
            user=user,
            category=category,
            organisation=Organisation.objects.filter(name=organisation).first()
            or OrganisationFactory(name=organisation),
            is_youth=category == Registration.Category.YOUTH,
        )
        if registration.is_youth:
            # Approval waits for a guardian's consent and a chaperone (tests/forum/youth): here the approved state
            # is what matters, so it is written, and the credential issued as approval would.
            from forum.services.credentials import credential_issue

            registration.status = Registration.Status.APPROVED
            registration.save(update_fields=["status"])
            credential_issue(registration=registration)
            return registration
        return registration_approve(registration=registration, by=organiser)

    return _approve


def pdf_page_sizes(pdf: bytes) -> list[tuple[int, int]]:
    """Each page's size in whole millimetres."""
    return [
        (round(float(page.mediabox.width) * 25.4 / 72), round(float(page.mediabox.height) * 25.4 / 72))
        for page in PdfReader(io.BytesIO(pdf)).pages
    ]


def qr_texts(pdf: bytes, *, page: int = 1, resolution: int = 150) -> list[str]:
    """What every QR code on a page says, read from the page as poppler draws it (pdftoppm) by zxing-cpp."""
    with tempfile.TemporaryDirectory() as folder:
        stem = Path(folder) / "page"
        subprocess.run(  # noqa: S603  # poppler's pdftoppm on a PDF we rendered
            ["/usr/bin/pdftoppm", "-png", "-r", str(resolution), "-f", str(page), "-l", str(page), "-", str(stem)],
            input=pdf,
            check=True,
        )
        (image,) = Path(folder).glob("page*.png")
        found = zxingcpp.read_barcodes(Image.open(image))
    return sorted(barcode.text for barcode in found if barcode.format == zxingcpp.BarcodeFormat.QRCode)
