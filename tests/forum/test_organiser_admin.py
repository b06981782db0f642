"""The forum's admin pages open for an organiser, with seat decisions read-only."""

import pytest
from django.urls import reverse

from forum.models import CountryQuota, ForumEdition, PolicyDocument, Registration, RegistrationEvent
from tests.factories import CountryQuotaFactory, RegistrationEventFactory, RegistrationFactory, VisaRequestFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [ForumEdition, PolicyDocument, CountryQuota, Registration, RegistrationEvent])
def test_organiser_admin_changelist_and_change_page_open(organiser_client, model):
    registration = RegistrationFactory(needs_visa_letter=True)
    VisaRequestFactory(registration=registration)
    CountryQuotaFactory(edition=registration.edition)
    RegistrationEventFactory(registration=registration)
    meta = model._meta
    response = organiser_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"), {"q": "a"})
    assert response.status_code == 200
    obj = model.objects.first()
    response = organiser_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk]))
    assert response.status_code == 200


def test_organiser_admin_registration_status_is_read_only(organiser_client):
    registration = RegistrationFactory()
    response = organiser_client.get(reverse("admin:forum_registration_change", args=[registration.pk]))
    assert 'name="status"' not in response.content.decode()
    assert registration.reference in response.content.decode()
