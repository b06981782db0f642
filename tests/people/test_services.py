import pytest

from people.models import Membership, Organisation
from people.services import membership_request, organisation_merge, profile_update
from tests.factories import (
    CertificateFactory,
    EnrollmentFactory,
    FocalPointFactory,
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
@pytest.mark.parametrize("count", [1, 10])
def test_organisation_list_query_count(organiser_client, django_assert_num_queries, count):
    """`count` organisations, each with a member and a focal point (both counted on the page)."""
    for organisation in OrganisationFactory.create_batch(count):
        MembershipFactory(organisation=organisation)
        FocalPointFactory(organisation=organisation)
    with django_assert_num_queries(9):
        response = organiser_client.get("/en/organiser/organisations/")
    assert response.text.count("(1 focal point)") == count
    assert organisation.name in response.text


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
@pytest.mark.parametrize("count", [1, 10])
def test_organisation_page_query_count(organiser_client, django_assert_num_queries, count):
    """An organisation with `count` members."""
    organisation = OrganisationFactory()
    memberships = MembershipFactory.create_batch(count, organisation=organisation)
    with django_assert_num_queries(8):
        response = organiser_client.get(f"/en/organiser/organisations/{organisation.pk}/")
    assert response.text.count('name="membership"') == count
    assert memberships[-1].user.email in response.text
