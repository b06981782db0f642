"""The download of a person's own data (/accounts/data/): the page, the ZIP and what each of its files holds, in
the person's language; nobody else's data in it; a youth delegate's and an organiser's; the limit per account;
the number of queries, pinned at two sizes."""

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from people.emails import send_templated_email
from tests.factories import CertificateFactory, ForumEditionFactory, OrganiserFactory, UserFactory
from tests.forum.youth.helpers import record_paper, submit_youth
from tests.privacy.own_data_world import (
    FAKE_PDF,
    download,
    enrolment_with_everything,
    parsed,
    person,
    registration_with_everything,
    survey_answered,
    world,
)
from tests.translations import translated
from tests.uploads import PDF, pdf_upload

pytestmark = pytest.mark.django_db

JSON_FILES = [
    "profile.json",
    "forum.json",
    "trainings.json",
    "surveys.json",
    "certificates.json",
    "emails.json",
]


@pytest.fixture
def dara():
    return person(email="dara.sok@example.org", given_name="Dara", family_name="Sok", native_name="សុខ ដារា")


def test_the_page_says_what_the_download_holds(client, dara):
    client.force_login(dara)
    response = client.get(reverse("privacy:data"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Download my data" in page and 'method="post"' in page
    assert all(name in page for name in ["profile.json", "forum.json", "trainings.json", "certificates.json"])
    assert "not linked to accounts" in page


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for response in (client.get(reverse("privacy:data")), client.post(reverse("privacy:data"))):
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_download_holds_the_person_s_records(client, dara):
    registration = registration_with_everything(dara, 7)
    enrolment_with_everything(dara, late_counts=False)
    survey_answered(dara)
    valid = CertificateFactory(recipient=dara, serial="COP-2026-000777")
    revoked = CertificateFactory(
        recipient=dara, serial="COP-2026-000778", status=Certificate.Status.REVOKED, revoked_reason="Issued twice."
    )
    send_templated_email(
        template_prefix="forum/email/status_changed",
        to="SECOND.DARA.SOK@example.org",
        context={"delegate_name": "Dara", "reference": "ATF-1", "edition_title": "ATF", "status_label": "approved"},
        language="en",
    )
    client.force_login(dara)

    response, files = download(client)

    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="my-data-{timezone.localdate():%Y-%m-%d}.zip"'
    assert "no-store" in response["Cache-Control"]
    assert set(files) == {"README.txt", *JSON_FILES, "certificates/COP-2026-000777.pdf"}
    readme = files["README.txt"].decode()
    assert "dara.sok@example.org" in readme and "anonymous by design" in readme

    profile = parsed(files, "profile.json")
    assert profile["account"]["name_in_your_own_script"] == "សុខ ដារា"
    assert profile["account"]["language"] == {"code": "en", "label": "English"}
    assert profile["account"]["two_factor_authentication"] is False
    assert {address["email"] for address in profile["email_addresses"]} == {
        "dara.sok@example.org",
        "SECOND.DARA.SOK@EXAMPLE.ORG",
    }
    assert profile["memberships"][0]["status"] == {"code": "confirmed", "label": "Confirmed"}

    [delegate] = parsed(files, "forum.json")["registrations"]
    assert delegate["reference"] == registration.reference
    assert delegate["status"] == {"code": "approved", "label": "Approved"}
    assert delegate["visa_request"]["passport_number"] == "PN000007"
    assert [(step["from"], step["to"]["code"], step["reason"]) for step in delegate["history"]] == [
        (None, "submitted", ""),
        ({"code": "submitted", "label": "Submitted"}, "approved", "Seat left."),
    ]
    assert delegate["history"][0]["by_you"] is True
    assert delegate["check_ins"][0]["outcome"]["code"] == "admitted"
    assert delegate["attendance_overrides"][0]["reason"] == "Signed the paper list."
    assert delegate["speaker_roles"][0]["role"] == {"code": "moderator", "label": "Moderator"}
    assert len(delegate["agenda"]) == 1
    forum = parsed(files, "forum.json")
    assert forum["nominations_of_you"][0]["registration"] == registration.reference
    assert forum["nominator_roles"][0]["places"] == 3

    [enrolment] = parsed(files, "trainings.json")["enrolments"]
    # The course counts no late mark: present counts, late and absent do not (trainings.rules.attended_statuses).
    assert [(row["mark"]["code"], row["attended"]) for row in enrolment["attendance"]] == [
        ("present", True),
        ("late", False),
        ("absent", False),
    ]
    [attempt] = enrolment["test_attempts"]
    assert (attempt["score"], attempt["passed"], attempt["test"]["code"]) == (80, True, "post")
    assert attempt["questions"][0]["your_answer"] == ["Answer A"] and attempt["questions"][0]["right"] is True

    [response_] = parsed(files, "surveys.json")["responses"]
    assert response_["answers"][0]["rating"] == 4

    certificates = {row["serial"]: row for row in parsed(files, "certificates.json")["certificates"]}
    assert certificates[valid.serial]["pdf"] == "certificates/COP-2026-000777.pdf"
    assert certificates[revoked.serial]["pdf"] is None
    assert certificates[revoked.serial]["status"] == {"code": "revoked", "label": "Revoked"}
    assert files["certificates/COP-2026-000777.pdf"].startswith(b"%PDF")

    [sent] = parsed(files, "emails.json")["emails"]
    assert sent["to"] == "second.dara.sok@example.org" and sent["subject"].startswith("ATF-1: your registration")


def test_someone_else_s_data_never_appears(client, dara):
    other = person(email="kanha.other@example.org", given_name="Kanha", family_name="Vireak")
    world(other, 2)
    registration = registration_with_everything(dara, 50)
    send_templated_email(
        template_prefix="forum/email/status_changed",
        to=other.email,
        context={"delegate_name": "Kanha", "reference": "OTHER-9", "edition_title": "X", "status_label": "approved"},
        language="en",
    )
    client.force_login(dara)

    _response, files = download(client)

    everything = b"\n".join([name.encode() for name in files] + list(files.values()))
    assert registration.reference.encode() in everything
    for theirs in ("kanha.other", "KANHA.OTHER", "Kanha", "Vireak", "PN000000", "PN000001", "OTHER-9", "Chea Dara"):
        assert theirs.encode() not in everything, theirs
    assert parsed(files, "certificates.json") == {"certificates": []}
    assert parsed(files, "trainings.json")["enrolments"] == []


def test_a_khmer_reader_gets_khmer_readme_and_labels(client):
    reader = person(language="km")
    registration_with_everything(reader, 1)
    enrolment_with_everything(reader)
    client.force_login(reader)

    with translated("km", {"Your data on %(site)s": "ទិន្នន័យរបស់អ្នកនៅលើ %(site)s"}):
        _response, files = download(client)

    assert files["README.txt"].decode().startswith("ទិន្នន័យរបស់អ្នកនៅលើ ")
    [delegate] = parsed(files, "forum.json")["registrations"]
    assert delegate["status"] == {"code": "approved", "label": "បានអនុម័ត"}
    marks = [row["mark"]["label"] for row in parsed(files, "trainings.json")["enrolments"][0]["attendance"]]
    assert marks[:2] == ["មានវត្តមាន", "មកយឺត"]
    assert parsed(files, "trainings.json")["enrolments"][0]["course"].startswith("ការការពារកុមារ")


@pytest.fixture
def signed_form():
    """A youth registration's signed consent form in private storage, deleted afterwards."""
    made = []
    yield made
    for consent in made:
        consent.document.delete(save=False)


def test_a_youth_delegate_gets_their_guardian_s_decisions_and_the_signed_form(client, signed_form):
    edition = ForumEditionFactory(reference_prefix="ATFY")
    youth = UserFactory(language="en", email="young.one@example.org")
    registration = submit_youth(edition, user=youth)
    consent = record_paper(registration, by=OrganiserFactory(), document=pdf_upload("signed.pdf"))
    signed_form.append(consent)
    client.force_login(youth)

    _response, files = download(client)

    name = f"consent/{registration.reference}-consent-{consent.pk}.pdf"
    assert files[name] == PDF
    [delegate] = parsed(files, "forum.json")["registrations"]
    details = delegate["youth_details"]
    assert details["guardian"]["name"] == "Chea Dara" and details["chaperone"]["name"] == "Sok Vanna"
    assert details["participation"]["code"] == "given"
    [decision] = details["guardian_decisions"]
    assert decision["how"]["code"] == "paper" and decision["signed_form"] == name


def test_an_organiser_downloads_theirs_with_two_factor_said(client):
    organiser = OrganiserFactory()
    client.force_login(organiser)
    _response, files = download(client)
    account = parsed(files, "profile.json")["account"]
    assert account["two_factor_authentication"] is True and account["organiser"] is True
    assert "secret" not in files["profile.json"].decode()


def test_the_download_is_limited_per_account(client, dara):
    client.force_login(dara)
    for _ in range(5):
        assert download(client)[0].status_code == 200
    refused = client.post(reverse("privacy:data"))
    assert refused.status_code == 429 and refused["Retry-After"] == "3600"
    assert "downloaded your data several times" in refused.content.decode()
    assert "Download my data" in refused.content.decode()
    client.force_login(UserFactory())
    assert download(client)[0].status_code == 200


@pytest.mark.parametrize("count", [1, 5])
def test_the_download_asks_the_same_number_of_queries_whatever_the_records(
    client, dara, django_assert_num_queries, count
):
    world(dara, count)
    client.force_login(dara)
    with django_assert_num_queries(26):
        _response, files = download(client)
    assert len(parsed(files, "forum.json")["registrations"]) == count
    assert len(parsed(files, "trainings.json")["enrolments"]) == count
    assert sum(name.startswith("certificates/") for name in files) == count
    assert all(content == FAKE_PDF for name, content in files.items() if name.startswith("certificates/"))
    assert len(parsed(files, "emails.json")["emails"]) == count


def test_the_profile_page_links_to_the_download_and_the_erasure(client, dara):
    client.force_login(dara)
    page = client.get(reverse("profile")).content.decode()
    assert "Your data" in page
    assert f'href="{reverse("privacy:data")}"' in page and f'href="{reverse("privacy:erase")}"' in page
