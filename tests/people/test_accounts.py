import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from people.models import User
from tests.factories import UserFactory

KHMER = re.compile(r"[\u1780-\u17ff]")


def _confirmation_link(message) -> str:
    match = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body)
    assert match, message.body
    return match.group(0)


def _signup(client, language: str, email: str = "new.delegate@example.org", **extra):
    data = {
        "email": email,
        "given_name": "Sokha",
        "family_name": "Chan",
        "password1": "a-long-and-unusual-passphrase",
        "password2": "a-long-and-unusual-passphrase",
        **extra,
    }
    return client.post(f"/{language}/accounts/signup/", data)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "km"])
def test_signup_confirm_login_and_profile_edit_in_each_language(client, outbox, language):
    response = _signup(client, language)
    assert response.status_code == 302

    user = User.objects.get(email="new.delegate@example.org")
    assert user.given_name == "Sokha"
    assert user.language == language
    assert not EmailAddress.objects.get(user=user).verified
    assert len(outbox) == 1
    message = outbox[0]
    if language == "km":
        assert KHMER.search(message.subject), message.subject
    link = _confirmation_link(message)
    assert link.startswith("https://forum.example.org/")
    assert "testserver" not in message.body and "127.0.0.1" not in message.body

    path = link.removeprefix("https://forum.example.org")
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    client.logout()
    response = client.post(
        f"/{language}/accounts/login/",
        {"login": "new.delegate@example.org", "password": "a-long-and-unusual-passphrase"},
    )
    assert response.status_code == 302
    profile = client.get(f"/{language}/accounts/profile/")
    assert profile.status_code == 200
    assert profile.wsgi_request.user == user

    response = client.post(
        f"/{language}/accounts/profile/",
        {
            "given_name": "Sokha",
            "family_name": "Chan",
            "native_name": "ចាន់ សុខា",
            "language": "km",
            "country": "KH",
            "position": "Policy officer",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.native_name == "ចាន់ សុខា"
    assert user.language == "km"
    assert user.position == "Policy officer"


@pytest.mark.django_db
def test_login_requires_a_confirmed_email(client, outbox):
    _signup(client, "en")
    client.logout()
    response = client.post(
        "/en/accounts/login/", {"login": "new.delegate@example.org", "password": "a-long-and-unusual-passphrase"}
    )
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_reset_email_is_in_the_recipients_language(client, outbox):
    UserFactory(email="khmer.reader@example.org", language="km")
    response = client.post("/en/accounts/password/reset/", {"email": "khmer.reader@example.org"})
    assert response.status_code == 302
    assert len(outbox) == 1
    assert KHMER.search(outbox[0].subject + outbox[0].body)
    assert "https://forum.example.org/" in outbox[0].body
    assert "testserver" not in outbox[0].body


@pytest.mark.django_db
def test_signup_with_invalid_email_shows_the_error_in_khmer(client):
    response = _signup(client, "km", email="not-an-email")
    assert response.status_code == 200
    form = response.context["form"]
    error = form.errors["email"][0]
    assert KHMER.search(error), error
    assert error in response.content.decode()
    assert 'value="Sokha"' in response.content.decode()  # the input is kept


@pytest.mark.django_db
def test_signup_with_an_email_already_used_is_refused_clearly(client):
    UserFactory(email="taken@example.org")
    response = _signup(client, "en", email="TAKEN@example.org")
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1


@pytest.mark.django_db
def test_signup_with_a_weak_password_is_refused(client):
    response = _signup(client, "en", password1="12345678", password2="12345678")
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert not User.objects.filter(email="new.delegate@example.org").exists()


@pytest.mark.django_db
def test_signup_with_a_ten_thousand_character_name_is_refused(client):
    response = _signup(client, "en", given_name="x" * 10_000)
    assert response.status_code == 200
    assert "at most 100 characters" in response.context["form"].errors["given_name"][0]
    assert not User.objects.exists()


@pytest.mark.django_db
def test_signup_with_control_characters_in_a_name_is_refused(client):
    response = _signup(client, "en", given_name="Sok\x00ha\u202e")
    assert response.status_code == 200
    assert response.context["form"].errors["given_name"]


@pytest.mark.django_db
def test_a_name_with_html_is_stored_and_shown_escaped(client):
    user = UserFactory()
    client.force_login(user)
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = client.post(
        "/en/accounts/profile/",
        {"given_name": payload, "family_name": "Chan", "language": "en", "country": "KH"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.given_name == payload
    page = client.get("/en/accounts/profile/").content.decode()
    assert payload not in page
    assert "&lt;script&gt;" in page


@pytest.mark.django_db
def test_profile_requires_login(client):
    response = client.get("/en/accounts/profile/")
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "native_name",
    ["ចាន់ សុខា", "สมชาย วงศ์สกุล", "Nguyễn Thị Hương", "ສົມພອນ", "အောင်ဆန်း", "陈慧玲", "கமலா", "نور عائشه"],
)
def test_profile_accepts_a_name_in_every_script_the_certificates_print(client, native_name):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/en/accounts/profile/",
        {"given_name": "A", "native_name": native_name, "language": "en", "country": "KH"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.native_name == native_name


@pytest.mark.django_db
def test_profile_refuses_a_name_in_a_script_with_no_font(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/km/accounts/profile/",
        {"given_name": "A", "native_name": "ᎠᏍᎦᏯ", "language": "km", "country": "KH"},
    )
    assert response.status_code == 200
    error = response.context["form"].errors["native_name"][0]
    assert "Ꭰ" in error
    user.refresh_from_db()
    assert user.native_name == ""


@pytest.mark.django_db
def test_after_login_the_page_asked_for_opens_in_the_persons_language(client):
    """A Khmer reader who scans a check-in QR code while logged out is sent to the browser's (English) pages; once
    logged in, the page they asked for opens in Khmer."""
    from tests.factories import UserFactory
    from tests.factories.people import DEFAULT_PASSWORD

    UserFactory(email="sokha@example.org", language="km")
    scanned = client.get("/trainings/check-in/ABCDEF/", HTTP_ACCEPT_LANGUAGE="en")
    assert scanned.status_code == 302 and scanned["Location"].startswith("/en/")
    asked = client.get(scanned["Location"])
    assert asked.status_code == 302 and "/en/accounts/login/" in asked["Location"]
    response = client.post(asked["Location"], {"login": "sokha@example.org", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/km/trainings/check-in/"  # where the remembered scan is checked in


@pytest.mark.django_db
def test_two_factor_code_fields_open_the_number_keypad(client):
    """The code of the authenticator app (and an eight-digit recovery code): phones open their number keypad."""
    from allauth.mfa import app_settings
    from allauth.utils import get_form_class

    from tests.factories import OrganiserFactory

    organiser = OrganiserFactory()
    for name in ("authenticate", "reauthenticate"):
        field = str(get_form_class(app_settings.FORMS, name, None)(user=organiser)["code"])
        assert 'inputmode="numeric"' in field and 'autocomplete="one-time-code"' in field, name
    assert get_form_class(app_settings.FORMS, "activate_totp", None).__name__ == "ActivateTOTPForm"
    assert get_form_class(app_settings.FORMS, "activate_totp", None).__module__ == "people.forms"
    # The login's two-factor step shows it.
    client.post("/en/accounts/login/", {"login": organiser.email, "password": "correct-horse-battery-staple"})
    page = client.get("/en/accounts/2fa/authenticate/").content.decode()
    assert re.search(
        r'<input[^>]*name="code"[^>]*inputmode="numeric"|<input[^>]*inputmode="numeric"[^>]*name="code"', page
    )
