"""Whose an address is (privacy.selectors.addresses_of): the login and the addresses confirmed as the person's, never
one added and left unconfirmed. Anyone can add anyone's address on allauth's page; if it counted, the download would
show that person's nominations and e-mails, and an erasure would forget their nomination, their guest speaker row,
their e-mails and their certificate."""

import pytest
from allauth.account.models import EmailAddress
from django.test import TestCase
from django.urls import reverse

from certificates.models import Certificate
from documents.models import PrintJob, PrintJobItem
from people.models import SentEmail
from privacy.erasure import KEEP, REVOKE, person_erase
from privacy.selectors import person_addresses
from tests.factories import CertificateFactory, NominationFactory, SessionSpeakerFactory, UserFactory
from tests.factories.people import DEFAULT_PASSWORD

from .own_data_world import download, parsed

pytestmark = pytest.mark.django_db

VICTIM = "victoria.nominee@example.org"


@pytest.fixture
def victim():
    """What the site holds of someone by their address alone: a nomination, a guest speaker row, an e-mail note, a
    print job's delivery and a certificate issued to the address (a guest speaker's, no account)."""
    job = PrintJob.objects.create(kind="certificates.email", title_en="Certificates by e-mail", scope_key="vn")
    certificate = CertificateFactory(recipient=None, recipient_email=VICTIM, recipient_name_latin="Victoria Nominee")
    return {
        "nomination": NominationFactory(name="Victoria Nominee", email=VICTIM),
        "speaker": SessionSpeakerFactory(guest_name="Victoria Nominee", guest_email=VICTIM),
        "note": SentEmail.objects.create(address=VICTIM, subject="Your invitation to ATF"),
        "item": PrintJobItem.objects.create(job=job, item_id=certificate.pk, email=VICTIM),
        "certificate": certificate,
    }


@pytest.fixture
def attacker(client):
    """An account that added the victim's address on allauth's own page and never confirmed it."""
    user = UserFactory(password=DEFAULT_PASSWORD)
    client.force_login(user)
    response = client.post(reverse("account_email"), {"action_add": "", "email": VICTIM})
    assert response.status_code == 302
    assert EmailAddress.objects.filter(user=user, email__iexact=VICTIM, verified=False).exists()
    return user


def test_an_unconfirmed_address_is_not_the_person_s():
    user = UserFactory(email="Login@Example.org")
    EmailAddress.objects.create(user=user, email="Confirmed@Example.org", verified=True)
    EmailAddress.objects.create(user=user, email="typed.only@example.org", verified=False)
    assert person_addresses(user) == ["confirmed@example.org", "login@example.org"]


def test_the_download_shows_nothing_found_by_an_unconfirmed_address(client, victim, attacker):
    _response, files = download(client)
    assert parsed(files, "forum.json")["nominations_of_you"] == []
    assert parsed(files, "emails.json")["emails"] == []
    assert b"Victoria Nominee" not in b"".join(files.values())
    # The account's own list of addresses still says it has one, unconfirmed.
    assert VICTIM in {row["email"] for row in parsed(files, "profile.json")["email_addresses"]}


@pytest.mark.parametrize("choice", [KEEP, REVOKE])
def test_an_erasure_forgets_nothing_found_by_an_unconfirmed_address(victim, attacker, choice):
    with TestCase.captureOnCommitCallbacks(execute=True):
        person_erase(attacker, certificates=choice)
    nomination, speaker, item = victim["nomination"], victim["speaker"], victim["item"]
    nomination.refresh_from_db()
    speaker.refresh_from_db()
    item.refresh_from_db()
    assert (nomination.name, nomination.email, nomination.status) == ("Victoria Nominee", VICTIM, "invited")
    assert (speaker.guest_name, speaker.guest_email) == ("Victoria Nominee", VICTIM)
    assert item.email == VICTIM
    assert SentEmail.objects.filter(pk=victim["note"].pk).exists()
    certificate = Certificate.objects.get(pk=victim["certificate"].pk)
    assert certificate.is_valid and not certificate.withdrawn_by_holder
    assert (certificate.recipient_email, certificate.recipient_name_latin) == (VICTIM, "Victoria Nominee")


def test_a_certificate_to_a_confirmed_address_without_the_account_is_not_theirs():
    """Certificates are the person's by their account (`recipient`), never by an address they name."""
    user = UserFactory()
    theirs = CertificateFactory(recipient=user)
    guest = CertificateFactory(recipient=None, recipient_email=user.email, recipient_name_latin="A Guest Speaker")
    with TestCase.captureOnCommitCallbacks(execute=True):
        summary = person_erase(user, certificates=REVOKE)
    assert summary.certificates_revoked == 1
    assert Certificate.objects.get(pk=theirs.pk).withdrawn_by_holder
    guest.refresh_from_db()
    assert guest.is_valid and guest.recipient_name_latin == "A Guest Speaker"


def test_a_confirmed_second_address_counts():
    user = UserFactory()
    EmailAddress.objects.create(user=user, email="Work.Address@example.org", verified=True)
    nomination = NominationFactory(email="work.address@example.org", status="expired")
    speaker = SessionSpeakerFactory(guest_name="Guest", guest_email="WORK.ADDRESS@example.org")
    SentEmail.objects.create(address="work.address@example.org", subject="Hello")
    with TestCase.captureOnCommitCallbacks(execute=True):
        person_erase(user, certificates=KEEP)
    nomination.refresh_from_db()
    speaker.refresh_from_db()
    assert nomination.name == "" and nomination.email.endswith("@erased.invalid")
    assert (speaker.guest_name, speaker.guest_email) == ("—", "")
    assert not SentEmail.objects.filter(address="work.address@example.org").exists()
