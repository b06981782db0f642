"""The erase page (/accounts/erase/): what goes and what stays, the refusal instead of the form, the confirmation
(certificates, password, "cannot be undone") with its errors beside the fields, and what the person finds
afterwards: signed out, no way back in, their old address free for a new account, their certificates as chosen."""

import datetime
import re

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from forum.models import Registration
from people.models import User
from tests.factories import CertificateFactory, ForumEditionFactory, RegistrationFactory, UserFactory
from tests.factories.people import DEFAULT_PASSWORD

from .rich import EMAIL, NAME, PASSWORD, rich_person

pytestmark = pytest.mark.django_db

URL = "/en/accounts/erase/"


@pytest.fixture
def rich(client):
    rich = rich_person()
    client.force_login(rich.user)
    return rich


def _post(client, **data):
    return client.post(URL, {"certificates": "keep", "password": PASSWORD, "understood": "on", **data})


def _field_error(html: str, field: str) -> str:
    """The text of the error shown under `field` (crispy's invalid-feedback beside the input)."""
    match = re.search(rf'id="error_\d+_id_{field}"[^>]*>(.*?)</', html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""


def test_the_page_says_what_goes_and_what_stays(client, rich):
    response = client.get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert "What is erased" in text and "What stays, without your name" in text
    cancelled = re.search(r'data-testid="erase-cancelled">(.*?)</ul>', text, re.S).group(1)
    assert rich.future.edition.title in cancelled and rich.future.reference in cancelled
    assert rich.past.edition.title not in cancelled  # a forum that is over is not cancelled
    certificates = re.search(r'data-testid="erase-certificates">(.*?)</ul>', text, re.S).group(1)
    assert all(certificate.serial in certificates for certificate in rich.certificates)
    assert 'name="certificates"' in text and 'type="radio"' in text
    assert 'name="password"' in text and 'name="understood"' in text
    assert "I understand this cannot be undone" in text
    stays = re.sub(r"\s+", " ", re.search(r'data-testid="erase-stays">(.*?)</ul>', text, re.S).group(1))
    assert "as their parent, guardian or chaperone stays with that registration" in stays
    assert (
        f"print batches (badges, certificates) are deleted within {settings.DOCUMENTS_JOBS_RESULT_DAYS} days" in stays
    )
    assert f"{settings.SENT_EMAIL_KEEP_DAYS} days after it was sent" in stays
    assert "An invitation to a delegation that you have not taken up is withdrawn" in text


def test_the_page_answers_only_get_and_post(client, rich):
    assert client.put(URL).status_code == 405
    assert client.delete(URL).status_code == 405
    assert User.objects.get(pk=rich.user.pk).is_active


def test_without_a_valid_certificate_there_is_no_choice_to_make(client):
    user = UserFactory()
    client.force_login(user)
    text = client.get(URL).content.decode()
    assert 'name="certificates"' not in text
    response = client.post(URL, {"password": DEFAULT_PASSWORD, "understood": "on"})
    assert response.status_code == 302
    assert not User.objects.get(pk=user.pk).is_active


def test_erasing_signs_out_and_says_so_at_home(client, rich):
    response = _post(client)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert SESSION_KEY not in client.session
    home = client.get(response["Location"], follow=True)
    assert "Your account is erased." in home.content.decode()
    assert not User.objects.filter(email=EMAIL).exists()


def test_a_wrong_password_is_refused_beside_the_field_the_rest_kept_and_it_is_not_sent_back(client, rich):
    response = _post(client, password="not-my-password", certificates="revoke")
    assert response.status_code == 200
    html = response.content.decode()
    assert _field_error(html, "password") == "This is not your password."
    assert "not-my-password" not in html
    assert re.search(r'<input[^>]*value="revoke"[^>]*checked', html)
    assert re.search(r'<input[^>]*name="understood"[^>]*checked', html)
    user = User.objects.get(pk=rich.user.pk)
    assert user.email == EMAIL and user.is_active


def test_too_many_wrong_passwords_stop_even_the_right_one(client, rich):
    for _attempt in range(5):
        _post(client, password="guess")
    response = _post(client)
    assert "Too many wrong passwords" in _field_error(response.content.decode(), "password")
    assert User.objects.get(pk=rich.user.pk).is_active


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"understood": ""}, "understood"),
        ({"certificates": "burn"}, "certificates"),
        ({"certificates": ""}, "certificates"),
        ({"password": ""}, "password"),
        ({"password": "a\x00b" * 2000}, "password"),
    ],
)
def test_bad_input_is_refused_beside_its_field(client, rich, data, field):
    response = _post(client, **data)
    assert response.status_code == 200
    assert _field_error(response.content.decode(), field)
    assert User.objects.get(pk=rich.user.pk).is_active


def test_erasure_waits_while_a_forum_they_are_registered_for_is_under_way(client):
    today = timezone.localdate()
    edition = ForumEditionFactory(
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=1),
        registration_opens_at=timezone.now() - datetime.timedelta(days=40),
        registration_closes_at=timezone.now() - datetime.timedelta(days=5),
    )
    registration = RegistrationFactory(edition=edition, status=Registration.Status.APPROVED)
    client.force_login(registration.user)
    page = client.get(URL).content.decode()
    assert "is under way and you are registered for it" in page and edition.title in page
    assert 'name="password"' not in page
    response = client.post(URL, {"password": DEFAULT_PASSWORD, "understood": "on"})
    assert response.status_code == 200 and "is under way" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.APPROVED
    assert User.objects.get(pk=registration.user.pk).is_active


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_after_erasure_no_one_signs_in_and_the_address_is_free_again(client, rich):
    _post(client)
    assert not client.login(email=EMAIL, password=PASSWORD)
    login = client.post(reverse("account_login"), {"login": EMAIL, "password": PASSWORD})
    assert SESSION_KEY not in client.session and login.status_code == 200
    password = "A-new-start-2032"
    signup = client.post(
        reverse("account_signup"),
        {"email": EMAIL, "given_name": "Zephyrine", "password1": password, "password2": password},
    )
    assert signup.status_code == 302
    newcomer = User.objects.get(email=EMAIL)
    assert newcomer.pk != rich.user.pk and newcomer.is_active


def test_revoked_certificates_say_so_without_a_name(client, rich):
    _post(client, certificates="revoke")
    for certificate in rich.certificates:
        page = client.get(reverse("certificates:verify_code", args=[certificate.code]))
        text = page.content.decode()
        assert "This certificate has been revoked." in text and "Withdrawn by the holder." in text
        assert NAME not in text


def test_kept_certificates_are_verified_with_the_name_as_printed(client, rich):
    _post(client, certificates="keep")
    for certificate in rich.certificates:
        text = client.get(reverse("certificates:verify_code", args=[certificate.code])).content.decode()
        assert "This certificate is valid." in text and NAME in text


def test_the_page_speaks_khmer(client, rich):
    response = client.get("/km/accounts/erase/")
    assert response.status_code == 200 and 'lang="km"' in response.content.decode()


@pytest.mark.parametrize("count", [1, 10])
def test_page_query_count(client, django_assert_num_queries, count):
    user = UserFactory()
    for _n in range(count):
        CertificateFactory(recipient=user)
        RegistrationFactory(user=user)
    client.force_login(user)
    with django_assert_num_queries(13):
        response = client.get(URL)
    assert response.status_code == 200
    assert response.content.decode().count("COP-2026-") == count
    assert Certificate.objects.filter(recipient=user).count() == count
