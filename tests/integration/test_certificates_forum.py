"""Forum certificates: participation for approved delegates ticked as attended, speaker certificates."""

import pytest
from django.urls import reverse

from certificates.models import Certificate
from forum.errors import ForumCertificateError
from forum.services.certificates import participation_certificates_issue
from tests.factories import (
    CertificateFactory,
    RegistrationFactory,
    SessionFactory,
    SessionSpeakerFactory,
    UserFactory,
)
from tests.factories.programme import RoomFactory, forum_time
from tests.forum.attendance.helpers import check_in

pytestmark = pytest.mark.django_db


def _url(edition, name="certificates"):
    return reverse(f"forum_organiser:{name}", args=[edition.slug])


def _approved(edition, **kwargs):
    """An approved delegate checked in at the door on the forum's first day (all the editions here ask one day)."""
    registration = RegistrationFactory(edition=edition, status="approved", **kwargs)
    check_in(registration, day=0)
    return registration


# --- Participation ------------------------------------------------------------------------------------------


def test_participation_for_ticked_approved_delegates_only(
    organiser_client, organiser, edition, forum_templates, django_capture_on_commit_callbacks, outbox
):
    delegate = UserFactory(given_name="Mai", family_name="Nguyen", native_name="Nguyễn Mai", language="km")
    attended = _approved(edition, user=delegate)
    absent = _approved(edition)

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(_url(edition), {"attended": [attended.pk]})

    assert response.status_code == 302
    certificate = Certificate.objects.get(source_key=f"registration:{attended.pk}")
    assert certificate.kind == Certificate.Kind.FORUM_PARTICIPATION
    assert certificate.recipient == delegate
    assert certificate.recipient_name_native == "Nguyễn Mai"
    assert certificate.language == "km"
    assert certificate.organisation == attended.organisation
    assert (certificate.subject_en, certificate.subject_km) == (edition.title_en, edition.title_km)
    assert (certificate.starts_on, certificate.ends_on) == (edition.starts_on, edition.ends_on)
    assert certificate.hours is None
    assert certificate.issued_by == organiser
    assert not Certificate.objects.filter(source_key=f"registration:{absent.pk}").exists()
    assert [message.to for message in outbox] == [[delegate.email]]

    # Issuing again gives the same certificate; the page shows it.
    organiser_client.post(_url(edition), {"attended": [attended.pk]})
    assert Certificate.objects.count() == 1
    content = organiser_client.get(_url(edition)).content.decode()
    assert certificate.serial in content
    assert reverse("certificates_organiser:detail", args=[certificate.pk]) in content


@pytest.mark.parametrize("status", ["submitted", "waitlisted", "rejected", "cancelled"])
def test_participation_refused_for_a_registration_not_approved(organiser_client, edition, forum_templates, status):
    approved = _approved(edition)
    other = RegistrationFactory(edition=edition, status=status)
    response = organiser_client.post(_url(edition), {"attended": [approved.pk, other.pk]})
    assert response.status_code == 200
    assert "is not an approved delegate of this forum" in response.content.decode()
    assert f'value="{approved.pk}" id="attended-{approved.pk}" checked' in response.content.decode()
    assert not Certificate.objects.exists()
    # The service refuses too (whatever the form lets through).
    with pytest.raises(ForumCertificateError):
        participation_certificates_issue(edition=edition, registration_ids=[other.pk], by=None)


def test_participation_refuses_another_editions_registration(organiser_client, edition, forum_templates):
    elsewhere = RegistrationFactory(status="approved")
    response = organiser_client.post(_url(edition), {"attended": [elsewhere.pk]})
    assert response.status_code == 200
    assert not Certificate.objects.exists()


@pytest.mark.parametrize("name", ["certificates", "certificates_speakers"])
def test_ticked_ids_that_are_no_whole_numbers_are_form_errors(organiser_client, edition, forum_templates, name):
    # "²" passed str.isdigit() while the page re-ticked the boxes, then broke int().
    field = "attended" if name == "certificates" else "speakers"
    response = organiser_client.post(_url(edition, name), {field: ["²", "1" * 25]})
    assert response.status_code == 200
    assert response.context["errors"]
    assert not Certificate.objects.exists()


def test_participation_without_template_says_so(organiser_client, edition):
    registration = _approved(edition)
    response = organiser_client.post(_url(edition), {"attended": [registration.pk]})
    assert response.status_code == 200
    assert "There is no certificate template of this kind yet." in response.content.decode()


def test_organiser_sees_youth_delegates_name(organiser_client, edition):
    youth = _approved(edition, user=UserFactory(given_name="Sreyneang", family_name="Kim"), is_youth=True)
    content = organiser_client.get(_url(edition)).content.decode()
    assert "Sreyneang Kim" in content
    assert youth.reference in content


def test_edition_overview_links_to_certificate_pages(organiser_client, edition):
    content = organiser_client.get(reverse("forum_organiser:edition", args=[edition.slug])).content.decode()
    assert _url(edition) in content
    assert _url(edition, "certificates_speakers") in content


# --- Speakers -----------------------------------------------------------------------------------------------


@pytest.fixture
def session(edition):
    return SessionFactory(room=RoomFactory(edition=edition), title_en="Safety by design", title_km="សុវត្ថិភាព")


