"""The focal point's company page (trainings.views.company): people, enrolments, confirmations, withdrawals."""

import re

import pytest
from django.urls import reverse

from certificates.models import Certificate
from people.models import Membership, User
from tests.factories import (
    AttendanceRecordFactory,
    CertificateTemplateVersionFactory,
    CohortFactory,
    EnrollmentFactory,
    FocalPointFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from trainings.models import Enrollment
from trainings.services import completion, enrolment

pytestmark = pytest.mark.django_db


def _company_url(company):
    return reverse("trainings:company", args=[company.pk])


def test_company_page_shows_people_and_enrolments_not_pending_or_others(focal_client, company, staff_member):
    cohort = CohortFactory(code="COP-CO")
    EnrollmentFactory(cohort=cohort, user=staff_member, organisation=company)
    pending = UserFactory(given_name="Pending", family_name="Person")
    enrolment.enrollment_self_enrol(cohort=cohort, user=pending, organisation=company)
    outsider = MembershipFactory(user=UserFactory(given_name="Other", family_name="Outsider")).user
    EnrollmentFactory(cohort=cohort, user=outsider)
    content = focal_client.get(_company_url(company)).content.decode()
    enrolments_table = content.split('id="company-enrolments"')[1].split("</table>")[0]
    assert "Vannak Sok" in enrolments_table
    assert "Pending Person" not in enrolments_table
    assert "Waiting for your confirmation" in content and "Pending Person" in content
    assert "Outsider" not in content


def test_company_confirm_membership_shows_person(focal_client, company):
    cohort = CohortFactory()
    pending = UserFactory(given_name="Pending", family_name="Person")
    enrolment.enrollment_self_enrol(cohort=cohort, user=pending, organisation=company)
    membership = Membership.objects.get(user=pending)
    focal_client.post(reverse("trainings:company_membership_confirm", args=[company.pk, membership.pk]))
    membership.refresh_from_db()
    assert membership.status == Membership.Status.CONFIRMED
    content = focal_client.get(_company_url(company)).content.decode()
    assert "Pending Person" in content.split('id="company-enrolments"')[1]


def test_company_enrol_member(focal_client, company, staff_member, cohort):
    response = focal_client.post(
        reverse("trainings:company_enrol_member", args=[company.pk]),
        {"member-user": staff_member.pk, "member-cohort": cohort.pk},
    )
    assert response.status_code == 302
    assert Enrollment.objects.get(user=staff_member).cohort == cohort


def test_company_enrol_member_twice_shows_message(focal_client, company, staff_member, cohort):
    EnrollmentFactory(cohort=cohort, user=staff_member, organisation=company)
    response = focal_client.post(
        reverse("trainings:company_enrol_member", args=[company.pk]),
        {"member-user": staff_member.pk, "member-cohort": cohort.pk},
    )
    assert response.status_code == 200
    assert "already enrolled" in response.content.decode()


def test_company_enrol_member_of_other_company_is_not_a_choice(focal_client, company, cohort):
    outsider = MembershipFactory().user
    response = focal_client.post(
        reverse("trainings:company_enrol_member", args=[company.pk]),
        {"member-user": outsider.pk, "member-cohort": cohort.pk},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Enrollment.objects.exists()


def test_company_enrol_new_person_into_full_cohort_shows_message(focal_client, company):
    cohort = CohortFactory(capacity=1)
    EnrollmentFactory(cohort=cohort)
    response = focal_client.post(
        reverse("trainings:company_enrol_new", args=[company.pk]),
        {
            "new-given_name": "New",
            "new-family_name": "P",
            "new-email": "new@example.org",
            "new-language": "km",
            "new-cohort": cohort.pk,
        },
    )
    assert response.status_code == 200
    assert "This cohort is full" in response.content.decode()
    assert not User.objects.filter(email="new@example.org").exists()


def test_company_withdraw(focal_client, company, staff_member, cohort):
    enrollment = EnrollmentFactory(cohort=cohort, user=staff_member, organisation=company)
    focal_client.post(reverse("trainings:company_withdraw", args=[company.pk, enrollment.pk]))
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.WITHDRAWN


def test_my_company_redirects_to_the_company(focal_client, company):
    response = focal_client.get(reverse("trainings:my_company"))
    assert response.status_code == 302
    assert response.url == _company_url(company)


@pytest.mark.parametrize("count", [1, 10])
def test_company_page_query_count(focal_client, company, past_cohort, django_assert_num_queries, count):
    """`count` people: each enrolled in a decided cohort with their attendance, and their completion certificate."""
    CertificateTemplateVersionFactory(template__kind=Certificate.Kind.TRAINING_COMPLETION)
    for _ in range(count):
        enrollment = EnrollmentFactory(
            cohort=past_cohort, user=MembershipFactory(organisation=company).user, organisation=company
        )
        for session in past_cohort.sessions.all():
            AttendanceRecordFactory(session=session, enrollment=enrollment)
    assert len(completion.cohort_decide_completion(cohort=past_cohort)) == count
    with django_assert_num_queries(19):  # 15, and the 4 queries of the figures (selectors.figures)
        response = focal_client.get(_company_url(company))
    assert response.text.split('id="company-enrolments"')[1].count(">3 of 3</td>") == count
    assert response.text.split('id="company-certificates"')[1].count("PDF<span") == count


@pytest.mark.parametrize("count", [1, 10])
def test_company_page_pending_query_count(focal_client, company, focal_point, django_assert_num_queries, count):
    """`count` memberships waiting for confirmation, and `count` other companies the focal point looks after."""
    pending = MembershipFactory.create_batch(count, organisation=company, status=Membership.Status.PENDING)
    others = [FocalPointFactory(user=focal_point).organisation for _ in range(count)]
    with django_assert_num_queries(19):  # 15, and the 4 queries of the figures (selectors.figures)
        response = focal_client.get(_company_url(company))
    assert response.text.count(">Confirm ") == count
    assert pending[-1].user.email in response.text
    assert f">{others[-1].name}</a>" in response.text


def test_invitation_end_to_end(client, focal_client, company, cohort, outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        focal_client.post(
            reverse("trainings:company_enrol_new", args=[company.pk]),
            {
                "new-given_name": "Sophea",
                "new-family_name": "Lim",
                "new-email": "sophea@example.org",
                "new-language": "en",
                "new-cohort": cohort.pk,
            },
        )
    link = re.search(r"https://forum\.example\.org(/en/trainings/invitation/[^/\s]+/)", outbox[0].body).group(1)
    client.logout()
    page = client.get(link)
    assert "Choose a password" in page.content.decode()
    response = client.post(link, {"new_password1": "Mekong-river-2027", "new_password2": "Mekong-river-2027"})
    assert response.status_code == 302
    user = User.objects.get(email="sophea@example.org")
    assert user.check_password("Mekong-river-2027")
    assert user.emailaddress_set.get().verified
    assert client.get(reverse("trainings:catalogue")).context["user"] == user
    assert client.get(link).status_code == 404  # used once


def test_company_urls_never_reach_another_companys_rows(focal_client, company, cohort):
    other = OrganisationFactory(name="Angkor Net")
    their_enrollment = EnrollmentFactory(
        cohort=cohort, organisation=other, user=MembershipFactory(organisation=other).user
    )
    their_pending = MembershipFactory(organisation=other, status=Membership.Status.PENDING)
    withdraw = reverse("trainings:company_withdraw", args=[company.pk, their_enrollment.pk])
    confirm = reverse("trainings:company_membership_confirm", args=[company.pk, their_pending.pk])
    assert focal_client.post(withdraw).status_code == 404
    assert focal_client.post(confirm).status_code == 404
    assert focal_client.get(reverse("trainings:company", args=[other.pk])).status_code == 404
    their_enrollment.refresh_from_db()
    their_pending.refresh_from_db()
    assert their_enrollment.status == Enrollment.Status.ENROLLED
    assert their_pending.status == Membership.Status.PENDING


def test_company_withdraw_of_unconfirmed_person_is_404(focal_client, company, cohort):
    pending_person = UserFactory()
    enrollment = enrolment.enrollment_self_enrol(cohort=cohort, user=pending_person, organisation=company)
    response = focal_client.post(reverse("trainings:company_withdraw", args=[company.pk, enrollment.pk]))
    assert response.status_code == 404
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ENROLLED
