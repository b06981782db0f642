"""Training-completion certificates: auto-issue on completion, the organiser's cohort page, the company page."""

import logging
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from tests.factories import CertificateFactory, EnrollmentFactory, FocalPointFactory, OrganisationFactory, UserFactory
from trainings.models import AttendanceRecord, Enrollment
from trainings.services import completion, enrolment

pytestmark = pytest.mark.django_db
P = AttendanceRecord.Status.PRESENT


def _completing(cohort, **kwargs):
    return EnrollmentFactory(cohort=cohort, attended=[P, P, P], **kwargs)


def _failing(cohort, **kwargs):
    return EnrollmentFactory(cohort=cohort, attended=[P, None, None], **kwargs)


# --- Auto-issue when completion is decided ------------------------------------------------------------------


def test_cohort_decision_issues_certificates_for_newly_completed(
    past_cohort, training_template, django_capture_on_commit_callbacks, outbox
):
    participant = UserFactory(given_name="Dara", family_name="Chan", native_name="ចាន់ ដារា", language="km")
    done = _completing(past_cohort, user=participant)
    failed = _failing(past_cohort)

    with django_capture_on_commit_callbacks(execute=True):
        newly = completion.cohort_decide_completion(cohort=past_cohort)

    assert [e.pk for e in newly] == [done.pk]
    certificate = Certificate.objects.get(source_key=f"enrollment:{done.pk}")
    course = past_cohort.course
    assert certificate.kind == Certificate.Kind.TRAINING_COMPLETION
    assert certificate.recipient == participant
    assert certificate.recipient_name_latin == "Dara Chan"
    assert certificate.recipient_name_native == "ចាន់ ដារា"
    assert certificate.language == "km"
    assert certificate.organisation == done.organisation
    assert (certificate.subject_en, certificate.subject_km) == (course.title_en, course.title_km)
    assert (certificate.starts_on, certificate.ends_on) == (past_cohort.starts_on, past_cohort.ends_on)
    assert certificate.hours == Decimal("12")
    assert certificate.guideline_version == course.guideline_version
    assert certificate.issued_by is None
    assert not Certificate.objects.filter(source_key=f"enrollment:{failed.pk}").exists()
    assert [message.to for message in outbox] == [[participant.email]]


def test_deciding_again_issues_no_second_certificate(past_cohort, training_template):
    done = _completing(past_cohort)
    completion.cohort_decide_completion(cohort=past_cohort)
    completion.cohort_decide_completion(cohort=past_cohort, force=True)
    completion.enrollment_decide_completion(enrollment=done)
    assert Certificate.objects.filter(source_key=f"enrollment:{done.pk}").count() == 1


def test_redecision_that_completes_an_enrolment_issues_its_certificate(past_cohort, training_template):
    late_mark = _failing(past_cohort)
    completion.cohort_decide_completion(cohort=past_cohort)
    assert not Certificate.objects.exists()
    for session in past_cohort.sessions.all():
        AttendanceRecord.objects.update_or_create(session=session, enrollment=late_mark, defaults={"status": P})
    newly = completion.cohort_decide_completion(cohort=past_cohort, force=True)
    assert [e.pk for e in newly] == [late_mark.pk]
    assert Certificate.objects.filter(source_key=f"enrollment:{late_mark.pk}", status="valid").count() == 1


def test_single_enrolment_decision_issues_its_certificate(past_cohort, training_template):
    done = _completing(past_cohort)
    completion.enrollment_decide_completion(enrollment=done)
    assert Certificate.objects.filter(source_key=f"enrollment:{done.pk}").count() == 1


def test_without_template_completion_still_decided_and_logged(past_cohort, caplog):
    done = _completing(past_cohort)
    with caplog.at_level(logging.WARNING, logger="trainings.services.certificates"):
        newly = completion.cohort_decide_completion(cohort=past_cohort)
    assert [e.pk for e in newly] == [done.pk]
    done.refresh_from_db()
    assert done.status == Enrollment.Status.COMPLETED
    assert not Certificate.objects.exists()
    assert "No training-completion certificate template" in caplog.text


