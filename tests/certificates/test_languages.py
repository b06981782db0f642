"""The organiser's certificate pages speak the reader's language: subjects, what a certificate was issued for
(certificates.sources), the titles of print and e-mail jobs (stored in each language when the job starts); and the
authenticator's QR code has a description, not the secret, for a screen reader."""

import re

import pytest
from django.template import Context, Origin, Template
from django.urls import reverse
from django.utils import translation

from certificates.models import Certificate
from documents.models import PrintJob
from forum.models import Registration
from tests.factories import (
    CertificateFactory,
    EnrollmentFactory,
    ForumEditionFactory,
    RegistrationFactory,
    RoomFactory,
    SessionFactory,
    SessionSpeakerFactory,
    UserFactory,
)
from tests.factories.people import DEFAULT_PASSWORD
from tests.translations import translated

pytestmark = pytest.mark.django_db


def _hidden(page: str, name: str) -> str:
    return re.search(rf'<input type="hidden" name="{name}" value="([^"]*)">', page).group(1)


def test_certificate_list_shows_the_subject_in_the_readers_language(organiser_client):
    CertificateFactory(subject_en="Child online protection basics", subject_km="មូលដ្ឋានការការពារកុមារ")
    khmer = organiser_client.get("/km/organiser/certificates/").text
    assert "មូលដ្ឋានការការពារកុមារ" in khmer and "Child online protection basics" not in khmer
    english = organiser_client.get("/en/organiser/certificates/").text
    assert "Child online protection basics" in english and "មូលដ្ឋានការការពារកុមារ" not in english


def test_job_started_from_a_khmer_page_is_titled_in_each_language(organiser_client, template_version):
    certificate = CertificateFactory(template_version=template_version)
    page = organiser_client.get("/km/organiser/certificates/").text
    with translation.override("km"):
        khmer = translation.gettext("Selected certificates")
    titles = {"title_en": _hidden(page, "title_en"), "title_km": _hidden(page, "title_km")}
    assert titles == {"title_en": "Selected certificates", "title_km": khmer}

    organiser_client.post(reverse("certificates_organiser:print_start"), {"certificate": [certificate.pk], **titles})

    job = PrintJob.objects.get()
    assert (job.title_en, job.title_km) == ("Selected certificates", khmer)
    assert "Selected certificates" in organiser_client.get("/en/organiser/certificates/jobs/").text
    assert khmer in organiser_client.get(f"/km/organiser/certificates/jobs/{job.pk}/").text


def test_forum_certificates_page_titles_its_jobs_in_both_languages(organiser_client):
    edition = ForumEditionFactory(title_en="ASEAN Forum 2026", title_km="វេទិកាអាស៊ាន ២០២៦")
    registration = RegistrationFactory(edition=edition, status=Registration.Status.APPROVED)
    CertificateFactory(kind=Certificate.Kind.FORUM_PARTICIPATION, source_key=f"registration:{registration.pk}")
    page = organiser_client.get(f"/km/organiser/forum/{edition.slug}/certificates/").text
    assert _hidden(page, "title_en") == "Participation certificates: ASEAN Forum 2026"
    assert "វេទិកាអាស៊ាន ២០២៦" in _hidden(page, "title_km")


def test_job_started_from_an_english_page_shows_its_khmer_title_to_a_khmer_reader(organiser_client, template_version):
    certificate = CertificateFactory(template_version=template_version)
    page = organiser_client.get("/en/organiser/certificates/").text
    titles = {"title_en": _hidden(page, "title_en"), "title_km": _hidden(page, "title_km")}
    organiser_client.post(reverse("certificates_organiser:print_start"), {"certificate": [certificate.pk], **titles})
    job = PrintJob.objects.get()
    with translation.override("km"):
        khmer = translation.gettext("Selected certificates")
    assert khmer != "Selected certificates"
    khmer_list = organiser_client.get("/km/organiser/certificates/jobs/").text
    assert khmer in khmer_list and "Selected certificates" not in khmer_list
    assert "Selected certificates" in organiser_client.get(f"/en/organiser/certificates/jobs/{job.pk}/").text


def test_job_without_a_title_of_its_own_is_named_by_its_kind_in_each_language(organiser_client, template_version):
    certificate = CertificateFactory(template_version=template_version)
    organiser_client.post(reverse("certificates_organiser:print_start"), {"certificate": [certificate.pk]})
    job = PrintJob.objects.get()
    with translation.override("km"):
        assert (job.title_en, job.title_km) == ("Print", translation.gettext("Print"))


