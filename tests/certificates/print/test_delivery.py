from certificates.models import CertificateJob, CertificateJobItem
from certificates.print_services import certificate_job_retry, certificate_job_start
from tests.documents.pdfs import pdf_text
from tests.factories import CertificateFactory, UserFactory


def _deliver(certificates):
    job = certificate_job_start(kind="deliver", certificate_ids=[c.pk for c in certificates], title="Cohort", by=None)
    job.refresh_from_db()
    return job


def test_delivery_mails_each_recipient_their_pdf_in_their_language(cohort_certificates, outbox):
    job = _deliver(cohort_certificates)
    assert job.status == CertificateJob.Status.DONE, job.error
    assert len(outbox) == 5
    by_address = {message.to[0]: message for message in outbox}
    for certificate in cohort_certificates:
        message = by_address[certificate.recipient_email]
        (name, content, mimetype) = message.attachments[0]
        assert mimetype == "application/pdf" and name.startswith(certificate.serial) and name.endswith(".pdf")
        assert certificate.serial in pdf_text(content)
        assert f"/certificates/verify/{certificate.code}/" in message.body
        assert certificate.serial in message.subject
    assert set(job.items.values_list("delivery", flat=True)) == {"sent"}


def test_delivery_in_khmer_for_khmer_preferring_recipient(template_version, outbox):
    user = UserFactory(language="km", native_name="ចាន់ សុខា", email="sokha@example.org")
    certificate = CertificateFactory(
        template_version=template_version,
        recipient=user,
        recipient_name_latin="Sokha Chan",
        recipient_name_native="ចាន់ សុខា",
        language="km",
    )
    english = CertificateFactory(template_version=template_version, language="en")
    _deliver([certificate, english])
    khmer_message = next(m for m in outbox if m.to == ["sokha@example.org"])
    assert khmer_message.extra_headers["Content-Language"] == "km"
    assert certificate.subject_km in khmer_message.subject
    assert "ចាន់ សុខា" in khmer_message.body
    assert certificate.subject_km in khmer_message.body
    english_message = next(m for m in outbox if m.to == [english.recipient_email])
    assert english_message.extra_headers["Content-Language"] == "en"
    assert english.subject_en in english_message.subject


def test_delivery_report_failures_then_retry_sends_only_the_rest(template_version, outbox):
    good = CertificateFactory(template_version=template_version)
    missing = CertificateFactory(template_version=template_version, recipient=None, recipient_email="")
    job = _deliver([good, missing])
    assert job.status == CertificateJob.Status.FAILED
    assert "1 of 2" in job.error
    rows = {item.certificate_id: item for item in job.items.all()}
    assert rows[good.pk].delivery == "sent" and rows[good.pk].sent_at
    assert rows[missing.pk].delivery == "failed" and rows[missing.pk].error == "No e-mail address."
    assert len(outbox) == 1

    missing.recipient_email = "late@example.org"
    missing.save()
    job = certificate_job_retry(job=job, by=None)
    job.refresh_from_db()
    assert job.status == CertificateJob.Status.DONE
    assert [m.to for m in outbox] == [[good.recipient_email], ["late@example.org"]]
    assert CertificateJobItem.objects.get(job=job, certificate=missing).delivery == "sent"
