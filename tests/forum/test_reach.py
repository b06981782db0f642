"""Whom a forum edition reached is copied onto its registrations when it starts (forum.services.reach): not before,
once, kept through the purge of minors' data and through later changes of a profile."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from forum.models import Registration, YouthDetails
from forum.selectors.reach import registration_reach
from forum.services.consent import purge_expired_youth_data
from forum.services.reach import reach_record_edition, record_started_editions
from people.models import Organisation
from tests.factories import ForumEditionFactory, OrganisationFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

ZONE = datetime.timezone(datetime.timedelta(hours=7))  # Phnom Penh's offset, the factories' forum's zone


def _edition(starts_on: datetime.date, **fields):
    return ForumEditionFactory(starts_on=starts_on, ends_on=starts_on + datetime.timedelta(days=2), **fields)


def _registration(edition, *, sex="female", age_band="25_39", country="TH", kind=Organisation.Kind.NGO, **fields):
    return RegistrationFactory(
        edition=edition,
        user=UserFactory(sex=sex, age_band=age_band, country="KH"),
        organisation=OrganisationFactory(kind=kind, sector=""),
        country=country,
        **fields,
    )


def _youth(edition, *, date_of_birth):
    registration = _registration(edition, age_band="", category=Registration.Category.YOUTH, is_youth=True)
    YouthDetails.objects.create(registration=registration, date_of_birth=date_of_birth)
    return registration


def _reach(registration) -> tuple:
    registration.refresh_from_db()
    return (
        registration.reach_sex,
        registration.reach_age_band,
        registration.reach_country,
        registration.reach_organisation_kind,
    )


def test_copy_waits_for_the_first_day_in_the_forums_time_zone():
    edition = _edition(datetime.date(2027, 3, 16))
    registration = _registration(edition)
    # 23:30 UTC on the 15th is 06:30 on the 16th in Phnom Penh: the forum has started there.
    before = datetime.datetime(2027, 3, 15, 16, 59, tzinfo=datetime.UTC)
    at_dawn = datetime.datetime(2027, 3, 15, 23, 30, tzinfo=datetime.UTC)

    assert reach_record_edition(edition=edition, now=before) == 0
    registration.refresh_from_db()
    assert registration.reach_recorded_at is None
    assert record_started_editions(now=before) == ""

    assert record_started_editions(now=at_dawn) == "1 registration(s) recorded for the reports"
    assert _reach(registration) == ("female", "25_39", "TH", "ngo")
    assert registration.reach_recorded_at == at_dawn


def test_copy_is_idempotent_and_a_profile_changed_afterwards_changes_nothing():
    edition = _edition(timezone.localdate() - datetime.timedelta(days=1))
    registration = _registration(edition, sex="male", age_band="40_plus")
    assert reach_record_edition(edition=edition) == 1
    first = _reach(registration), registration.reach_recorded_at

    user = registration.user
    user.sex, user.age_band = "unsaid", ""
    user.save()
    registration.organisation.kind = Organisation.Kind.MEDIA
    registration.organisation.save()
    assert reach_record_edition(edition=edition) == 0
    assert record_started_editions() == ""
    assert (_reach(registration), registration.reach_recorded_at) == first
    annotated = Registration.objects.annotate(**registration_reach()).get(pk=registration.pk)
    assert (annotated.reach_sex_, annotated.reach_age_, annotated.reach_kind_) == ("male", "40_plus", "ngo")


def test_a_registration_made_after_the_start_is_copied_at_the_next_run():
    edition = _edition(timezone.localdate())
    _registration(edition)
    record_started_editions()
    walk_in = _registration(edition, sex="", age_band="", country="LA")
    assert record_started_editions() == "1 registration(s) recorded for the reports"
    assert _reach(walk_in) == ("", "", "LA", "ngo")


def test_a_youth_delegates_age_band_follows_from_their_date_of_birth_on_the_first_day():
    edition = _edition(datetime.date(2027, 3, 16))
    # 18 the day after the forum starts: under 18 on its first day.
    youth = _youth(edition, date_of_birth=datetime.date(2009, 3, 17))
    unknown = _registration(edition, age_band="", is_youth=True, category=Registration.Category.YOUTH)
    reach_record_edition(edition=edition, now=datetime.datetime(2027, 3, 16, 3, tzinfo=ZONE))
    assert _reach(youth)[1] == "under_18"
    assert _reach(unknown)[1] == "under_18"


def test_the_purge_of_minors_data_changes_no_report_and_records_first():
    ended = timezone.localdate() - datetime.timedelta(days=settings.FORUM_YOUTH_RETENTION_DAYS + 1)
    edition = _edition(ended - datetime.timedelta(days=2))
    youth = _youth(edition, date_of_birth=edition.starts_on.replace(year=edition.starts_on.year - 15))
    adult = _registration(edition, sex="female", age_band="18_24")
    figures = lambda: sorted(  # noqa: E731
        Registration.objects.filter(edition=edition)
        .annotate(**registration_reach())
        .values_list("reach_sex_", "reach_age_", "reach_country_", "reach_kind_")
    )
    before = figures()

    # Not recorded by the periodic job first: the purge itself copies before it deletes.
    assert purge_expired_youth_data().startswith("purged the details of 1 ")
    assert YouthDetails.objects.get(registration=youth).date_of_birth is None
    assert _reach(youth) == ("female", "under_18", "TH", "ngo")
    assert _reach(adult) == ("female", "18_24", "TH", "ngo")
    assert figures() == before


def test_the_copy_runs_before_the_purge_among_the_periodic_jobs():
    jobs = settings.PERIODIC_JOBS
    purge = jobs.index("forum.services.consent.purge_expired_youth_data")
    assert jobs.index("forum.services.reach.record_started_editions") < purge
    assert jobs.index("trainings.periodic.record_ended_cohorts") < purge


@pytest.mark.parametrize("size", [2, 20])
def test_copy_query_count_is_fixed(size, django_assert_num_queries):
    edition = _edition(timezone.localdate() - datetime.timedelta(days=1))
    for index in range(size):
        if index % 4:
            _registration(edition, sex=["female", "male", ""][index % 3])
        else:
            _youth(edition, date_of_birth=datetime.date(2012, 1, 1))
    # A savepoint, the locked read, the bulk update, the savepoint's release.
    with django_assert_num_queries(4):
        assert reach_record_edition(edition=edition) == size
    with django_assert_num_queries(3):
        assert reach_record_edition(edition=edition) == 0