def test_certificate_page_says_what_it_was_issued_for_with_a_link(organiser_client):
    edition = ForumEditionFactory(reference_prefix="ATF26", title_en="ASEAN Forum 2026", title_km="វេទិកាអាស៊ាន")
    registration = RegistrationFactory(edition=edition, status=Registration.Status.APPROVED)
    speaker = SessionSpeakerFactory(session=SessionFactory(room=RoomFactory(edition=edition), title_en="Keynote"))
    enrollment = EnrollmentFactory(cohort__code="COP-2027-01", cohort__course__title_en="Safety by design")
    cases = [
        (
            f"registration:{registration.pk}",
            f"Registration {registration.reference}, ASEAN Forum 2026",
            reverse("forum_organiser:registration", args=[edition.slug, registration.pk]),
        ),
        (
            f"speaker:{speaker.pk}",
            "Speaker of “Keynote”, ASEAN Forum 2026",
            reverse("forum_organiser:programme_session", args=[edition.slug, speaker.session.pk]),
        ),
        (
            enrollment.certificate_source_key,
            "Enrolment in cohort COP-2027-01, Safety by design",
            reverse("trainings_organiser:cohort", args=[enrollment.cohort.pk]),
        ),
    ]
    for key, label, url in cases:
        certificate = CertificateFactory(source_key=key)
        page = organiser_client.get(f"/en/organiser/certificates/{certificate.pk}/").text
        assert f'<dd class="col-sm-8" data-testid="source"><a href="{url}">{label}</a></dd>' in page, key
    khmer = organiser_client.get(f"/km/organiser/certificates/{Certificate.objects.get(source_key=cases[0][0]).pk}/")
    assert "វេទិកាអាស៊ាន" in khmer.text and f">registration:{registration.pk}<" not in khmer.text


def test_certificate_page_names_a_source_no_app_knows_in_words(organiser_client):
    certificate = CertificateFactory(source_key="registration:999999")
    page = organiser_client.get(f"/en/organiser/certificates/{certificate.pk}/").text
    assert "Recorded as “registration:999999”; what it stood for is no longer on the site." in page


def test_certificate_page_describes_its_source_in_the_readers_language(organiser_client):
    """The descriptions are asked for through gettext: with a Khmer translation, a Khmer page shows it."""
    edition = ForumEditionFactory(reference_prefix="ATF26", title_en="ASEAN Forum 2026", title_km="វេទិកាអាស៊ាន")
    registration = RegistrationFactory(edition=edition, status=Registration.Status.APPROVED)
    known = CertificateFactory(source_key=f"registration:{registration.pk}")
    gone = CertificateFactory(source_key="registration:999999")
    words = {
        "Registration %(reference)s, %(edition)s": "ការចុះឈ្មោះ %(reference)s នៃ %(edition)s",
        "Recorded as “%(key)s”; what it stood for is no longer on the site.": "កត់ត្រាជា “%(key)s”។",
    }
    with translated("km", words):
        page = organiser_client.get(f"/km/organiser/certificates/{known.pk}/").text
        assert f"ការចុះឈ្មោះ {registration.reference} នៃ វេទិកាអាស៊ាន" in page
        assert "កត់ត្រាជា “registration:999999”។" in organiser_client.get(f"/km/organiser/certificates/{gone.pk}/").text
    english = organiser_client.get(f"/en/organiser/certificates/{known.pk}/").text
    assert f"Registration {registration.reference}" in english


def test_authenticator_set_up_page_describes_its_qr_code_in_the_readers_language(client):
    client.force_login(UserFactory(language="km"))
    client.post("/km/accounts/reauthenticate/", {"password": DEFAULT_PASSWORD})
    description = "QR code to scan with your authenticator app"
    with translated("km", {description: "កូដ QR សម្រាប់ស្កេនដោយកម្មវិធីផ្ទៀងផ្ទាត់"}):
        page = client.get("/km/accounts/2fa/totp/activate/").text
    (image,) = re.findall(r"<img [^>]*>", page.split('<main id="main"')[1])
    assert image.endswith('alt="កូដ QR សម្រាប់ស្កេនដោយកម្មវិធីផ្ទៀងផ្ទាត់">'), image[-120:]


def _element(source: str) -> str:
    """allauth's {% element %} rendered as one of its pages renders it (it reads the page's template name)."""
    template = Template("{% load allauth %}" + source, origin=Origin("qr", template_name="mfa/totp/activate_form.html"))
    return template.render(Context({}))


def test_authenticator_qr_code_is_described_not_spelt_out():
    """allauth's authenticator set-up page draws its QR code so (mfa/totp/activate_form.html), the secret as alt."""
    secret = "JBSWY3DPEHPK3PXP"
    html = _element(f'{{% element img src="data:," alt="{secret}" tags="mfa,totp,qr" %}}{{% endelement %}}')
    assert 'alt="QR code to scan with your authenticator app"' in html and secret not in html
    assert 'alt="A logo"' in _element('{% element img src="/x.png" alt="A logo" %}{% endelement %}')


def test_console_cards_end_their_sentences_in_the_readers_punctuation(organiser_client):
    """The counts of the console's training and certificate cards are one sentence each, its commas and full stop
    inside the translated string: a Khmer sentence ends with "។", not with an English "."."""
    CertificateFactory()
    words = {
        "%(courses)s, %(cohorts)s.": "%(courses)s · %(cohorts)s។",
        "%(valid)s, %(revoked)s.": "%(valid)s · %(revoked)s។",
    }
    with translated("km", words):
        page = organiser_client.get("/km/organiser/").text
    sentences = [
        " ".join(re.sub(r"<[^>]+>", " ", text).split())
        for text in re.findall(r'<p class="card-text">(.*?)(?:<br>|</p>)', page, re.S)
    ]
    cards = [sentence for sentence in sentences if " · " in sentence]
    assert len(cards) == 2 and all(sentence.endswith("។") for sentence in cards), sentences
    english = organiser_client.get("/en/organiser/").text
    assert "1 valid certificate, 0 revoked." in " ".join(re.sub(r"<[^>]+>", " ", english).split())
