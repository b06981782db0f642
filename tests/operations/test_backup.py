"""A backup (manage.py backup_site) restored into a fresh database and checked (manage.py restore_check): the same
rows, certificates that verify as before, files identical and PDFs that open; a backup spoilt or a row changed is
found and said."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from certificates.models import Certificate
from certificates.services import certificate_pdf
from operations.restore import restore_check
from tests.factories import CertificateFactory, RegistrationFactory


@pytest.fixture
def backed_up(tmp_path):
    RegistrationFactory.create_batch(3)
    for certificate in CertificateFactory.create_batch(2):
        certificate_pdf(certificate)  # its PDF in private storage
    out = io.StringIO()
    call_command("backup_site", "--to", str(tmp_path / "backup"), stdout=out)
    assert "files into" in out.getvalue()
    return tmp_path / "backup"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_database_identical(backed_up):
    out = io.StringIO()
    call_command("restore_check", str(backed_up), stdout=out)
    said = out.getvalue()
    assert "The restore matches the backup." in said and "2 certificates" in said and "2 pdfs" in said, said


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_spoilt_file_and_a_changed_row_are_found(backed_up):
    pdf = next(path for path in (backed_up / "files").iterdir() if path.read_bytes().startswith(b"%PDF"))
    pdf.write_bytes(pdf.read_bytes()[:100])
    certificate = Certificate.objects.order_by("pk").first()

    def change_a_row(alias):
        Certificate.objects.using(alias).filter(pk=certificate.pk).update(recipient_name_latin="Someone Else")

    report = restore_check(backed_up, before_checks=change_a_row)
    assert not report.ok
    assert any("its copy differs" in problem for problem in report.problems)
    assert any(f"certificates.Certificate #{certificate.pk}" in problem for problem in report.problems)
    assert any(f"certificate {certificate.code}: verifies as" in problem for problem in report.problems)
    with pytest.raises(CommandError, match="difference"):
        call_command("restore_check", str(backed_up), stdout=io.StringIO())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_empty_directory_only(tmp_path, backed_up):
    with pytest.raises(CommandError, match="is not empty"):
        call_command("backup_site", "--to", str(backed_up), stdout=io.StringIO())


@pytest.mark.django_db
def test_on_sqlite_the_backup_says_it_is_for_postgresql(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the embedded database only")
    with pytest.raises(CommandError, match="backs up PostgreSQL"):
        call_command("backup_site", "--to", str(tmp_path / "backup"), stdout=io.StringIO())