def test_without_template_organiser_cohort_pages_warn(organiser_client, past_cohort):
    _completing(past_cohort)
    for name in ("trainings_organiser:cohort", "trainings_organiser:cohort_certificates"):
        content = organiser_client.get(reverse(name, args=[past_cohort.pk])).content.decode()
        assert "There is no training-completion certificate template yet" in content


# --- The organiser's cohort certificates page ---------------------------------------------------------------


def _url(cohort):
    return reverse("trainings_organiser:cohort_certificates", args=[cohort.pk])


def test_cohort_page_links_to_certificates_page(organiser_client, past_cohort, training_template):
    content = organiser_client.get(reverse("trainings_organiser:cohort", args=[past_cohort.pk])).content.decode()
    assert _url(past_cohort) in content
    assert "There is no training-completion certificate template yet" not in content


def test_organiser_issues_for_selected_enrolments_even_not_completed(
    organiser_client, organiser, past_cohort, training_template
):
    chosen = EnrollmentFactory(cohort=past_cohort)  # still "enrolled": the organiser decides
    failed = EnrollmentFactory(cohort=past_cohort, status=Enrollment.Status.NOT_COMPLETED, decided_at=timezone.now())
    left_out = EnrollmentFactory(cohort=past_cohort)

    response = organiser_client.post(_url(past_cohort), {"enrollments": [chosen.pk, failed.pk]})

    assert response.status_code == 302
    issued = Certificate.objects.filter(source_key__in=[f"enrollment:{chosen.pk}", f"enrollment:{failed.pk}"])
    assert issued.count() == 2
    assert {c.issued_by for c in issued} == {organiser}
    assert not Certificate.objects.filter(source_key=f"enrollment:{left_out.pk}").exists()

    # Again: nothing new, the page says they were already issued.
    response = organiser_client.post(_url(past_cohort), {"enrollments": [chosen.pk]}, follow=True)
    assert Certificate.objects.count() == 2
    assert "Certificates issued: 0. Already issued before: 1." in response.content.decode()


def test_organiser_page_shows_serial_status_and_detail_link(organiser_client, past_cohort, training_template):
    enrollment = EnrollmentFactory(cohort=past_cohort, status=Enrollment.Status.COMPLETED, decided_at=timezone.now())
    certificate = CertificateFactory(source_key=f"enrollment:{enrollment.pk}", recipient=enrollment.user)
    content = organiser_client.get(_url(past_cohort)).content.decode()
    assert certificate.serial in content
    assert reverse("certificates_organiser:detail", args=[certificate.pk]) in content
    assert "Valid" in content


def test_organiser_page_flags_a_valid_certificate_whose_completion_was_undone(
    organiser_client, past_cohort, training_template
):
    done = _completing(past_cohort)
    completion.cohort_decide_completion(cohort=past_cohort)
    assert Certificate.objects.filter(source_key=f"enrollment:{done.pk}").exists()
    flag = 'data-testid="valid-not-completed"'
    assert flag not in organiser_client.get(_url(past_cohort)).content.decode()
    # The organiser withdraws the completed person: the certificate stands until they revoke it, and the page says so.
    enrolment.enrollment_withdraw(enrollment=done, by=None, allow_decided=True)
    content = organiser_client.get(_url(past_cohort)).content.decode()
    assert content.count(flag) == 1
    assert "revoke it if it should not stand" in content


def test_organiser_issue_refuses_withdrawn_and_foreign_enrolments(organiser_client, past_cohort, training_template):
    withdrawn = EnrollmentFactory(cohort=past_cohort, status="withdrawn", withdrawn_at=timezone.now())
    elsewhere = EnrollmentFactory()
    for pk in (withdrawn.pk, elsewhere.pk, "not-a-number", "²"):  # "²" is a digit to str.isdigit()
        response = organiser_client.post(_url(past_cohort), {"enrollments": [pk]})
        assert response.status_code == 200
        assert "is not in this cohort or has withdrawn" in response.content.decode()
    response = organiser_client.post(_url(past_cohort), {})
    assert "Choose at least one person." in response.content.decode()
    assert not Certificate.objects.exists()


