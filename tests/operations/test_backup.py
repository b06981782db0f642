"""A backup (manage.py backup_site) restored into a fresh database and checked (manage.py restore_check): the same
rows, certificates that verify as before, files identical and PDFs that open; a backup spoilt or a row changed is
found and said; rows written while the backup runs are in neither its dump nor its manifest; the backup is readable
by its user only."""

import io
import os
import stat

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from certificates.models import Certificate
from certificates.services import certificate_pdf
from forum.models import Registration
from operations.backup import BackupError, backup_site
from operations.restore import restore_check
from tests.concurrency import run_in_threads
from tests.factories import CertificateFactory, RegistrationFactory


@pytest.fixture
def backed_up(tmp_path, postgres_only):
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


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_rows_written_during_the_backup_are_in_neither_the_dump_nor_the_manifest(tmp_path, postgres_only):
    RegistrationFactory.create_batch(2)
    certificate_pdf(CertificateFactory())
    registrations, files = Registration.objects.count(), 1

    def write_meanwhile():  # pg_dump has finished; the manifest is not read yet
        def another_connection():
            RegistrationFactory.create_batch(3)
            certificate_pdf(CertificateFactory())  # a row and a PDF in storage

        assert run_in_threads([another_connection]) == [None]
        assert Registration.objects.count() == registrations  # the backup's transaction does not see them

    manifest = backup_site(tmp_path / "backup", after_dump=write_meanwhile)
    assert Registration.objects.count() == registrations + 3  # committed, after the backup's moment
    assert manifest["tables"]["forum.Registration"]["count"] == registrations
    assert len(manifest["files"]) == files and len(list((tmp_path / "backup" / "files").iterdir())) == files
    dumped = {}

    def count_the_dump(alias):
        dumped["registrations"] = Registration.objects.using(alias).count()

    report = restore_check(tmp_path / "backup", before_checks=count_the_dump)
    assert report.ok, report.problems
    assert dumped["registrations"] == registrations


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_backup_is_readable_by_its_user_only_whatever_the_umask(tmp_path, postgres_only):
    certificate_pdf(CertificateFactory())
    previous = os.umask(0)
    try:
        call_command("backup_site", "--to", str(tmp_path / "backup"), stdout=io.StringIO())
    finally:
        os.umask(previous)
    backup = tmp_path / "backup"
    written = list(backup.rglob("*"))
    assert {path.relative_to(backup).as_posix() for path in written} >= {"database.dump", "manifest.json", "files/0"}
    modes = {path.relative_to(backup).as_posix(): stat.S_IMODE(path.stat().st_mode) for path in [backup, *written]}
    assert modes == {name: 0o700 if name in {".", "files"} else 0o600 for name in modes}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_existing_directory_open_to_others_is_refused_untouched(tmp_path, postgres_only):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    with pytest.raises(CommandError, match=r"open to other users \(mode 0755\).*chmod 700"):
        call_command("backup_site", "--to", str(shared), stdout=io.StringIO())
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755 and not any(shared.iterdir())
    shared.chmod(0o700)
    call_command("backup_site", "--to", str(shared), stdout=io.StringIO())
    assert (shared / "manifest.json").exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_backup_refuses_to_run_inside_another_transaction(tmp_path, postgres_only):
    with transaction.atomic(), pytest.raises(BackupError, match="its own transaction"):
        backup_site(tmp_path / "backup")
    assert not (tmp_path / "backup").exists()
