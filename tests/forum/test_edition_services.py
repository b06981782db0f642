"""forum.edition_services: editions, quotas, policy versions; freed seats go to the waiting list at once."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from forum.errors import EditionError
from forum.models import CountryQuota, ForumEdition, PolicyDocument, Registration, RegistrationEvent
from forum.services.edition import (
    edition_create,
    edition_publish,
    edition_unpublish,
    edition_update,
    policy_publish_version,
    quota_delete,
    quota_set,
)
from forum.services.lifecycle import registration_bulk_decide
from tests.factories import CountryQuotaFactory, ForumEditionFactory, OrganiserFactory, RegistrationFactory

S = Registration.Status
pytestmark = pytest.mark.django_db


def _edition_data(**overrides) -> dict:
    now = timezone.now()
    data = {
        "slug": "atf-2027",
        "reference_prefix": "ATF27",
        "title_en": "ASEAN Technology Forum on Child Protection Online 2027",
        "title_km": "វេទិកាបច្ចេកវិទ្យាអាស៊ាន ២០២៧",
        "description_en": "",
        "description_km": "",
        "starts_on": datetime.date(2027, 3, 10),
        "ends_on": datetime.date(2027, 3, 12),
        "venue": "Sokha Phnom Penh Hotel",
        "city": "Phnom Penh",
        "country": "KH",
        "time_zone": "Asia/Phnom_Penh",
        "registration_opens_at": now,
        "registration_closes_at": now + datetime.timedelta(days=30),
        "capacity": 150,
        "mode": ForumEdition.Mode.REVIEW,
        "show_seats_left": True,
    }
    data.update(overrides)
    return data


def _waiting(edition, n, country="KH"):
    base = timezone.now() - datetime.timedelta(days=1)
    registrations = []
    for i in range(n):
        registration = RegistrationFactory(edition=edition, status=S.WAITLISTED, country=country)
        Registration.objects.filter(pk=registration.pk).update(created_at=base + datetime.timedelta(minutes=i))
        registrations.append(registration)
    return registrations


def test_edition_create_is_unpublished_and_validates_time_zone():
    organiser = OrganiserFactory()
    edition = edition_create(data=_edition_data(), by=organiser)
    assert edition.pk and not edition.is_published
    assert edition.title_km.startswith("វេទិកា")
    with pytest.raises(ValidationError) as caught:
        edition_create(data=_edition_data(slug="other", reference_prefix="X", time_zone="Mars/Olympus"), by=organiser)
    assert "time zone" in str(caught.value)
    assert ForumEdition.objects.count() == 1


def test_edition_create_refuses_window_closing_before_it_opens():
    now = timezone.now()
    with pytest.raises(ValidationError):
        edition_create(
            data=_edition_data(registration_opens_at=now, registration_closes_at=now - datetime.timedelta(hours=1)),
            by=OrganiserFactory(),
        )


def test_edition_update_capacity_below_approved_is_refused():
    edition = ForumEditionFactory(capacity=5)
    RegistrationFactory.create_batch(3, edition=edition, status=S.APPROVED)
    with pytest.raises(EditionError) as caught:
        edition_update(edition=edition, data={"capacity": 2}, by=OrganiserFactory())
    assert "3 delegates are approved" in str(caught.value.message)
    edition.refresh_from_db()
    assert edition.capacity == 5
    edition_update(edition=edition, data={"capacity": 3}, by=OrganiserFactory())
    edition.refresh_from_db()
    assert edition.capacity == 3


def test_edition_update_capacity_raised_promotes_oldest_waiting(django_capture_on_commit_callbacks, outbox):
    edition = ForumEditionFactory(capacity=1, mode=ForumEdition.Mode.AUTO)
    RegistrationFactory(edition=edition, status=S.APPROVED)
    first, second, third = _waiting(edition, 3)
    with django_capture_on_commit_callbacks(execute=True):
        edition_update(edition=edition, data={"capacity": 3}, by=OrganiserFactory())
    statuses = dict(Registration.objects.filter(pk__in=[first.pk, second.pk, third.pk]).values_list("pk", "status"))
    assert statuses == {first.pk: S.APPROVED, second.pk: S.APPROVED, third.pk: S.WAITLISTED}
    event = RegistrationEvent.objects.get(registration=first, to_status=S.APPROVED)
    assert event.actor is None and "waiting list" in event.reason
    assert {message.to[0] for message in outbox} == {first.user.email, second.user.email}


def test_quota_set_raised_promotes_and_lowering_below_approved_is_refused():
    edition = ForumEditionFactory(capacity=10)
    CountryQuotaFactory(edition=edition, country="TH", seats=1)
    RegistrationFactory(edition=edition, status=S.APPROVED, country="TH")
    waiting_th, waiting_th2 = _waiting(edition, 2, country="TH")
    organiser = OrganiserFactory()

    with pytest.raises(EditionError) as caught:
        quota_set(edition=edition, country="TH", seats=0, by=organiser)
    assert "Thailand" in str(caught.value.message)
    assert CountryQuota.objects.get(edition=edition, country="TH").seats == 1

    quota_set(edition=edition, country="TH", seats=2, by=organiser)
    waiting_th.refresh_from_db()
    waiting_th2.refresh_from_db()
    assert (waiting_th.status, waiting_th2.status) == (S.APPROVED, S.WAITLISTED)


def test_quota_set_new_quota_below_approved_is_refused_and_not_created():
    edition = ForumEditionFactory(capacity=10)
    RegistrationFactory.create_batch(2, edition=edition, status=S.APPROVED, country="VN")
    with pytest.raises(EditionError):
        quota_set(edition=edition, country="VN", seats=1, by=OrganiserFactory())
    assert not CountryQuota.objects.filter(edition=edition).exists()
    quota = quota_set(edition=edition, country="VN", seats=2, by=OrganiserFactory())
    assert quota.seats == 2


def test_quota_delete_promotes_waiting_delegates_of_that_country():
    edition = ForumEditionFactory(capacity=10)
    quota = CountryQuotaFactory(edition=edition, country="LA", seats=1)
    RegistrationFactory(edition=edition, status=S.APPROVED, country="LA")
    (waiting,) = _waiting(edition, 1, country="LA")
    quota_delete(quota=quota, by=OrganiserFactory())
    waiting.refresh_from_db()
    assert waiting.status == S.APPROVED
    assert not CountryQuota.objects.filter(edition=edition).exists()


def test_policy_publish_version_numbers_versions_and_keeps_agreed_ones():
    edition = ForumEditionFactory()  # version 1 of both
    registration = RegistrationFactory(edition=edition)
    agreed = registration.code_of_conduct
    v2 = policy_publish_version(
        edition=edition, kind=PolicyDocument.Kind.CODE_OF_CONDUCT, text_en=" New rules. ", text_km="", by=None
    )
    assert (v2.version, v2.text_en) == (2, "New rules.")
    registration.refresh_from_db()
    assert registration.code_of_conduct == agreed and agreed.version == 1
    v3 = policy_publish_version(edition=edition, kind="code_of_conduct", text_en="Third.", text_km="ទី៣", by=None)
    assert v3.version == 3
    privacy = policy_publish_version(edition=edition, kind="privacy", text_en="P2", text_km="", by=None)
    assert privacy.version == 2
    with pytest.raises(EditionError):
        policy_publish_version(edition=edition, kind="privacy", text_en="  ", text_km="", by=None)


def test_edition_publish_needs_both_policies_then_unpublish():
    edition = ForumEditionFactory(is_published=False, policies=False)
    with pytest.raises(EditionError) as caught:
        edition_publish(edition=edition, by=None)
    assert "Code of conduct" in str(caught.value.message) and "Privacy notice" in str(caught.value.message)
    policy_publish_version(edition=edition, kind="code_of_conduct", text_en="Be kind.", text_km="", by=None)
    policy_publish_version(edition=edition, kind="privacy", text_en="We keep little.", text_km="", by=None)
    assert edition_publish(edition=edition, by=None).is_published
    edition_unpublish(edition=edition, by=None)
    edition.refresh_from_db()
    assert not edition.is_published


def test_registration_bulk_decide_reports_each_item():
    edition = ForumEditionFactory(capacity=1)
    first = RegistrationFactory(edition=edition)
    second = RegistrationFactory(edition=edition)
    rejected = RegistrationFactory(edition=edition, status=S.REJECTED)
    outcomes = registration_bulk_decide(
        registrations=[first, second, rejected], action="approve", by=OrganiserFactory(), message="Welcome"
    )
    assert [(o.reference, o.ok, o.no_seat, o.can_waitlist) for o in outcomes] == [
        (first.reference, True, False, False),
        (second.reference, False, True, True),
        (rejected.reference, False, False, False),
    ]
    assert "No seat is left" in outcomes[1].message
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (S.APPROVED, S.SUBMITTED)
    assert RegistrationEvent.objects.get(registration=first, to_status=S.APPROVED).reason == "Welcome"


@pytest.mark.parametrize(
    ("name", "on", "label"),
    [
        ("Asia/Phnom_Penh", datetime.date(2027, 3, 1), "Phnom Penh, UTC+07:00"),
        ("Asia/Yangon", datetime.date(2027, 3, 1), "Yangon, UTC+06:30"),
        ("Europe/Paris", datetime.date(2027, 1, 10), "Paris, UTC+01:00"),
        ("Europe/Paris", datetime.date(2027, 7, 10), "Paris, UTC+02:00"),
        ("America/St_Johns", datetime.date(2027, 1, 10), "St Johns, UTC-03:30"),
        ("Not/A_Zone", datetime.date(2027, 1, 10), "Not/A_Zone"),
    ],
)
def test_time_zone_label_names_the_city_and_the_offset_on_the_day(name, on, label):
    from forum.models import time_zone_label

    assert time_zone_label(name, on) == label