def test_organiser_issue_without_template_shows_error(organiser_client, past_cohort):
    enrollment = EnrollmentFactory(cohort=past_cohort)
    response = organiser_client.post(_url(past_cohort), {"enrollments": [enrollment.pk]})
    assert response.status_code == 200
    assert "There is no certificate template of this kind yet." in response.content.decode()
    assert f'value="{enrollment.pk}" id="enrollment-{enrollment.pk}" checked' in response.content.decode()


@pytest.mark.parametrize("count", [1, 10])
def test_cohort_certificates_page_query_count(
    organiser_client, past_cohort, training_template, django_assert_num_queries, count
):
    """`count` completed enrolments, each with its certificate."""
    for enrollment in EnrollmentFactory.create_batch(
        count, cohort=past_cohort, status=Enrollment.Status.COMPLETED, decided_at=timezone.now()
    ):
        CertificateFactory(source_key=enrollment.certificate_source_key, recipient=enrollment.user)
    with django_assert_num_queries(10):
        response = organiser_client.get(_url(past_cohort))
    assert response.text.split('id="cohort-certificates"')[1].count('class="badge text-bg-success">Valid') == count


# --- The focal point's company page -------------------------------------------------------------------------


def _company_url(company):
    return reverse("trainings:company", args=[company.pk])


def test_company_page_lists_its_peoples_certificates_with_download(client, company, focal_point):
    mine = CertificateFactory(organisation=company, recipient_name_latin="Sok Vannak")
    other = CertificateFactory(organisation=OrganisationFactory(), recipient_name_latin="Someone Else")
    client.force_login(focal_point)
    content = client.get(_company_url(company)).content.decode()
    assert "Sok Vannak" in content
    assert reverse("certificates:pdf", args=[mine.code]) in content
    assert "Someone Else" not in content
    assert reverse("certificates:pdf", args=[other.code]) not in content
    # The link works for the focal point.
    response = client.get(reverse("certificates:pdf", args=[mine.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_company_page_of_another_company_is_404(client, company):
    other_company = OrganisationFactory()
    other_focal = FocalPointFactory(organisation=other_company).user
    certificate = CertificateFactory(organisation=company)
    client.force_login(other_focal)
    response = client.get(_company_url(company))
    assert response.status_code == 404
    assert certificate.serial not in response.text


def test_cohort_certificates_page_offers_print_and_email_of_valid_certificates(
    organiser_client, past_cohort, training_template
):
    enrollment = EnrollmentFactory(cohort=past_cohort, status=Enrollment.Status.COMPLETED, decided_at=timezone.now())
    valid = CertificateFactory(source_key=f"enrollment:{enrollment.pk}")
    revoked = EnrollmentFactory(cohort=past_cohort)
    gone = CertificateFactory(source_key=f"enrollment:{revoked.pk}", status="revoked", revoked_reason="typo")
    content = organiser_client.get(_url(past_cohort)).content.decode()
    assert reverse("certificates_organiser:print_start") in content
    assert reverse("certificates_organiser:deliver_start") in content
    assert f'name="certificate" value="{valid.pk}"' in content
    assert f'name="certificate" value="{gone.pk}"' not in content


def test_completed_without_certificate_come_ticked_and_tick_links(organiser_client, past_cohort, training_template):
    done = EnrollmentFactory(cohort=past_cohort, status=Enrollment.Status.COMPLETED, decided_at=timezone.now())
    pending = EnrollmentFactory(cohort=past_cohort)
    content = organiser_client.get(_url(past_cohort)).content.decode()
    assert f'id="enrollment-{done.pk}" checked' in content
    assert f'id="enrollment-{pending.pk}" checked' not in content
    content = organiser_client.get(_url(past_cohort) + "?tick=all").content.decode()
    assert f'id="enrollment-{pending.pk}" checked' in content
    content = organiser_client.get(_url(past_cohort) + "?tick=none").content.decode()
    assert "checked" not in content
