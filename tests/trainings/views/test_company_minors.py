"""A minor (a youth delegate) who is a member of a company is not shown to its focal point: not on the company
page (people, pending, enrolments, certificates), not in the enrol forms, not as a certificate download."""

import pytest
from django.urls import reverse

from people.minors import is_minor
from people.models import Membership
from tests.factories import (
    CertificateFactory,
    CohortFactory,
    EnrollmentFactory,
    MembershipFactory,
    RegistrationFactory,
    UserFactory,
)
from trainings import errors
from trainings.models import Enrollment
from trainings.services import enrolment

pytestmark = pytest.mark.django_db

MINOR_NAME = "Chea Dara"
MINOR_EMAIL = "dara.chea@example.org"


def _youth(user, **kwargs):
    RegistrationFactory(user=user, is_youth=True, category="youth", **kwargs)
    return user


@pytest.fixture
def minor(company):
    user = UserFactory(given_name="Chea", family_name="Dara", native_name="ជា ដារ៉ា", email=MINOR_EMAIL)
    MembershipFactory(organisation=company, user=user)
    return _youth(user, status="cancelled")  # a youth delegate once, whatever became of the registration


@pytest.fixture
def minor_enrollment(minor, company):
    return EnrollmentFactory(cohort=CohortFactory(code="COP-MINOR"), user=minor, organisation=company)


@pytest.fixture
def minor_certificate(minor, company):
    return CertificateFactory(
        recipient=minor, recipient_name_latin=MINOR_NAME, recipient_name_native="ជា ដារ៉ា", organisation=company
    )


def _company_page(client, company) -> str:
    response = client.get(reverse("trainings:company", args=[company.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_is_minor_is_any_youth_registration(minor, staff_member):
    assert is_minor(minor)
    assert not is_minor(staff_member)
    assert not is_minor(None)


def test_company_page_lists_no_minor_anywhere(
    focal_client, company, staff_member, minor, minor_enrollment, minor_certificate
):
    adult_certificate = CertificateFactory(
        recipient=staff_member, recipient_name_latin="Vannak Sok", organisation=company
    )
    EnrollmentFactory(cohort=minor_enrollment.cohort, user=staff_member, organisation=company)
    content = _company_page(focal_client, company)
    assert "Vannak Sok" in content.split('id="company-people"')[1]
    assert "Vannak Sok" in content.split('id="company-enrolments"')[1]
    assert adult_certificate.serial in content
    for secret in (MINOR_NAME, "Dara Chea", MINOR_EMAIL, "ជា ដារ៉ា", minor_certificate.serial, minor_certificate.code):
        assert secret not in content


def test_company_page_lists_no_pending_minor(focal_client, company):
    pending = _youth(UserFactory(given_name="Chea", family_name="Dara", email=MINOR_EMAIL))
    membership = MembershipFactory(organisation=company, user=pending, status=Membership.Status.PENDING)
    content = _company_page(focal_client, company)
    assert MINOR_EMAIL not in content and "Waiting for your confirmation" not in content
    confirm = reverse("trainings:company_membership_confirm", args=[company.pk, membership.pk])
    assert focal_client.post(confirm).status_code == 404
    membership.refresh_from_db()
    assert membership.status == Membership.Status.PENDING


def test_organiser_sees_no_minor_on_the_company_page_either(organiser_client, company, minor, minor_enrollment):
    # The company page is the company's view; organisers find minors in their own console.
    assert MINOR_EMAIL not in _company_page(organiser_client, company)


def test_focal_point_cannot_download_a_minors_certificate(focal_client, company, minor, minor_certificate):
    response = focal_client.get(reverse("certificates:pdf", args=[minor_certificate.code]))
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert MINOR_NAME not in response.text


def test_minor_and_organiser_still_download_the_minors_certificate(client, organiser, minor, minor_certificate):
    url = reverse("certificates:pdf", args=[minor_certificate.code])
    client.force_login(minor)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    client.force_login(organiser)
    assert client.get(url).status_code == 200


def test_focal_point_still_downloads_an_adults_certificate(focal_client, company, staff_member, minor):
    certificate = CertificateFactory(recipient=staff_member, organisation=company)
    response = focal_client.get(reverse("certificates:pdf", args=[certificate.code]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_enrol_member_form_offers_no_minor_and_refuses_one(focal_client, company, staff_member, minor, cohort):
    content = _company_page(focal_client, company)
    choices = content.split('id="enrol-member-form"')[1].split("</form>")[0]
    assert f'value="{staff_member.pk}"' in choices and f'value="{minor.pk}"' not in choices
    response = focal_client.post(
        reverse("trainings:company_enrol_member", args=[company.pk]),
        {"member-user": minor.pk, "member-cohort": cohort.pk},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert MINOR_EMAIL not in response.content.decode()
    assert not Enrollment.objects.filter(user=minor).exists()


def test_focal_point_cannot_withdraw_a_minor(focal_client, company, minor_enrollment):
    response = focal_client.post(reverse("trainings:company_withdraw", args=[company.pk, minor_enrollment.pk]))
    assert response.status_code == 404
    minor_enrollment.refresh_from_db()
    assert minor_enrollment.status == Enrollment.Status.ENROLLED


def test_enrol_service_refuses_a_minor(company, focal_point, minor, cohort):
    with pytest.raises(errors.NotAMember):
        enrolment.enrollment_enrol_member(cohort=cohort, organisation=company, user=minor, by=focal_point)
    assert not Enrollment.objects.filter(user=minor).exists()
