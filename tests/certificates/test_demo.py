import io

from certificates import demo
from certificates.models import Certificate, CertificateTemplate, Signatory
from certificates.services import certificate_pdf
from people import demo as people_demo
from tests.documents.pdfs import pdf_images, pdf_text


def test_demo_seed_idempotent_and_prints(db):
    out = io.StringIO()
    people_demo.seed(stdout=out)
    demo.seed(stdout=out)
    demo.seed(stdout=out)
    assert CertificateTemplate.objects.count() == 3
    assert Signatory.objects.count() == 2
    assert all(signatory.signature for signatory in Signatory.objects.all())
    assert Certificate.objects.count() == 3
    certificate = Certificate.objects.get(recipient__email="staff2@example.org")
    assert certificate.language == "km" and certificate.organisation is not None
    pdf = certificate_pdf(certificate)
    assert "Chea Sopheap" in pdf_text(pdf)
    assert pdf_images(pdf) >= 3  # two signatures and the QR code


def test_seed_demo_gives_the_completed_demo_enrolments_their_certificates(db):
    from django.core.management import call_command

    from trainings.models import Enrollment

    call_command("seed_demo", stdout=io.StringIO())
    completed = list(Enrollment.objects.filter(status=Enrollment.Status.COMPLETED).values_list("pk", flat=True))
    assert completed
    keys = set(Certificate.objects.values_list("source_key", flat=True))
    assert {f"enrollment:{pk}" for pk in completed} <= keys
