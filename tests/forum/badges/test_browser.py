"""The delegate's check-in QR at the door: on a 360 px phone, in Khmer, "my registration" shows a QR code that a
decoder reads as the badge's secret and nothing else; after a reissue (a lost badge) it reads as the new one."""

import io

import zxingcpp
from PIL import Image

from forum.models import CheckInCredential
from forum.services.credentials import credential_reissue
from tests.browser import BROWSER, assert_fits, log_in

pytestmark = BROWSER


def _read_qr(page) -> list[str]:
    """What a scanner reads from the QR code as the phone shows it (a screenshot of the element)."""
    shot = page.locator("[data-testid=checkin-qr]").screenshot()
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))
    return [barcode.text for barcode in found if barcode.format == zxingcpp.BarcodeFormat.QRCode]


def test_browser_my_registration_qr_reads_as_the_secret_and_changes_on_reissue(
    phone_page, live_server, approve, organiser, artifact_path
):
    registration = approve(given_name="Sokha", family_name="Chan", native_name="ចាន់ សុខា", language="km")
    old = CheckInCredential.objects.get(registration=registration).secret
    page = phone_page
    log_in(page, live_server, registration.user)

    page.goto(f"/km/forum/{registration.edition.slug}/registration/")
    assert page.locator("html").get_attribute("lang") == "km"
    qr = page.locator("[data-testid=checkin-qr]")
    box = qr.bounding_box()
    assert box["width"] >= 250 and box["x"] >= 0 and box["x"] + box["width"] <= 360  # big, and on the screen
    assert_fits(page, 360)
    page.screenshot(path=artifact_path("forum-checkin-qr-km-360.png"), full_page=True)
    assert _read_qr(page) == [old]

    new = credential_reissue(registration=registration, by=organiser).secret
    page.reload()
    assert _read_qr(page) == [new] != [old]
