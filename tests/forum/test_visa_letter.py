"""Visa invitation letters: the delegate's own and organisers' downloads, on the forum's letterhead, in the
delegate's language, with the passport details as entered; 404 for everyone else."""

import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from pypdf import PdfReader

from forum.models import Registration
from tests.factories import ForumEditionFactory, OrganiserFactory, RegistrationFactory, UserFactory, VisaRequestFactory

pytest.importorskip("documents.render")

S = Registration.Status
pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def approved_with_visa():
    edition = ForumEditionFactory(
        slug="atf-2027", reference_prefix="ATF27", title_en="ASEAN Technology Forum 2027", venue="Sokha Hotel"
    )
    registration = RegistrationFactory(edition=edition, status=S.APPROVED, needs_visa_letter=True, country="TH")
    VisaRequestFactory(registration=registration, passport_name="SOMCHAI WONGSAKUL", passport_number="AA1234567")
    return registration


def test_visa_letter_delegate_downloads_own_letter_with_passport_details(client, approved_with_visa):
    client.force_login(approved_with_visa.user)
    response = client.get(reverse("forum:visa_letter", kwargs={"slug": "atf-2027"}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    text = _text(response.content)
    for expected in (
        "ASEAN Technology Forum 2027",
        "Sokha Hotel",
        "SOMCHAI WONGSAKUL",
        "AA1234567",
        "Thailand",
        "ATF27-0001",
    ):
        assert expected in text


def test_visa_letter_in_khmer_for_a_khmer_speaking_delegate(client, approved_with_visa, artifact_path):
    user = approved_with_visa.user
    user.language = "km"
    user.save(update_fields=["language"])
    client.force_login(user)
    response = client.get(reverse("forum:visa_letter", kwargs={"slug": "atf-2027"}))
    text = _text(response.content)
    assert "វេទិកា" in text  # the edition's Khmer title
    assert "SOMCHAI WONGSAKUL" in text
    path = artifact_path("visa_letter_km.pdf")
    with open(path, "wb") as handle:
        handle.write(response.content)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", path, path[:-4]], check=True)  # noqa: S603, S607


def test_visa_letter_organiser_downloads_any(organiser_client, approved_with_visa):
    url = reverse("forum_organiser:registration_visa_letter", kwargs={"slug": "atf-2027", "pk": approved_with_visa.pk})
    response = organiser_client.get(url)
    assert response.status_code == 200
    assert "AA1234567" in _text(response.content)


@pytest.mark.parametrize("status", [S.SUBMITTED, S.WAITLISTED, S.REJECTED, S.CANCELLED])
def test_visa_letter_only_once_approved(client, organiser_client, approved_with_visa, status):
    Registration.objects.filter(pk=approved_with_visa.pk).update(status=status)
    client.force_login(approved_with_visa.user)
    assert client.get(reverse("forum:visa_letter", kwargs={"slug": "atf-2027"})).status_code == 404
    url = reverse("forum_organiser:registration_visa_letter", kwargs={"slug": "atf-2027", "pk": approved_with_visa.pk})
    assert organiser_client.get(url).status_code == 404


def test_visa_letter_not_for_others(client, approved_with_visa):
    other = RegistrationFactory(edition=approved_with_visa.edition, status=S.APPROVED)  # no letter asked for
    client.force_login(other.user)
    assert client.get(reverse("forum:visa_letter", kwargs={"slug": "atf-2027"})).status_code == 404
    client.force_login(UserFactory())
    assert client.get(reverse("forum:visa_letter", kwargs={"slug": "atf-2027"})).status_code == 404
    url = reverse("forum_organiser:registration_visa_letter", kwargs={"slug": "atf-2027", "pk": approved_with_visa.pk})
    client.force_login(approved_with_visa.user)
    assert client.get(url).status_code == 404  # the delegate has no id-based URL
    client.force_login(OrganiserFactory(with_totp=False))
    assert client.get(url).status_code == 302
    client.logout()
    response = client.get(reverse("forum:visa_letter", kwargs={"slug": "atf-2027"}))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_visa_letter_is_in_the_delegates_language_whoever_downloads_it(organiser_client, approved_with_visa):
    url = f"/km/organiser/forum/atf-2027/registrations/{approved_with_visa.pk}/visa-letter.pdf"
    text = _text(organiser_client.get(url).content)
    assert "Visa invitation letter" in text and "ASEAN Technology Forum 2027" in text


def test_visa_passport_details_not_on_the_registrations_list(organiser_client, approved_with_visa):
    html = organiser_client.get("/en/organiser/forum/atf-2027/registrations/").content.decode()
    assert approved_with_visa.reference in html
    assert "AA1234567" not in html


# --- Changed passport details go back to the organisers ---------------------------------------------


def _edit(client, registration, **visa):
    data = {
        "category": registration.category,
        "organisation": registration.organisation_id,
        "position": registration.position,
        "country": str(registration.country),
        "agree_code_of_conduct": "on",
        "agree_privacy": "on",
        "needs_visa_letter": "on",
        "passport_name": "SOMCHAI WONGSAKUL",
        "nationality": "TH",
        "passport_number": "AA1234567",
        "passport_expiry": registration.visa_request.passport_expiry.isoformat(),
        **visa,
    }
    return client.post(reverse("forum:registration_edit", kwargs={"slug": "atf-2027"}), data)


def test_visa_change_after_approval_waits_for_the_organisers_review(client, approved_with_visa):
    letter = reverse("forum:visa_letter", kwargs={"slug": "atf-2027"})
    client.force_login(approved_with_visa.user)
    # Saving the registration without touching the passport keeps the letter.
    assert _edit(client, approved_with_visa).status_code == 302
    assert client.get(letter).status_code == 200

    response = _edit(client, approved_with_visa, passport_name="SOMEONE ELSE", passport_number="ZZ9999999")
    assert response.status_code == 302
    assert client.get(letter).status_code == 404
    page = client.get(reverse("forum:registration", kwargs={"slug": "atf-2027"})).content.decode()
    assert "Download your visa invitation letter" not in page
    assert "organisers check your new passport details" in page

    organiser = OrganiserFactory()
    client.force_login(organiser)
    detail = reverse("forum_organiser:registration", args=["atf-2027", approved_with_visa.pk])
    page = client.get(detail).content.decode()
    assert "after approval" in page and "SOMEONE ELSE" in page
    # The organiser can look at the letter before approving it.
    assert client.get(reverse("forum_organiser:registration_visa_letter", args=["atf-2027", approved_with_visa.pk]))
    response = client.post(reverse("forum_organiser:visa_review", args=["atf-2027", approved_with_visa.pk]))
    assert response.status_code == 302
    visa = approved_with_visa.visa_request.__class__.objects.get(registration=approved_with_visa)
    assert not visa.needs_review and visa.reviewed_by == organiser

    client.force_login(approved_with_visa.user)
    response = client.get(letter)
    assert response.status_code == 200
    assert "SOMEONE ELSE" in _text(response.content)


def test_visa_review_is_for_organisers_only(client, approved_with_visa):
    url = reverse("forum_organiser:visa_review", args=["atf-2027", approved_with_visa.pk])
    client.force_login(approved_with_visa.user)
    assert client.post(url).status_code == 404


def test_visa_letter_follows_the_delegates_language_whatever_the_page(client, approved_with_visa):
    """A Khmer delegate who downloads the letter from an English page gets it all in Khmer: letterhead, text and
    signature (the letterhead's host was read in the page's language, before the letter's language applied)."""
    user = approved_with_visa.user
    user.language = "km"
    user.save(update_fields=["language"])
    client.force_login(user)
    text = _text(client.get("/en/forum/atf-2027/registration/visa-letter.pdf").content)
    for english in ("Ministry of Posts", "Yours faithfully", "The forum organisers", "Visa invitation letter"):
        assert english not in text
    assert "SOMCHAI WONGSAKUL" in text and "AA1234567" in text
