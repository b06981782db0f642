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


def test_organiser_admin_edition_in_year_1_is_a_form_error(organiser_client):
    # Year 1 at midnight in Bangkok is year 0 in UTC: the admin's change form overflowed when it checked the row.
    edition = RegistrationFactory().edition
    data = {
        "slug": edition.slug,
        "title_en": "Kept title",
        "starts_on": "0001-01-01",
        "ends_on": "0001-01-02",
        "registration_opens_at_0": "0001-01-01",
        "registration_opens_at_1": "00:00",
        "registration_closes_at_0": "0001-01-01",
        "registration_closes_at_1": "01:00",
        "time_zone": "Asia/Bangkok",
        "mode": "review",
        "reference_prefix": "AB",
        "country": "KH",
        "city": "Bangkok",
        "venue": "Sokha Hotel",
    }
    response = organiser_client.post(reverse("admin:forum_forumedition_change", args=[edition.pk]), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    message = ["Give a date between the years 1900 and 2100."]
    assert {name: errors[name] for name in ("starts_on", "registration_opens_at")} == {
        "starts_on": message,
        "registration_opens_at": message,
    }
    edition.refresh_from_db()
    assert edition.title_en != "Kept title"


def test_organiser_admin_registration_hides_reach_copy(organiser_client):
    """The copy kept for reports (people.reach.ReachFields) is neither shown nor editable on the change form."""
    registration = RegistrationFactory()
    Registration.objects.filter(pk=registration.pk).update(reach_sex="female", reach_age_band="25_39")
    page = organiser_client.get(reverse("admin:forum_registration_change", args=[registration.pk])).content.decode()
    assert registration.reference in page
    for name in ("reach_sex", "reach_age_band", "reach_country", "reach_organisation_kind", "reach_recorded_at"):
        assert name not in page
    assert "for reports" not in page
