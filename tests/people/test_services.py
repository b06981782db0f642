import pytest

from people.models import Membership, Organisation
from people.services import membership_request, organisation_merge, profile_update
from tests.factories import (
    CertificateFactory,
    EnrollmentFactory,
    MembershipFactory,
    OrganisationFactory,
    RegistrationFactory,
    UserFactory,
)


@pytest.mark.django_db
def test_organisation_merge_moves_members_and_combines_duplicates():
    keep = OrganisationFactory(name="Mekong Mobile")
    duplicate = OrganisationFactory(name="Mekong Mobile Co.", is_verified=False)
    in_both = UserFactory()
    only_duplicate = UserFactory()
    MembershipFactory(user=in_both, organisation=keep, status=Membership.Status.PENDING)
    MembershipFactory(user=in_both, organisation=duplicate, is_focal_point=True)
    MembershipFactory(user=only_duplicate, organisation=duplicate, status=Membership.Status.PENDING)

    organisation_merge(duplicate=duplicate, keep=keep)

    assert not Organisation.objects.filter(pk=duplicate.pk).exists()
    merged = Membership.objects.get(user=in_both)
    assert merged.organisation == keep
    assert merged.is_focal_point
    assert merged.status == Membership.Status.CONFIRMED
    assert Membership.objects.get(user=only_duplicate).organisation == keep


@pytest.mark.django_db
def test_organisation_merge_moves_registrations_enrolments_and_certificates():
    # Found by tests/test_fuzz.py: the loop skipped every reverse relation (none is concrete), so a registration
    # (PROTECT) made the merge a 500 and enrolments and certificates (SET_NULL) lost their company.
    keep = OrganisationFactory(name="Mekong Mobile")
    duplicate = OrganisationFactory(name="Mekong Mobile Co.")
    registration = RegistrationFactory(organisation=duplicate)
    enrollment = EnrollmentFactory(organisation=duplicate)
    certificate = CertificateFactory(organisation=duplicate)

    organisation_merge(duplicate=duplicate, keep=keep)

    assert not Organisation.objects.filter(pk=duplicate.pk).exists()
    for row in (registration, enrollment, certificate):
        row.refresh_from_db()
        assert row.organisation_id == keep.pk, row


@pytest.mark.django_db
def test_organisation_merge_page_merges_for_organisers(organiser_client):
    keep = OrganisationFactory()
    duplicate = OrganisationFactory()
    response = organiser_client.post("/en/organiser/organisations/", {"duplicate": duplicate.pk, "keep": keep.pk})
    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=duplicate.pk).exists()


@pytest.mark.django_db
def test_organisation_merge_page_refuses_the_same_organisation_twice(organiser_client):
    keep = OrganisationFactory()
    response = organiser_client.post("/en/organiser/organisations/", {"duplicate": keep.pk, "keep": keep.pk})
    assert response.status_code == 200
    assert "Choose two different organisations." in response.content.decode()
    assert Organisation.objects.filter(pk=keep.pk).exists()


@pytest.mark.django_db
def test_organisation_list_has_the_same_query_count_for_one_and_ten(organiser_client, django_assert_num_queries):
    OrganisationFactory()
    organiser_client.get("/en/organiser/organisations/")  # warm the session and the MFA check
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        organiser_client.get("/en/organiser/organisations/")
    OrganisationFactory.create_batch(9)
    with django_assert_num_queries(len(one)):
        response = organiser_client.get("/en/organiser/organisations/")
    assert len(response.context["organisations"]) == 10


@pytest.mark.django_db
def test_profile_update_with_a_new_organisation_creates_an_unreviewed_entry_and_a_pending_membership():
    user = UserFactory(country="TH")
    profile_update(
        user=user,
        data={"given_name": "Somchai", "country": "TH"},
        new_organisation_name="  Siam   Stream ",
        new_organisation_kind=Organisation.Kind.TECH_COMPANY,
    )
    organisation = Organisation.objects.get()
    assert organisation.name == "Siam Stream"
    assert not organisation.is_verified
    membership = Membership.objects.get(user=user)
    assert membership.status == Membership.Status.PENDING


@pytest.mark.django_db
def test_membership_request_keeps_confirmed_memberships_and_replaces_pending_ones():
    user = UserFactory()
    confirmed = MembershipFactory(user=user)
    old_request = membership_request(user=user, organisation=OrganisationFactory())
    new_request = membership_request(user=user, organisation=OrganisationFactory())
    assert Membership.objects.filter(pk=confirmed.pk).exists()
    assert not Membership.objects.filter(pk=old_request.pk).exists()
    assert new_request.status == Membership.Status.PENDING


@pytest.mark.django_db
def test_database_refuses_a_sector_for_an_organisation_that_is_not_a_company():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Organisation.objects.create(name="X", kind="ngo", sector="telecom", country="KH")


@pytest.mark.django_db
def test_organiser_names_a_focal_point_which_confirms_the_membership(organiser_client):
    membership = MembershipFactory(status=Membership.Status.PENDING)
    url = f"/en/organiser/organisations/{membership.organisation.pk}/"
    response = organiser_client.post(url, {"action": "focal_point", "membership": membership.pk})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.is_focal_point
    assert membership.status == Membership.Status.CONFIRMED


@pytest.mark.django_db
def test_organisation_page_refuses_a_membership_of_another_organisation(organiser_client):
    other = MembershipFactory()
    organisation = OrganisationFactory()
    url = f"/en/organiser/organisations/{organisation.pk}/"
    response = organiser_client.post(url, {"action": "remove", "membership": other.pk})
    assert response.status_code == 404
    assert Membership.objects.filter(pk=other.pk).exists()


@pytest.mark.django_db
def test_organisation_page_has_the_same_query_count_for_one_and_ten_members(
    organiser_client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    organisation = OrganisationFactory()
    MembershipFactory(organisation=organisation)
    url = f"/en/organiser/organisations/{organisation.pk}/"
    organiser_client.get(url)
    with CaptureQueriesContext(connection) as one:
        organiser_client.get(url)
    MembershipFactory.create_batch(9, organisation=organisation)
    with django_assert_num_queries(len(one)):
        response = organiser_client.get(url)
    assert len(response.context["memberships"]) == 10
