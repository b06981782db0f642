"""A person erases their account on a 360 px phone: the page explains, the form takes the certificates' choice, the
password and the confirmation, and home says it is done. No page scrolls sideways."""

from certificates.models import Certificate
from people.models import User
from tests.browser import BROWSER, assert_fits, log_in
from tests.factories import CertificateFactory, UserFactory
from tests.factories.people import DEFAULT_PASSWORD

pytestmark = BROWSER


def test_a_person_erases_their_account_on_a_phone(phone_page, live_server, artifact_path):
    user = UserFactory()
    certificate = CertificateFactory(recipient=user)
    page = phone_page
    log_in(page, live_server, user)
    page.goto("/en/accounts/erase/")
    assert page.is_visible("#erase-goes") and page.is_visible("#erase-stays")
    page.check("input[name=certificates][value=revoke]")
    page.fill("#id_password", "not my password")
    page.check("#id_understood")
    page.click("#submit-id-submit")
    page.wait_for_selector("#id_password.is-invalid")
    # The password is not sent back; the other answers are kept.
    assert page.input_value("#id_password") == ""
    assert page.is_checked("input[name=certificates][value=revoke]") and page.is_checked("#id_understood")
    page.fill("#id_password", DEFAULT_PASSWORD)
    assert_fits(page, 360)
    page.screenshot(path=artifact_path("privacy-erase-360.png"), full_page=True)
    page.click("#submit-id-submit")
    page.wait_for_url(f"{live_server.url}/en/")
    assert "Your account is erased." in page.text_content("main")
    assert_fits(page, 360)
    assert not User.objects.get(pk=user.pk).is_active
    assert Certificate.objects.get(pk=certificate.pk).status == Certificate.Status.REVOKED
