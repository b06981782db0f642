"""Forum certificates follow the forum: participation certificates only once the forum has begun, speaker
certificates once the session has taken place, both revoked when the delegate stops being approved (cancelled,
rejected...); a revocation reason is public and the organiser's form says so; public verification of a youth
delegate's certificate shows only what the guardian allowed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from forum.errors import ForumCertificateError
from forum.models import YouthDetails
from forum.services.certificates import participation_certificates_issue, speaker_certificates_issue
from forum.services.lifecycle import registration_cancel, registration_reject
from tests.factories import (
    ForumEditionFactory,
    RegistrationFactory,
    SessionFactory,
    SessionSpeakerFactory,
    UserFactory,
)
from tests.factories.programme import RoomFactory
from tests.forum.attendance.helpers import check_in

pytestmark = pytest.mark.django_db


def _approved(edition, **kwargs):
    """An approved delegate checked in at the door on the forum's first day (all the editions here ask one day)."""
    registration = RegistrationFactory(edition=edition, status="approved", **kwargs)
    check_in(registration, day=0)
    return registration


def test_participation_certificates_wait_for_the_forum_to_begin(organiser_client, forum_templates):
    upcoming = ForumEditionFactory()  # 90 days ahead
    registration = _approved(upcoming)
    with pytest.raises(ForumCertificateError) as error:
        participation_certificates_issue(edition=upcoming, registration_ids=[registration.pk], by=None)
    assert "first day" in str(error.value.message)
    url = reverse("forum_organiser:certificates", args=[upcoming.slug])
    page = organiser_client.get(url).content.decode()
    assert "Issue participation certificates for the ticked delegates" not in page
    assert "from the forum's first day" in page
    response = organiser_client.post(url, {"attended": [registration.pk]})
    assert response.status_code == 200
    assert not Certificate.objects.exists()


def test_participation_certificate_on_the_first_day(forum_templates):
    today = timezone.localdate()
    edition = ForumEditionFactory(
        starts_on=today,
        ends_on=today + datetime.timedelta(days=2),
        registration_opens_at=timezone.now() - datetime.timedelta(days=30),
        registration_closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    registration = _approved(edition)
    outcome = participation_certificates_issue(edition=edition, registration_ids=[registration.pk], by=None)
    assert len(outcome.issued) == 1


def test_speaker_certificate_waits_for_the_session(edition, forum_templates):
    session = SessionFactory(
        room=RoomFactory(edition=edition),
        starts_at=timezone.now() + datetime.timedelta(days=1),
        ends_at=timezone.now() + datetime.timedelta(days=1, hours=1),
    )
    speaker = SessionSpeakerFactory(session=session, registration=_approved(edition), guest_name="")
    with pytest.raises(ForumCertificateError):
        speaker_certificates_issue(edition=edition, speaker_ids=[speaker.pk], by=None)
    assert not Certificate.objects.exists()


@pytest.mark.parametrize("leave", ["cancel", "reject"])
def test_certificates_revoked_when_the_delegate_is_no_longer_approved(edition, forum_templates, leave):
    registration = _approved(edition)
    other = _approved(edition)
    session = SessionFactory(
        room=RoomFactory(edition=edition),
        starts_at=timezone.now() - datetime.timedelta(days=2, hours=2),
        ends_at=timezone.now() - datetime.timedelta(days=2, hours=1),
    )
    speaker = SessionSpeakerFactory(session=session, registration=registration, guest_name="")
    participation_certificates_issue(edition=edition, registration_ids=[registration.pk, other.pk], by=None)
    speaker_certificates_issue(edition=edition, speaker_ids=[speaker.pk], by=None)
    if leave == "cancel":
        registration_cancel(registration=registration, by=registration.user, reason="Could not come")
    else:
        registration_reject(registration=registration, by=None, reason="Duplicate")
    mine = Certificate.objects.filter(recipient=registration.user)
    assert mine.count() == 2
    assert set(mine.values_list("status", flat=True)) == {Certificate.Status.REVOKED}
    # The public reason says nothing of the delegate's own words.
    for certificate in mine:
        assert "Could not come" not in certificate.revoked_reason and "Duplicate" not in certificate.revoked_reason
    assert Certificate.objects.get(recipient=other.user).status == Certificate.Status.VALID


def test_revoke_form_says_the_reason_is_public(organiser_client, edition, forum_templates):
    registration = _approved(edition)
    [certificate] = participation_certificates_issue(
        edition=edition, registration_ids=[registration.pk], by=None
    ).issued
    page = organiser_client.get(reverse("certificates_organiser:detail", args=[certificate.pk])).content.decode()
    assert "shown to anyone who verifies" in page


def _youth_certificate(edition, *, name_consent):
    user = UserFactory(given_name="Sreyneang", family_name="Chea", native_name="ស្រីនាង ជា")
    registration = _approved(edition, user=user, is_youth=True, category="youth", country="VN")
    YouthDetails.objects.create(
        registration=registration,
        participation="given",
        consent_given_at=timezone.now(),
        name_consent=name_consent,
    )
    return participation_certificates_issue(edition=edition, registration_ids=[registration.pk], by=None).issued[0]


def test_verification_hides_a_minors_name_the_guardian_did_not_allow(client, edition, forum_templates):
    certificate = _youth_certificate(edition, name_consent=False)
    page = client.get(reverse("certificates:verify_code", args=[certificate.code])).content.decode()
    assert "Youth delegate, Vietnam" in page or "Youth delegate, Viet Nam" in page
    assert "Sreyneang" not in page and "Chea" not in page and "ស្រីនាង" not in page
    assert certificate.serial in page  # the rest of the certificate is verified as usual


def test_verification_shows_a_minors_name_the_guardian_allowed(client, edition, forum_templates):
    certificate = _youth_certificate(edition, name_consent=True)
    page = client.get(reverse("certificates:verify_code", args=[certificate.code])).content.decode()
    assert "Sreyneang Chea" in page
