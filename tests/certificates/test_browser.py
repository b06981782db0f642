import pytest
from playwright.sync_api import expect

from certificates.models import Certificate
from tests.browser import BROWSER, assert_fits, log_in
from tests.documents.pdfs import pdf_text
from tests.factories import CertificateFactory, OrganiserFactory, UserFactory
from tests.factories.people import DEFAULT_PASSWORD

pytestmark = BROWSER


def test_participant_downloads_and_verifies_certificate_on_phone(phone_page, artifact_path):
    page = phone_page
    user = UserFactory(given_name="Sokha", family_name="Chan", native_name="ចាន់ សុខា")
    certificate = CertificateFactory(recipient=user, recipient_name_latin="Sokha Chan", recipient_name_native="ចាន់ សុខា")
    page.goto("/en/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.locator("main form").first.locator("button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    page.goto("/en/certificates/")
    assert page.get_by_role("heading", name="My certificates").is_visible()
    link = page.get_by_role("link", name="Download PDF")
    box = link.bounding_box()
    assert box["height"] >= 44
    page.screenshot(path=artifact_path("certificates-mine-360.png"), full_page=True)
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == f"{certificate.serial}.pdf"
    with open(download.path(), "rb") as handle:
        assert certificate.serial in pdf_text(handle.read())

    # Verify by typing the code as printed, in lower case with spaces.
    page.goto("/en/certificates/verify/")
    typed = " ".join(certificate.code[i : i + 4] for i in range(0, len(certificate.code), 4)).lower()
    page.get_by_label("Verification code").fill(typed)
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"**/certificates/verify/{certificate.code}/")
    assert page.get_by_text("This certificate is valid.").is_visible()
    assert page.get_by_text("ចាន់ សុខា").is_visible()
    assert_fits(page, 360)
    page.screenshot(path=artifact_path("certificates-verify-360.png"), full_page=True)
    assert Certificate.objects.get(pk=certificate.pk).pdf_cached_version == 1


@pytest.mark.parametrize("width", [360, 1280])
def test_organiser_reissues_certificate_without_page_scroll(browser, live_server, artifact_path, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, base_url=live_server.url)
    page = context.new_page()
    try:
        log_in(page, live_server, OrganiserFactory(with_totp=True))
        certificate = CertificateFactory(recipient_name_latin="Vannak Sok", recipient_name_native="សុខ វណ្ណៈ")
        CertificateFactory.create_batch(3)
        page.goto("/en/organiser/certificates/")
        page.get_by_label("Name, serial or code").fill("vannak")
        page.get_by_role("button", name="Filter").click()
        page.wait_for_url("**q=vannak**")
        assert page.locator("tbody tr").count() == 1
        assert_fits(page, width)
        page.screenshot(path=artifact_path(f"certificates-organiser-list-{width}.png"), full_page=True)
        page.get_by_role("link", name=certificate.serial).click()
        page.get_by_label("Reason for the replacement").fill("Name misspelt")
        button = page.get_by_role("button", name="Issue a replacement")
        assert button.bounding_box()["height"] >= 44
        button.click()
        expect(page.get_by_text("A new certificate replaces the old one")).to_be_visible()
        assert_fits(page, width)
        page.screenshot(path=artifact_path(f"certificates-organiser-detail-{width}.png"), full_page=True)
        certificate.refresh_from_db()
        assert certificate.status == Certificate.Status.REVOKED and certificate.replaced_by is not None
    finally:
        context.close()
