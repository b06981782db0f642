"""Organiser power needs two-factor authentication everywhere, not only in the organiser console: an organiser who
has not set up an authenticator gets, on every page where organisers may do or see more, exactly what a plain
delegate with no tie to the object gets, and changes nothing."""

import pytest
from django.urls import reverse

from certificates.models import Certificate
from people.permissions import has_organiser_role, is_organiser
from tests.factories import (
    CertificateFactory,
    CohortFactory,
    EnrollmentFactory,
    ForumEditionFactory,
    MembershipFactory,
    OrganisationFactory,
    OrganiserFactory,
    TrainingSessionFactory,
    UserFactory,
)
from trainings.models import Enrollment

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    company = OrganisationFactory(name="Mekong Mobile")
    cohort = CohortFactory()
    session = TrainingSessionFactory(cohort=cohort)
    member = MembershipFactory(organisation=company).user
    enrollment = EnrollmentFactory(cohort=cohort, user=member, organisation=company)
    certificate = CertificateFactory(recipient=member, organisation=company)
    draft = ForumEditionFactory(slug="atf-draft", is_published=False)
    return {
        "company": company,
        "cohort": cohort,
        "session": session,
        "enrollment": enrollment,
        "certificate": certificate,
        "draft": draft,
    }


def pages(w):
    company, enrollment = w["company"].pk, w["enrollment"].pk
    return [
        ("get", reverse("certificates:pdf", args=[w["certificate"].code])),
        ("get", reverse("trainings:company", args=[company])),
        ("post", reverse("trainings:company_withdraw", args=[company, enrollment])),
        ("get", reverse("trainings:attendance", args=[w["session"].pk])),
        ("get", reverse("trainings:attendance_sheet", args=[w["session"].pk])),
        ("get", reverse("trainings:attendance_csv", args=[w["cohort"].pk])),
        ("get", f"/en/forum/{w['draft'].slug}/"),
        ("get", f"/en/forum/{w['draft'].slug}/programme/"),
    ]


def test_organiser_without_authenticator_has_the_role_but_no_power():
    without = OrganiserFactory(with_totp=False)
    assert has_organiser_role(without) and not is_organiser(without)
    assert not without.has_perm("forum.change_registration")
    assert is_organiser(OrganiserFactory())


def test_organiser_without_authenticator_sees_what_a_plain_delegate_sees(client, world):
    plain, without = UserFactory(), OrganiserFactory(with_totp=False)
    for method, url in pages(world):
        client.force_login(plain)
        expected = getattr(client, method)(url).status_code
        client.force_login(without)
        assert getattr(client, method)(url).status_code == expected == 404, url
    assert Enrollment.objects.get(pk=world["enrollment"].pk).status == Enrollment.Status.ENROLLED
    assert Certificate.objects.get(pk=world["certificate"].pk).status == Certificate.Status.VALID


def test_organiser_with_authenticator_keeps_those_powers(client, world):
    client.force_login(OrganiserFactory())
    for method, url in pages(world):
        if method == "get":
            assert getattr(client, method)(url).status_code == 200, url
