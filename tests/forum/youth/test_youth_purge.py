"""Retention: a set time after the forum, minors' consent documents and guardian details are deleted by the
periodic job; only the fact that consent was given stays."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from forum.models import ConsentLink, ForumEdition, GuardianConsent, Participation, YouthDetails
from forum.services.consent import purge_expired_youth_data
from tests.factories import ForumEditionFactory, OrganiserFactory
from tests.uploads import pdf_upload

from .helpers import record_paper, submit_youth, youth_data

pytestmark = pytest.mark.django_db


def _edition(ended_days_ago: int, slug: str):
    ends = timezone.localdate() - datetime.timedelta(days=ended_days_ago)
    return ForumEditionFactory(
        slug=slug, starts_on=ends - datetime.timedelta(days=2), ends_on=ends, mode=ForumEdition.Mode.REVIEW
    )


def _with_paper_consent(edition):
    registration = submit_youth(
        edition, youth=youth_data(edition, guardian_email=f"guardian-{edition.slug}@example.org")
    )
    consent = record_paper(registration, by=OrganiserFactory(), name=True, photos=True, document=pdf_upload("f.pdf"))
    return registration, consent


def test_purge_deletes_documents_and_guardian_details_keeps_the_fact_of_consent(commit):
    old = _edition(settings.FORUM_YOUTH_RETENTION_DAYS + 1, "atf-old")
    recent = _edition(settings.FORUM_YOUTH_RETENTION_DAYS - 1, "atf-recent")
    old_registration, old_consent = _with_paper_consent(old)
    recent_registration, recent_consent = _with_paper_consent(recent)
    private = storages["private"]
    assert private.exists(old_consent.document.name) and private.exists(recent_consent.document.name)

    with commit():
        summary = purge_expired_youth_data()
    assert summary == "purged the details of 1 youth delegates and 1 consent documents"

    assert not private.exists(old_consent.document.name)
    details = YouthDetails.objects.get(registration=old_registration)
    assert details.purged_at is not None
    assert (details.guardian_name, details.guardian_email, details.guardian_phone, details.date_of_birth) == (
        "",
        "",
        "",
        None,
    )
    assert (details.chaperone_name, details.chaperone_phone, details.chaperone_email) == ("", "", "")
    # What stays: the fact that consent was given, and each decision (how, when, what, text version).
    assert details.participation == Participation.GIVEN and details.consent_given_at is not None
    consent = GuardianConsent.objects.get(pk=old_consent.pk)
    assert (consent.participation, consent.method, consent.text_version) == ("given", "paper", old_consent.text_version)
    assert (consent.signed_name, consent.document.name, consent.document_type) == ("", "", "")
    assert not ConsentLink.objects.filter(youth=details).exists()

    # The recent forum is untouched; a second run has nothing to do.
    recent_details = YouthDetails.objects.get(registration=recent_registration)
    assert recent_details.purged_at is None and recent_details.guardian_email
    assert private.exists(recent_consent.document.name)
    assert purge_expired_youth_data() == ""
    private.delete(recent_consent.document.name)


def test_purge_retention_is_a_setting(commit):
    edition = _edition(10, "atf-ten")
    registration, consent = _with_paper_consent(edition)
    assert purge_expired_youth_data() == ""
    with override_settings(FORUM_YOUTH_RETENTION_DAYS=5), commit():
        assert purge_expired_youth_data().startswith("purged the details of 1 ")
    assert YouthDetails.objects.get().guardian_email == ""


def test_purge_runs_by_itself_from_run_periodic(commit):
    assert "forum.services.consent.purge_expired_youth_data" in settings.PERIODIC_JOBS
    edition = _edition(settings.FORUM_YOUTH_RETENTION_DAYS + 30, "atf-periodic")
    _with_paper_consent(edition)
    out = io.StringIO()
    with commit():
        call_command("run_periodic", stdout=out)
    assert "forum.services.consent.purge_expired_youth_data: purged the details of 1 youth delegates" in out.getvalue()
    assert YouthDetails.objects.get().purged_at is not None


def test_purged_organiser_page_says_so(organiser_client, commit):
    edition = _edition(settings.FORUM_YOUTH_RETENTION_DAYS + 1, "atf-gone")
    registration, _consent = _with_paper_consent(edition)
    with commit():
        purge_expired_youth_data()
    content = organiser_client.get(f"/en/organiser/forum/atf-gone/registrations/{registration.pk}/").content.decode()
    assert "The personal details were deleted" in content
    assert "Chea Dara" not in content