def test_speaker_certificates_for_a_delegate_and_a_guest(
    organiser_client, edition, session, forum_templates, django_capture_on_commit_callbacks, outbox
):
    delegate = _approved(edition, user=UserFactory(given_name="Arun", family_name="Pillai"))
    as_delegate = SessionSpeakerFactory(session=session, registration=delegate, guest_name="", guest_title="")
    guest = SessionSpeakerFactory(session=session, guest_name="Dr Sophea Chan", guest_email="sophea@lab.example")

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            _url(edition, "certificates_speakers"), {"speakers": [as_delegate.pk, guest.pk]}
        )

    assert response.status_code == 302
    day = forum_time(edition, 0, 9).date()
    delegate_certificate = Certificate.objects.get(source_key=f"speaker:{as_delegate.pk}")
    assert delegate_certificate.kind == Certificate.Kind.FORUM_SPEAKER
    assert delegate_certificate.recipient == delegate.user
    assert delegate_certificate.organisation == delegate.organisation
    assert "Safety by design" in delegate_certificate.subject_en
    assert edition.title_en in delegate_certificate.subject_en
    assert (delegate_certificate.starts_on, delegate_certificate.ends_on) == (day, day)
    guest_certificate = Certificate.objects.get(source_key=f"speaker:{guest.pk}")
    assert guest_certificate.recipient is None
    assert guest_certificate.recipient_email == "sophea@lab.example"
    assert guest_certificate.recipient_name_latin == "Dr Sophea Chan"
    assert guest_certificate.organisation is None
    assert sorted(message.to[0] for message in outbox) == sorted([delegate.user.email, "sophea@lab.example"])

    # Again: no new certificate; both shown as issued.
    organiser_client.post(_url(edition, "certificates_speakers"), {"speakers": [as_delegate.pk, guest.pk]})
    assert Certificate.objects.count() == 2
    content = organiser_client.get(_url(edition, "certificates_speakers")).content.decode()
    assert delegate_certificate.serial in content and guest_certificate.serial in content


def test_speaker_whose_registration_is_not_approved_gets_none(organiser_client, edition, session, forum_templates):
    cancelled = RegistrationFactory(edition=edition, status="cancelled")
    speaker = SessionSpeakerFactory(session=session, registration=cancelled, guest_name="", guest_title="")
    response = organiser_client.post(_url(edition, "certificates_speakers"), {"speakers": [speaker.pk]})
    assert response.status_code == 200
    assert "cannot get a certificate for this forum" in response.content.decode()
    assert not Certificate.objects.exists()


def test_speaker_of_another_edition_is_refused(organiser_client, edition, forum_templates):
    elsewhere = SessionSpeakerFactory()
    response = organiser_client.post(_url(edition, "certificates_speakers"), {"speakers": [elsewhere.pk]})
    assert response.status_code == 200
    assert not Certificate.objects.exists()


# --- Query counts -------------------------------------------------------------------------------------------


def _add_delegates(edition, count):
    """`count` approved delegates, each with their participation certificate; the last one's reference."""
    for _ in range(count):
        registration = _approved(edition)
        CertificateFactory(source_key=f"registration:{registration.pk}", recipient=registration.user)
    return registration.reference


def _add_speakers(edition, count):
    """`count` sessions, each with a delegate speaker (and their certificate) and a guest; the last session's title."""
    for _ in range(count):
        session = SessionFactory(room=RoomFactory(edition=edition))
        delegate = _approved(edition)
        speaker = SessionSpeakerFactory(session=session, registration=delegate, guest_name="", guest_title="")
        CertificateFactory(source_key=f"speaker:{speaker.pk}")
        SessionSpeakerFactory(session=session)
    return session.title_en


@pytest.mark.parametrize("count", [1, 10])
@pytest.mark.parametrize(
    ("name", "fill", "queries"), [("certificates", _add_delegates, 9), ("certificates_speakers", _add_speakers, 9)]
)
def test_forum_certificate_pages_query_count(
    organiser_client, edition, django_assert_num_queries, name, fill, queries, count
):
    last_row = fill(edition, count)
    with django_assert_num_queries(queries):
        response = organiser_client.get(_url(edition, name))
    assert response.status_code == 200
    assert last_row in response.text


def test_forum_certificate_pages_offer_print_and_email(organiser_client, edition, session):
    registration = _approved(edition)
    participation = CertificateFactory(source_key=f"registration:{registration.pk}")
    speaker = SessionSpeakerFactory(session=session)
    spoke = CertificateFactory(source_key=f"speaker:{speaker.pk}")
    for name, certificate in (("certificates", participation), ("certificates_speakers", spoke)):
        content = organiser_client.get(_url(edition, name)).content.decode()
        assert reverse("certificates_organiser:print_start") in content
        assert f'name="certificate" value="{certificate.pk}"' in content


def test_tick_everyone_link_ticks_every_delegate_who_attended(organiser_client, edition):
    registrations = [_approved(edition) for _ in range(3)]
    absent = RegistrationFactory(edition=edition, status="approved")
    CertificateFactory(source_key=f"registration:{registrations[2].pk}", kind="forum_participation")
    content = organiser_client.get(_url(edition) + "?tick=all").content.decode()
    for registration in registrations:
        assert f'value="{registration.pk}" id="attended-{registration.pk}" checked' in content
    # No box for who did not attend; the page opens with those who attended and have no certificate yet ticked.
    assert f'id="attended-{absent.pk}"' not in content
    assert "0 of 1 day checked in" in content
    content = organiser_client.get(_url(edition)).content.decode()
    assert [f'id="attended-{r.pk}" checked' in content for r in registrations] == [True, True, False]
    content = organiser_client.get(_url(edition) + "?tick=none").content.decode()
    assert '" checked' not in content
