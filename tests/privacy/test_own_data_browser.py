"""A person downloads their own data on a 360 px phone, in Khmer: the page explains what the ZIP holds and the
button gives it (with their registration and their certificate's PDF). No page scrolls sideways."""

import io
import json
import zipfile
from pathlib import Path

from tests.browser import BROWSER, assert_fits, log_in
from tests.factories import CertificateFactory, RegistrationFactory, UserFactory

pytestmark = BROWSER


def test_a_person_downloads_their_data_on_a_phone_in_khmer(phone_page, live_server, artifact_path):
    user = UserFactory(language="km", native_name="សុខ ដារ៉ា")
    registration = RegistrationFactory(user=user)
    certificate = CertificateFactory(recipient=user)
    page = phone_page
    log_in(page, live_server, user)
    page.goto("/km/accounts/data/")
    assert page.get_attribute("html", "lang") == "km"
    assert_fits(page, 360)
    page.screenshot(path=artifact_path("privacy-own-data-360-km.png"), full_page=True)
    with page.expect_download() as download_info:
        page.click("main form button[type=submit]")
    download = download_info.value
    assert download.suggested_filename.startswith("my-data-") and download.suggested_filename.endswith(".zip")
    archive = zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes()))
    forum = json.loads(archive.read("forum.json"))
    assert registration.reference in json.dumps(forum, ensure_ascii=False)
    assert archive.read(f"certificates/{certificate.serial}.pdf").startswith(b"%PDF")
    assert "សុខ ដារ៉ា" in archive.read("profile.json").decode()
