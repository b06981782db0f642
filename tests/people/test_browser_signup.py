import re

import pytest
from django.core import mail

from people.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_signup_in_khmer_on_a_phone_confirm_and_log_in(phone_page, live_server, artifact_path):
    page = phone_page
    mail.outbox = []
    page.goto("/km/accounts/signup/")
    assert page.locator("html").get_attribute("lang") == "km"
    page.fill("#id_email", "dara.keo@example.org")
    page.fill("#id_given_name", "ដារា")
    page.fill("#id_family_name", "កែវ")
    page.fill("#id_password1", "a-long-and-unusual-passphrase")
    page.fill("#id_password2", "a-long-and-unusual-passphrase")
    page.screenshot(path=artifact_path("signup-km-360.png"), full_page=True)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/km/accounts/confirm-email/"))

    # No horizontal scrolling at 360 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    user = User.objects.get(email="dara.keo@example.org")
    assert user.language == "km"
    assert len(mail.outbox) == 1
    link = re.search(r"https://forum\.example\.org(\S+/accounts/confirm-email/\S+/)", mail.outbox[0].body).group(1)
    page.goto(link)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/km/"))

    page.context.clear_cookies()
    page.goto("/km/accounts/login/")
    page.fill("#id_login", "dara.keo@example.org")
    page.fill("#id_password", "a-long-and-unusual-passphrase")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    page.goto("/km/accounts/profile/")
    assert page.locator("#id_given_name").input_value() == "ដារា"
    page.screenshot(path=artifact_path("profile-km-360.png"), full_page=True)
