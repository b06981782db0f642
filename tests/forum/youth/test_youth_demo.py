from io import StringIO

import pytest
from django.core.management import call_command

from forum.models import ConsentLink, GuardianConsent, Registration, YouthDetails
from forum.privacy import public_name
from forum.rules import youth_approval_blockers

pytestmark = pytest.mark.django_db


def test_youth_demo_has_consent_pending_and_given_and_is_idempotent(client):
    call_command("seed_demo", stdout=StringIO())
    pending = Registration.objects.get(user__email="forum.youth@example.org")
    given = Registration.objects.get(user__email="forum.youth.vn@example.org")
    assert (pending.status, pending.youth_details.participation) == ("submitted", "pending")
    assert [str(b) for b in youth_approval_blockers(registration=pending)] == [
        "The parent's or guardian's consent to participation is missing (waiting for the guardian)."
    ]
    assert (given.status, given.youth_details.participation, given.photo_consent) == ("approved", "given", True)
    assert given.youth_details.chaperone_registration.user.email == "forum.vn@example.org"
    assert public_name(given) == "Youth delegate, Vietnam"
    counts = (YouthDetails.objects.count(), GuardianConsent.objects.count(), ConsentLink.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (YouthDetails.objects.count(), GuardianConsent.objects.count(), ConsentLink.objects.count()) == counts
