import datetime
import re
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from certificates.models import CODE_ALPHABET, CODE_LENGTH, Certificate, generate_verification_code
from certificates.services import (
    CertificateError,
    certificate_issue,
    certificate_pdf,
    certificate_reissue,
    certificate_revoke,
    certificate_template_version_create,
)
from tests.factories import CertificateFactory, CertificateTemplateFactory, OrganiserFactory, UserFactory


def test_certificate_issue_snapshots_recipient_and_serial(issue):
    user = UserFactory(given_name="Sokha", family_name="Chan", native_name="ចាន់ សុខា", language="km")
    certificate = issue(recipient=user)
    assert certificate.status == Certificate.Status.VALID
    assert re.fullmatch(r"COP-\d{4}-\d{6}", certificate.serial)
    assert certificate.serial.split("-")[1] == str(certificate.issued_at.year)
    assert certificate.recipient_name_native == "ចាន់ សុខា"
    assert certificate.language == "km"
    assert certificate.recipient_email == user.email
    user.given_name = "Changed"
    user.save()
    certificate.refresh_from_db()
    assert certificate.recipient_name_latin == "Sokha Chan"


def test_certificate_issue_same_source_key_returns_existing(issue):
    user = UserFactory()
    first = issue(recipient=user, source_key="enrollment:42")
    second = issue(recipient=user, source_key="enrollment:42", subject_en="Something else")
    assert first.pk == second.pk
    assert Certificate.objects.filter(source_key="enrollment:42").count() == 1


def test_certificate_issue_serials_count_up(issue):
    serials = [issue(source_key=f"registration:{n}").serial for n in range(3)]
    numbers = [int(serial.rsplit("-", 1)[1]) for serial in serials]
    assert numbers == [numbers[0], numbers[0] + 1, numbers[0] + 2]


def test_certificate_issue_without_template_refused(db):
    with pytest.raises(CertificateError):
        certificate_issue(
            kind=Certificate.Kind.FORUM_SPEAKER,
            recipient=None,
            recipient_name_latin="A B",
            recipient_language="en",
            organisation=None,
            subject_en="Forum",
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 1, 1),
            hours=None,
            source_key="speaker:1",
            issued_by=None,
        )


def test_certificate_one_valid_per_source_in_database(issue, template_version):
    certificate = issue(source_key="enrollment:7")
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificateFactory(template_version=template_version, source_key="enrollment:7")
    assert Certificate.objects.filter(source_key=certificate.source_key).count() == 1


def test_certificate_revoke_records_reason_and_who(issue):
    organiser = OrganiserFactory()
    certificate = certificate_revoke(certificate=issue(), reason="Issued by mistake", by=organiser)
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoked_reason == "Issued by mistake"
    assert certificate.revoked_by == organiser
    assert certificate.revoked_at is not None
    with pytest.raises(CertificateError):
        certificate_revoke(certificate=certificate, reason="again", by=organiser)


def test_certificate_revoke_without_reason_refused(issue):
    certificate = issue()
    with pytest.raises(CertificateError):
        certificate_revoke(certificate=certificate, reason="  ", by=None)
    certificate.refresh_from_db()
    assert certificate.is_valid


def test_certificate_reissue_new_serial_and_code_old_points_to_new(issue):
    user = UserFactory(given_name="Sokha", family_name="Chann")
    old = issue(recipient=user, source_key="enrollment:9")
    user.family_name = "Chan"
    user.save()
    new = certificate_reissue(certificate=old, by=None, reason="Name misspelt")
    old.refresh_from_db()
    assert old.status == Certificate.Status.REVOKED
    assert old.replaced_by == new
    assert new.is_valid
    assert new.serial != old.serial and new.code != old.code
    assert new.source_key == old.source_key
    assert new.recipient_name_latin == "Sokha Chan"
    # issuing again for the same source gives the replacement
    assert issue(recipient=user, source_key="enrollment:9").pk == new.pk


def test_template_edit_keeps_issued_certificates_and_their_pdf(issue, template_version):
    certificate = issue()
    pdf_before = certificate_pdf(certificate)
    new_version = certificate_template_version_create(
        template=template_version.template,
        by=None,
        title_en="A brand new title",
        title_km="ចំណងជើងថ្មី",
        body_en="{name} did {subject}.",
        body_km="{name} {subject}",
    )
    assert new_version.version == 2
    certificate.refresh_from_db()
    assert certificate.template_version == template_version
    assert certificate_pdf(certificate) == pdf_before
    template_version.refresh_from_db()
    assert template_version.title_en == "Certificate of completion"
    # new certificates use the new version
    assert issue(source_key="enrollment:other").template_version == new_version


def test_certificate_issue_picks_given_template(issue, template_version):
    other = CertificateTemplateFactory(kind=template_version.template.kind)
    other_version = certificate_template_version_create(
        template=other, by=None, title_en="Other", title_km="Other", body_en="x", body_km="x"
    )
    assert issue(template=other, source_key="x:1").template_version == other_version
    assert issue(template=template_version.template, source_key="x:2").template_version == template_version


def test_verification_code_alphabet_and_entropy():
    codes = {generate_verification_code() for _ in range(2000)}
    assert len(codes) == 2000
    ambiguous = set("0O1IL")
    for code in codes:
        assert len(code) == CODE_LENGTH
        assert not (set(code) & ambiguous)
        assert set(code) <= set(CODE_ALPHABET)
    import math

    assert CODE_LENGTH * math.log2(len(CODE_ALPHABET)) >= 60
    assert set("".join(codes)) == set(CODE_ALPHABET)


def test_certificate_hours_and_dates_checked_in_database(template_version):
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificateFactory(
            template_version=template_version,
            starts_on=datetime.date(2026, 2, 2),
            ends_on=datetime.date(2026, 2, 1),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificateFactory(template_version=template_version, hours=Decimal("-1"))


@pytest.mark.django_db(transaction=True)
def test_certificate_issue_emails_recipient_in_their_language(issue, outbox):
    user = UserFactory(language="km", native_name="ចាន់ សុខា")
    certificate = issue(recipient=user)
    issue(recipient=user)  # idempotent: no second e-mail
    assert len(outbox) == 1
    message = outbox[0]
    assert message.to == [user.email]
    assert certificate.serial in message.subject
    assert f"https://forum.example.org/certificates/verify/{certificate.code}/" in message.body
    assert "ចាន់ សុខា" in message.body


def test_certificate_issue_notify_false_sends_nothing(issue, outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        issue(notify=False)
    assert outbox == []


def test_certificate_revoke_tells_the_recipient_in_their_language(issue, outbox, django_capture_on_commit_callbacks):
    from django.utils import translation

    from certificates.services import certificate_reissue, certificate_revoke

    certificate = issue(recipient=UserFactory(language="km", email="sokha@example.org"), source_key="r:1")
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(certificate=certificate, reason="The name was misspelt.", by=None)
    [message] = outbox
    assert message.to == ["sokha@example.org"]
    assert certificate.serial in message.subject
    with translation.override("km"):
        assert str(translation.gettext("Reason:")) in message.body
    assert f"/certificates/verify/{certificate.code}/" in message.body
    # A reissue tells of the replacement (the new certificate's e-mail), not of the revocation.
    other = issue(recipient=UserFactory(language="en"), source_key="r:2")
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        new = certificate_reissue(certificate=other, by=None, reason="Typo")
    assert [m.subject for m in outbox] == [m.subject for m in outbox if new.serial in m.subject]
    assert len(outbox) == 1
