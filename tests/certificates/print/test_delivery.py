import pytest

from certificates.jobs import DELIVER, file_name
from documents.jobs import job_retry
from documents.models import PrintJob, PrintJobItem
from tests.documents.pdfs import pdf_text
from tests.factories import CertificateFactory, UserFactory


@pytest.fixture
def deliver(start):
    return lambda certificates: start(certificates, kind=DELIVER, title="Cohort")


def test_delivery_mails_each_recipient_their_pdf_in_their_language(deliver, cohort_certificates, outbox):
    job = deliver(cohort_certificates)
    assert job.status == PrintJob.Status.DONE, job.error
    assert len(outbox) == 5
    by_address = {message.to[0]: message for message in outbox}
    for certificate in cohort_certificates:
        message = by_address[certificate.recipient_email]
        (name, content, mimetype) = message.attachments[0]
        assert mimetype == "application/pdf" and name == file_name(certificate)
        assert certificate.serial in pdf_text(content)
        assert f"/certificates/verify/{certificate.code}/" in message.body
        assert certificate.serial in message.subject
    assert set(job.items.values_list("delivery", flat=True)) == {"sent"}


def test_delivery_in_khmer_for_khmer_preferring_recipient(deliver, template_version, outbox):
    user = UserFactory(language="km", native_name="ចាន់ សុខា", email="sokha@example.org")
    certificate = CertificateFactory(
        template_version=template_version,
        recipient=user,
        recipient_name_latin="Sokha Chan",
        recipient_name_native="ចាន់ សុខា",
        language="km",
    )
    english = CertificateFactory(template_version=template_version, language="en")
    deliver([certificate, english])
    khmer_message = next(m for m in outbox if m.to == ["sokha@example.org"])
    assert khmer_message.extra_headers["Content-Language"] == "km"
    assert certificate.subject_km in khmer_message.subject
    assert "ចាន់ សុខា" in khmer_message.body
    assert certificate.subject_km in khmer_message.body
    english_message = next(m for m in outbox if m.to == [english.recipient_email])
    assert english_message.extra_headers["Content-Language"] == "en"
    assert english.subject_en in english_message.subject


def test_delivery_skips_a_revoked_certificate_reports_it_and_a_retry_finishes_the_job(
    deliver, template_version, outbox, django_capture_on_commit_callbacks
):
    good = CertificateFactory(template_version=template_version)
    missing = CertificateFactory(template_version=template_version, recipient=None, recipient_email="")
    revoked = CertificateFactory(template_version=template_version, status="revoked", revoked_reason="Typo")
    job = deliver([good, missing, revoked])
    assert job.status == PrintJob.Status.FAILED
    assert job.error == "1 of 3 e-mails could not be sent; see the report below."
    rows = {item.item_id: item for item in job.items.all()}
    assert rows[good.pk].delivery == "sent" and rows[good.pk].sent_at
    assert rows[missing.pk].delivery == "failed" and rows[missing.pk].error == "No e-mail address."
    assert rows[revoked.pk].delivery == "skipped" and rows[revoked.pk].error == "The certificate is revoked: not sent."
    assert rows[revoked.pk].email == revoked.recipient_email
    assert [m.to for m in outbox] == [[good.recipient_email]]

    missing.recipient_email = "late@example.org"
    missing.save()
    with django_capture_on_commit_callbacks(execute=True):
        job = job_retry(job=job)
    job.refresh_from_db()
    assert job.status == PrintJob.Status.DONE, job.error
    assert [m.to for m in outbox] == [[good.recipient_email], ["late@example.org"]]
    assert PrintJobItem.objects.get(job=job, item_id=missing.pk).delivery == "sent"
    assert PrintJobItem.objects.get(job=job, item_id=revoked.pk).delivery == "skipped"


def test_a_job_of_revoked_certificates_only_ends_done_with_each_skipped(deliver, template_version, outbox):
    revoked = [
        CertificateFactory(template_version=template_version, status="revoked", revoked_reason="Typo") for _ in range(2)
    ]
    job = deliver(revoked)
    assert job.status == PrintJob.Status.DONE, job.error
    assert set(job.items.values_list("delivery", flat=True)) == {"skipped"}
    assert outbox == []
