"""An erasure and the forum around the person: their open invitation is withdrawn (its place goes to the waiting
list, its link stops working, nobody is e-mailed); what a youth delegate's registration says of them as its guardian
or chaperone stays with that registration; an erased account registers nothing."""

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from forum.errors import ForumError
from forum.models import Nomination, Participation, Registration, YouthDetails
from forum.services.nominations import places_used
from privacy.erasure import KEEP, person_erase
from tests.factories import ForumEditionFactory, NominationFactory, RegistrationFactory, UserFactory
from tests.forum.helpers import submit_adult
from tests.forum.nomination_helpers import nominations_edition, nominator_of

pytestmark = pytest.mark.django_db


def _erase(user):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return person_erase(user, certificates=KEEP)


def test_an_open_invitation_is_withdrawn_and_its_place_goes_to_the_waiting_list(client, outbox):
    edition = nominations_edition(quota=2, approved=1)
    nominator = nominator_of(edition, places=1)
    me = UserFactory(email="invited.me@example.org")
    nomination = NominationFactory(nominator=nominator, email=me.email, name="Invited Me", is_head=True)
    first = submit_adult(edition, country="VN")
    assert first.status == Registration.Status.WAITLISTED and places_used(nominator) == 1
    mail.outbox.clear()

    _erase(me)

    nomination.refresh_from_db()
    first.refresh_from_db()
    assert (nomination.status, nomination.token_hash, nomination.is_head) == (Nomination.Status.WITHDRAWN, "", False)
    assert nomination.name == "" and nomination.email.endswith("@erased.invalid")
    assert first.status == Registration.Status.APPROVED and places_used(nominator) == 0
    assert [message.to for message in mail.outbox] == [[first.user.email]]  # the erased person hears nothing
    # The link stops working (404 as for any link that no longer stands).
    assert client.get(f"/en/forum/{edition.slug}/invitation/{nomination.token}/").status_code == 404


def test_what_a_youth_delegate_s_registration_says_of_its_guardian_or_chaperone_stays():
    me = UserFactory(email="pat.guardian@example.org", given_name="Patience", family_name="Oakhurst")
    edition = ForumEditionFactory()
    youth = RegistrationFactory(edition=edition, is_youth=True, status=Registration.Status.APPROVED)
    details = YouthDetails.objects.create(
        registration=youth,
        date_of_birth=edition.starts_on.replace(year=edition.starts_on.year - 14),
        guardian_name="Patience Oakhurst",
        guardian_email=me.email,
        guardian_relationship="mother",
        chaperone_name="Patience Oakhurst",
        chaperone_email=me.email,
        participation=Participation.GIVEN,
        consent_given_at=timezone.now(),
    )

    _erase(me)

    details.refresh_from_db()
    youth.refresh_from_db()
    assert (details.guardian_name, details.guardian_email) == ("Patience Oakhurst", me.email)
    assert (details.chaperone_name, details.chaperone_email) == ("Patience Oakhurst", me.email)
    assert details.purged_at is None and youth.status == Registration.Status.APPROVED


def test_an_erased_account_registers_nothing():
    me = UserFactory()
    _erase(me)
    edition = ForumEditionFactory()
    with pytest.raises(ForumError) as refusal:
        submit_adult(edition, user=me)  # the account as a request that began before the erasure still holds it
    assert str(refusal.value.message) == "This account is closed or erased: it cannot register."
    assert not Registration.objects.filter(user=me).exists()
