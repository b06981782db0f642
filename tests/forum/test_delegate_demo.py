from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from forum.models import ForumEdition, Registration, RegistrationEvent

pytestmark = pytest.mark.django_db


def test_delegate_demo_seed_has_every_state_and_is_idempotent(client):
    call_command("seed_demo", stdout=StringIO())
    edition = ForumEdition.objects.get(slug="atf-2027")
    assert (edition.reference_prefix, edition.is_published, edition.mode) == ("ATF27", True, "review")
    assert edition.title_km
    assert edition.quotas.count() >= 5
    assert {p.kind for p in edition.policies.all()} == {"code_of_conduct", "privacy"}
    statuses = Counter(Registration.objects.filter(edition=edition).values_list("status", flat=True))
    assert set(statuses) == set(Registration.Status.values)
    delegate = Registration.objects.get(edition=edition, user__email="delegate@example.org")
    assert delegate.status == "approved"
    assert Registration.objects.filter(edition=edition, is_youth=True).exists()
    counts = (Registration.objects.count(), RegistrationEvent.objects.count())

    call_command("seed_demo", stdout=StringIO())
    assert (Registration.objects.count(), RegistrationEvent.objects.count()) == counts

    client.force_login(delegate.user)
    content = client.get("/en/forum/atf-2027/registration/").content.decode()
    assert delegate.reference in content and "Approved" in content
    assert "ATF27" in client.get("/km/forum/atf-2027/").content.decode()
