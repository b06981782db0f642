"""Media and private files on S3-compatible storage (config.settings.base `# [storage]`), end to end against moto's
S3 server on a free port of this machine: a certificate print job's PDF and ZIP, a guardian's consent form, a
safeguarding attachment, a certificate PDF with a logo from the media storage, a person's data export; each is
written to the bucket, comes back through its permission-checking view, and leaves the bucket when it is cleaned,
purged or erased. Nothing lands on the local disk meanwhile. The private storage hands out no URL, its objects
no public grant; the production settings pick S3 from the environment and `check --deploy` stays clean."""

import datetime
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from certificates.jobs import PRINT
from certificates.services import certificate_pdf
from documents.fetcher import SafeURLFetcher
from documents.jobs import job_start, jobs_clean
from documents.models import PrintJob
from forum.models import ForumEdition, GuardianConsent
from forum.services.consent import purge_expired_youth_data
from privacy.erasure import REVOKE, person_erase
from safeguarding.models import Concern, Officer
from safeguarding.officers import erase_closed_cases
from safeguarding.services import concern_report
from tests.documents.pdfs import pdf_images
from tests.factories import (
    CertificateFactory,
    CertificateTemplateVersionFactory,
    ForumEditionFactory,
    OrganiserFactory,
    UserFactory,
)
from tests.forum.youth.helpers import record_paper, submit_youth
from tests.privacy.own_data_world import download
from tests.uploads import image_bytes

from .s3_world import PDF

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent


def test_private_fields_use_the_bucket_and_private_files_have_no_url(bucket):
    from certificates.models import Certificate, Signatory

    assert type(Certificate._meta.get_field("pdf_file").storage).__name__ == "PrivateS3Storage"
    assert type(Signatory._meta.get_field("signature").storage).__name__ == "PrivateS3Storage"
    with pytest.raises(ValueError, match="no URL"):
        storages["private"].url("certificates/pdf/x.pdf")
    name = storages["private"].save("probe/a.pdf", ContentFile(PDF))
    assert bucket.listed() == [f"private/{name}"]
    grants = bucket.client.get_object_acl(Bucket=bucket.name, Key=f"private/{name}")["Grants"]
    assert [grant["Grantee"]["Type"] for grant in grants] == ["CanonicalUser"]  # the owner only, never AllUsers
    storages["private"].delete(name)
    assert bucket.listed() == []


def test_print_job_results_are_written_to_the_bucket_streamed_back_and_cleaned(
    bucket, client, django_capture_on_commit_callbacks
):
    organiser = OrganiserFactory()
    version = CertificateTemplateVersionFactory()
    certificates = [CertificateFactory(template_version=version) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind=PRINT, ids=[c.pk for c in certificates], title="Cohort S3", by=organiser)
    job.refresh_from_db()
    assert job.status == PrintJob.Status.DONE
    assert bucket.listed("private/documents/jobs/") == sorted(
        [f"private/{job.pdf_file.name}", f"private/{job.zip_file.name}"]
    )

    client.force_login(organiser)
    pdf = client.get(reverse("certificates_organiser:job_pdf", args=[job.pk]))
    assert pdf.status_code == 200 and pdf.streaming
    assert b"".join(pdf.streaming_content) == bucket.read(f"private/{job.pdf_file.name}")
    archive = client.get(reverse("certificates_organiser:job_zip", args=[job.pk]))
    with zipfile.ZipFile(io.BytesIO(b"".join(archive.streaming_content))) as opened:
        assert len(opened.namelist()) == 3

    assert jobs_clean(now=timezone.now() + datetime.timedelta(days=365)) != (0, 0)
    assert bucket.listed("private/documents/") == []
    assert client.get(reverse("certificates_organiser:job_pdf", args=[job.pk])).status_code == 404


def test_consent_form_goes_to_the_bucket_back_through_the_organiser_view_and_out_with_the_purge(
    bucket, client, django_capture_on_commit_callbacks
):
    organiser = OrganiserFactory()
    edition = ForumEditionFactory(slug="atf-s3", mode=ForumEdition.Mode.AUTO, capacity=2)
    youth = submit_youth(edition)
    upload = SimpleUploadedFile("signed.pdf", PDF, content_type="application/pdf")
    record_paper(youth, by=organiser, document=upload)
    consent = GuardianConsent.objects.get()
    assert bucket.listed() == [f"private/{consent.document.name}"]
    assert consent.document.name.startswith("forum/youth-consent/")

    client.force_login(organiser)
    url = reverse(
        "forum_organiser:youth_document", kwargs={"slug": edition.slug, "pk": youth.pk, "consent_pk": consent.pk}
    )
    response = client.get(url + "?download=1")
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == PDF

    client.force_login(youth.user)  # the youth's own data holds the signed form, read from the bucket
    _response, files = download(client)
    assert [files[name] for name in files if name.endswith(".pdf")] == [PDF]

    with django_capture_on_commit_callbacks(execute=True):
        purge_expired_youth_data(today=edition.ends_on + datetime.timedelta(days=3650))
    assert bucket.listed() == []


