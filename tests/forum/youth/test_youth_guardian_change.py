"""A youth delegate cannot overturn their guardian's decision: once consent is recorded, a change of the guardian's
details by the delegate puts consent back to pending (the seat too) and tells the previous guardian; an address
that is the delegate's own mailbox (any +tag, any case) is refused; the edit form keeps what is on file when the
guardian fields are left empty; after consent the delegate can only send the guardian the link to change or
withdraw their answer, never a new "consent needed" request."""

import datetime

import pytest

from forum.models import ConsentLink, Participation, YouthDetails
from forum.privacy import public_name
from tests.factories import UserFactory

from .helpers import LINK, S, decide, guardian_token, submit_youth, youth_data

pytestmark = pytest.mark.django_db

EDIT = "/en/forum/atf-2027/registration/edit/"
RESEND = "/en/forum/atf-2027/registration/guardian-link/"


def edit_post(registration, **overrides):
    """The edit form as the delegate's browser posts it: guardian fields left empty keep what is on file."""
    data = {
        "category": "youth",
        "organisation": registration.organisation_id,
        "position": registration.position,
        "country": str(registration.country),
        "is_youth": "on",
        "agree_code_of_conduct": "on",
        "agree_privacy": "on",
        "guardian_language": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def consented(auto_edition, commit):
    """A youth delegate approved after the guardian consented to participation and to the name being shown."""
    user = UserFactory(given_name="Sreyneang", family_name="Chea", email="sreyneang@example.org", language="en")
    with commit():
        registration = submit_youth(auto_edition, user=user, youth=youth_data(auto_edition, guardian_language="en"))
    with commit():
        decide(guardian_token(), name=True, photos=True)
    registration.refresh_from_db()
    assert registration.status == S.APPROVED
    return registration


@pytest.mark.parametrize("address", ["Sreyneang+mum@example.org", "SREYNEANG@EXAMPLE.ORG", "sreyneang+x+y@Example.org"])
def test_guardian_email_in_the_delegates_own_mailbox_is_refused(client, consented, address):
    client.force_login(consented.user)
    response = client.post(EDIT, edit_post(consented, guardian_email=address))
    assert response.status_code == 200
    assert "not yours" in response.context["form"].errors["guardian_email"][0]
    details = YouthDetails.objects.get(registration=consented)
    assert details.guardian_email == "dara.guardian@example.org"
    assert details.participation == Participation.GIVEN


def test_guardian_change_after_consent_resets_consent_and_tells_the_previous_guardian(client, consented, commit):
    client.force_login(consented.user)
    with commit() as callbacks:
        response = client.post(EDIT, edit_post(consented, guardian_email="someone.else@example.net"))
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    assert callbacks
    details = YouthDetails.objects.get(registration=consented)
    consented.refresh_from_db()
    assert details.guardian_email == "someone.else@example.net"
    assert details.participation == Participation.PENDING
    assert (details.name_consent, details.photo_consent, consented.photo_consent) == (False, False, False)
    # No longer approved: the seat is free again, and the name is hidden once more.
    assert consented.status == S.SUBMITTED
    assert public_name(consented) == "Youth delegate, Cambodia"
    from django.core import mail

    previous = [m for m in mail.outbox if "dara.guardian@example.org" in m.to]
    assert "changed" in previous[-1].body.lower()
    # The new guardian is asked for consent; the link the previous guardian held no longer works.
    assert guardian_token("someone.else@example.net")
    assert not ConsentLink.objects.filter(youth=details, used_at__isnull=True, revoked_at__isnull=True).exclude(
        pk=ConsentLink.objects.filter(youth=details).order_by("-created_at", "-pk").first().pk
    )


def test_guardian_phone_change_after_consent_also_resets_consent(client, consented, commit):
    client.force_login(consented.user)
    with commit():
        client.post(EDIT, edit_post(consented, guardian_phone="+855 99 000 111"))
    assert YouthDetails.objects.get(registration=consented).participation == Participation.PENDING


def test_chaperone_added_through_edit_with_guardian_fields_left_empty(client, auto_edition, commit):
    user = UserFactory(email="kid@example.org")
    with commit():
        registration = submit_youth(
            auto_edition, user=user, youth=youth_data(auto_edition, chaperone_name="", chaperone_phone="")
        )
    client.force_login(user)
    response = client.post(EDIT, edit_post(registration, chaperone_name="Sok Vanna", chaperone_phone="+855 17 2"))
    assert response.status_code == 302, response.context["form"].errors
    details = YouthDetails.objects.get(registration=registration)
    assert details.chaperone_name == "Sok Vanna"
    assert details.guardian_email == "dara.guardian@example.org"
    assert details.participation == Participation.PENDING  # no guardian change: nothing reset, no new request


def test_chaperone_change_after_consent_keeps_consent(client, consented, commit):
    client.force_login(consented.user)
    with commit():
        response = client.post(EDIT, edit_post(consented, chaperone_name="Keo Sophal", chaperone_phone="+855 1"))
    assert response.status_code == 302
    assert YouthDetails.objects.get(registration=consented).participation == Participation.GIVEN
    consented.refresh_from_db()
    assert consented.status == S.APPROVED


def test_after_consent_the_delegate_sends_the_change_link_not_a_consent_request(client, consented, commit, outbox):
    client.force_login(consented.user)
    page = client.get("/en/forum/atf-2027/registration/").content.decode()
    assert "Send the link to my parent or guardian again" not in page
    assert "link to change or withdraw" in page
    ConsentLink.objects.update(created_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    outbox.clear()
    with commit():
        client.post(RESEND)
    [message] = [m for m in outbox if "dara.guardian@example.org" in m.to]
    assert "change these choices or to withdraw" in message.body
    assert "can take part only with your consent" not in message.body
    # The new link works for a change, and consent still stands until the guardian uses it.
    assert LINK.search(message.body)
    details = YouthDetails.objects.get(registration=consented)
    assert details.participation == Participation.GIVEN
    consented.refresh_from_db()
    assert consented.status == S.APPROVED
