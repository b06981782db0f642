"""Youth pages: the guardian's consent page, the delegate's own page and form, the organiser's registration page
(what is missing, paper form, resend, documents and their access log) and export. Who may open each of these URLs
(organisers only for a minor's data; the guardian's link for anyone who holds it) is in tests/test_permissions.py."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from forum.models import ConsentDocumentAccess, ConsentLink, GuardianConsent, YouthDetails
from forum.services.consent import CONSENT_TEXT_VERSION
from tests.factories import OrganiserFactory, UserFactory

from .helpers import S, guardian_token, submit_youth

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="signed.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def consent_post(**overrides):
    data = {
        "participation": "yes",
        "name_consent": "no",
        "photo_consent": "yes",
        "signed_name": "Chea Dara",
        "text_version": CONSENT_TEXT_VERSION,
    }
    data.update(overrides)
    return data


@pytest.fixture
def youth(auto_edition, commit):
    user = UserFactory(given_name="Sreyneang", family_name="Chea", language="km", email="sreyneang@example.org")
    with commit():
        return submit_youth(auto_edition, user=user)


# --- The guardian ------------------------------------------------------------------------------------


def test_consent_page_explains_and_records_the_answer(client, youth, commit):
    token = guardian_token()
    response = client.get(f"/km/forum/consent/{token}/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    content = response.content.decode()
    assert "Sreyneang Chea" in content and youth.reference in content
    assert CONSENT_TEXT_VERSION in content
    assert response.context["retention_days"] == 90
    assert '<meta name="robots" content="noindex">' in content
    assert 'data-testid="safeguarding-link"' in content  # "Report a concern about a child's safety"
    with commit():
        response = client.post(f"/km/forum/consent/{token}/", consent_post())
    assert response.status_code == 302 and response["Location"] == "/km/forum/consent/answered/"
    youth.refresh_from_db()
    assert youth.status == S.APPROVED  # auto mode, a chaperone is recorded and a seat was left
    details = YouthDetails.objects.get()
    assert (details.participation, details.name_consent, details.photo_consent) == ("given", False, True)
    # The used link now says so, without any data about the delegate.
    again = client.get(f"/km/forum/consent/{token}/")
    assert again.status_code == 410
    assert "Sreyneang" not in again.content.decode()


def test_consent_page_signature_is_required_and_input_kept(client, youth):
    token = guardian_token()
    response = client.post(f"/en/forum/consent/{token}/", consent_post(signed_name="  "))
    assert response.status_code == 200
    assert "This field is required." in response.content.decode() or "Type your full name" in response.content.decode()
    assert not GuardianConsent.objects.exists()
    assert ConsentLink.objects.get().used_at is None


def test_consent_page_unknown_token_404_expired_410(client, youth):
    assert client.get("/en/forum/consent/abc:def/").status_code == 404
    assert client.get("/en/forum/consent/" + "x" * 30 + ":1:abc/").status_code == 404
    token = guardian_token()
    link = ConsentLink.objects.get()
    ConsentLink.objects.update(
        created_at=link.created_at - datetime.timedelta(days=20),
        expires_at=link.created_at - datetime.timedelta(days=6),
    )
    response = client.get(f"/en/forum/consent/{token}/")
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert "Sreyneang" not in response.content.decode()
    assert client.post(f"/en/forum/consent/{token}/", consent_post()).status_code == 410


# --- The youth delegate ------------------------------------------------------------------------------


def test_delegate_page_shows_consent_state_but_not_the_guardians_details(client, youth):
    client.force_login(youth.user)
    content = client.get("/en/forum/atf-2027/registration/").content.decode()
    assert "waiting for your parent" in content
    assert "d•••@example.org" in content
    assert 'data-testid="safeguarding-link"' in content
    for secret in ("Chea Dara", "dara.guardian@example.org", "+855 12 345 678", "Sok Vanna", "date of birth:"):
        assert secret not in content
    # The form does not show what is on file either; empty fields keep it.
    edit = client.get("/en/forum/atf-2027/registration/edit/").content.decode()
    assert "dara.guardian@example.org" not in edit and "Chea Dara" not in edit and "Sok Vanna" not in edit
    assert "Kept as it is when left empty" in edit


def test_delegate_resends_the_link(client, youth, commit):
    client.force_login(youth.user)
    ConsentLink.objects.update(created_at=ConsentLink.objects.get().created_at - datetime.timedelta(minutes=2))
    old = guardian_token()
    with commit():
        response = client.post("/en/forum/atf-2027/registration/guardian-link/")
    assert response.status_code == 302
    assert guardian_token() != old
    assert ConsentLink.objects.count() == 2
    # Too soon after: a message, no new link.
    client.post("/en/forum/atf-2027/registration/guardian-link/")
    assert ConsentLink.objects.count() == 2


def test_register_form_youth_errors_next_to_the_fields(client, auto_edition):
    user = UserFactory(email="kid@example.org")
    client.force_login(user)
    from tests.factories import OrganisationFactory

    data = {
        "category": "youth",
        "organisation": OrganisationFactory().pk,
        "country": "KH",
        "is_youth": "on",
        "agree_code_of_conduct": "on",
        "agree_privacy": "on",
        "date_of_birth": auto_edition.starts_on.replace(year=auto_edition.starts_on.year - 14, day=1).isoformat(),
        "guardian_name": "Chea Dara",
        "guardian_relationship": "mother",
        "guardian_email": "KID@example.org",
        "guardian_phone": "012",
        "guardian_language": "km",
        "chaperone_name": "Sok Vanna",
    }
    response = client.post("/en/forum/atf-2027/register/", data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["chaperone_phone"] == ["Give the chaperone's name and phone."]
    data["chaperone_phone"] = "017"
    response = client.post("/en/forum/atf-2027/register/", data)
    form = response.context["form"]
    assert form.errors["guardian_email"] == ["Give your parent's or guardian's own e-mail address, not yours."]
    assert 'value="Chea Dara"' in response.content.decode()  # input kept
    data["guardian_email"] = "mum@example.org"
    data.pop("guardian_name")
    response = client.post("/en/forum/atf-2027/register/", data)
    assert response.context["form"].errors["guardian_name"] == ["Needed for a youth delegate."]


# --- Organisers --------------------------------------------------------------------------------------


def test_organiser_page_shows_what_is_missing_and_the_details(organiser_client, youth):
    response = organiser_client.get(f"/en/organiser/forum/atf-2027/registrations/{youth.pk}/")
    content = response.content.decode()
    missing = response.context["youth_blockers"]
    assert [str(b) for b in missing] == [
        "The parent's or guardian's consent to participation is missing (waiting for the guardian)."
    ]
    assert "Cannot be approved yet" in content
    for detail in ("Chea Dara", "dara.guardian@example.org", "+855 12 345 678", "Sok Vanna"):
        assert detail in content
    # Approving says why not.
    response = organiser_client.post(
        f"/en/organiser/forum/atf-2027/registrations/{youth.pk}/", {"action": "approve"}, follow=True
    )
    assert "consent to participation is missing" in response.content.decode()
    youth.refresh_from_db()
    assert youth.status == S.SUBMITTED


def test_organiser_records_a_paper_form_and_downloads_it_logged(organiser_client, organiser, youth):
    url = f"/en/organiser/forum/atf-2027/registrations/{youth.pk}/youth/paper-consent/"
    bad = SimpleUploadedFile("x.pdf", b"<script>", content_type="application/pdf")
    response = organiser_client.post(
        url,
        {"participation": "yes", "name_consent": "no", "photo_consent": "no", "signed_name": "Dara", "document": bad},
    )
    assert response.status_code == 400
    assert "Upload a PDF, JPEG or PNG file." in response.content.decode()
    assert not GuardianConsent.objects.exists()

    response = organiser_client.post(
        url,
        {
            "participation": "yes",
            "name_consent": "no",
            "photo_consent": "yes",
            "signed_name": "Dara",
            "document": pdf(),
        },
    )
    assert response.status_code == 302
    consent = GuardianConsent.objects.get()
    youth.refresh_from_db()
    assert youth.status == S.APPROVED  # auto mode, chaperone recorded, seat left
    assert (consent.method, consent.recorded_by) == ("paper", organiser)

    document = f"/en/organiser/forum/atf-2027/registrations/{youth.pk}/youth/consents/{consent.pk}/document/"
    response = organiser_client.get(document)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == PDF
    response = organiser_client.get(document + "?download=1")
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF
    accesses = list(ConsentDocumentAccess.objects.order_by("pk").values_list("user", "action"))
    assert accesses == [(organiser.pk, "viewed"), (organiser.pk, "downloaded")]
    page = organiser_client.get(f"/en/organiser/forum/atf-2027/registrations/{youth.pk}/").content.decode()
    assert "Downloaded" in page and "Opened" in page
    consent.document.storage.delete(consent.document.name)


def test_organiser_resends_the_link(organiser_client, youth, commit):
    old = guardian_token()
    with commit():
        response = organiser_client.post(f"/en/organiser/forum/atf-2027/registrations/{youth.pk}/youth/resend/")
    assert response.status_code == 302
    assert guardian_token() != old


@pytest.mark.parametrize("count", [1, 10])
def test_organiser_registration_page_query_count(organiser_client, youth, django_assert_num_queries, count):
    """A youth delegate's page with `count` paper consents, each recorded and opened by another organiser."""
    details = YouthDetails.objects.get()
    for n in range(1, count + 1):
        organiser = OrganiserFactory(given_name="Organiser", family_name=f"Number{n}")
        consent = GuardianConsent.objects.create(
            youth=details, method="paper", participation="given", text_version="1", recorded_by=organiser,
            signed_name=f"Guardian number {n}", document="forum/youth-consent/x.pdf", document_type="application/pdf",
        )  # fmt: skip
        ConsentDocumentAccess.objects.create(consent=consent, user=organiser, action="viewed")
    with django_assert_num_queries(14):
        response = organiser_client.get(f"/en/organiser/forum/atf-2027/registrations/{youth.pk}/")
    content = response.content.decode()
    assert f"Guardian number {count}<" in content
    assert content.split('data-testid="youth-accesses"')[1].count(f"Organiser Number{count} ·") == 1
    assert content.count("forum/youth-consent") == 0  # file names never shown


def test_organiser_export_has_no_guardian_data(organiser_client, youth):
    content = organiser_client.get("/en/organiser/forum/atf-2027/registrations/export.csv").content.decode()
    assert "dara.guardian@example.org" not in content