def test_safeguarding_attachment_is_private_in_the_bucket_downloaded_by_an_officer_and_erased(
    bucket, client, django_capture_on_commit_callbacks
):
    png = image_bytes()
    upload = SimpleUploadedFile("my-name.png", png, content_type="image/png")
    concern, _token = concern_report(
        data={"what_happened": "Messages asking for photos.", "place": Concern.Place.FORUM},
        attachment=upload,
        language="en",
    )
    attachment = concern.attachments.get()
    assert bucket.listed() == [f"private/{attachment.file.name}"]
    assert attachment.file.name.startswith("safeguarding/") and "my-name" not in attachment.file.name

    officer = Officer.objects.create(user=OrganiserFactory())  # with an authenticator app, as officers need
    client.force_login(officer.user)
    response = client.get(
        reverse("safeguarding:case_attachment", kwargs={"pk": concern.pk, "attachment": attachment.pk})
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == bucket.read(f"private/{attachment.file.name}")

    Concern.objects.filter(pk=concern.pk).update(
        status=Concern.Status.CLOSED, closed_at=timezone.now() - datetime.timedelta(days=365 * 4)
    )
    with django_capture_on_commit_callbacks(execute=True):
        erase_closed_cases()
    assert bucket.listed() == []


def test_certificate_pdf_embeds_a_logo_from_the_media_bucket_is_cached_privately_and_erased(
    bucket, client, django_capture_on_commit_callbacks
):
    version = CertificateTemplateVersionFactory()
    version.logo_left.save("logo.png", ContentFile(image_bytes(size=(300, 120), colour="navy")))
    logo_key = f"media/{version.logo_left.name}"
    assert bucket.listed("media/") == [logo_key]
    # The fetcher reads media through the storage, not from MEDIA_ROOT (which is empty).
    fetched = SafeURLFetcher()(f"https://forum.example.org/media/{version.logo_left.name}")
    assert fetched.read() == bucket.read(logo_key)

    person = UserFactory()
    certificate = CertificateFactory(template_version=version, recipient=person)
    plain = CertificateFactory(template_version=CertificateTemplateVersionFactory())
    content = certificate_pdf(certificate)
    assert pdf_images(content) > pdf_images(certificate_pdf(plain))  # the logo is in the PDF
    certificate.refresh_from_db()
    assert bucket.read(f"private/{certificate.pdf_file.name}") == content

    client.force_login(person)  # the data export takes the PDF from the private bucket
    _response, files = download(client)
    assert content in files.values()
    assert json.loads(files["certificates.json"])  # the archive is whole

    with django_capture_on_commit_callbacks(execute=True):
        person_erase(person, certificates=REVOKE)
    assert f"private/{certificate.pdf_file.name}" not in bucket.listed()
    assert bucket.listed("media/") == [logo_key]  # the template's logo stays: it is nobody's data


# --- The settings ------------------------------------------------------------------------------------------


def _production(**env) -> dict:
    return {
        **{k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}},
        "SECRET_KEY": "a-long-random-production-secret-key-for-the-deploy-check-0123456789",
        "ALLOWED_HOSTS": "forum.example.org",
        "SITE_URL": "https://forum.example.org",
        **env,
    }


S3_ENV = {
    "STORAGE_S3_BUCKET": "atf-files",
    "STORAGE_S3_ENDPOINT_URL": "https://s3.example.org",
    "STORAGE_S3_REGION": "ap-southeast-1",
}
SHOW_STORAGES = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({k: [v['BACKEND'], v.get('OPTIONS', {})] for k, v in settings.STORAGES.items()}, default=str))"
)


@pytest.mark.parametrize("s3", [False, True])
def test_production_settings_choose_the_storage_from_the_environment(s3):
    env = _production(DJANGO_SETTINGS_MODULE="config.settings.production", **(S3_ENV if s3 else {}))
    if not s3:
        env.pop("STORAGE_S3_BUCKET", None)
    result = subprocess.run(  # noqa: S603 (our own interpreter and a fixed program)
        [sys.executable, "-c", SHOW_STORAGES], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    found = json.loads(result.stdout)
    if not s3:
        assert found["default"][0] == found["private"][0] == "django.core.files.storage.FileSystemStorage"
        return
    assert found["default"][0] == "storages.backends.s3.S3Storage"
    assert found["private"][0] == "operations.storage.PrivateS3Storage"
    for alias, prefix in (("default", "media"), ("private", "private")):
        options = found[alias][1]
        assert (options["bucket_name"], options["location"]) == ("atf-files", prefix)
        assert (options["endpoint_url"], options["region_name"], options["default_acl"]) == (
            "https://s3.example.org",
            "ap-southeast-1",
            None,
        )
        assert "access_key" not in options and "secret_key" not in options  # boto3 reads them from the environment


def test_check_deploy_is_clean_with_s3_storage():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production(DJANGO_SETTINGS_MODULE="config.settings.production", **S3_ENV),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
