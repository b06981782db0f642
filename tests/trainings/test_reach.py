"""Whom a cohort reached is copied onto its enrolments when its completion is decided (trainings.services.reach),
with a periodic safety net: not before, once, and a profile changed later changes no copy."""

import datetime

import pytest
from django.utils import timezone

from people.models import Organisation
from tests.factories import CohortFactory, EnrollmentFactory, OrganisationFactory, PastCohortFactory, UserFactory
from trainings.models import Enrollment
from trainings.periodic import record_ended_cohorts
from trainings.selectors.reach import enrollment_reach
from trainings.services.completion import cohort_decide_completion
from trainings.services.reach import reach_record_cohort

pytestmark = pytest.mark.django_db


def _enrol(cohort, *, sex="female", age_band="25_39", country="", company_country="SG", kind=None, **fields):
    organisation = (
        None
        if kind == ""
        else OrganisationFactory(country=company_country, kind=kind or Organisation.Kind.TECH_COMPANY)
    )
    if organisation is not None and organisation.kind != Organisation.Kind.TECH_COMPANY:
        organisation.sector = ""
        organisation.save()
    return EnrollmentFactory(
        cohort=cohort,
        user=UserFactory(sex=sex, age_band=age_band, country=country),
        organisation=organisation,
        **fields,
    )


def _reach(enrollment) -> tuple:
    enrollment.refresh_from_db()
    return (
        enrollment.reach_sex,
        enrollment.reach_age_band,
        enrollment.reach_country,
        enrollment.reach_organisation_kind,
    )


def test_deciding_completion_copies_whom_the_cohort_reached():
    cohort = PastCohortFactory()
    from_company = _enrol(cohort)  # no country of their own: their company's
    own_country = _enrol(cohort, sex="male", age_band="18_24", country="VN")
    for_themselves = _enrol(cohort, sex="", age_band="", country="LA", kind="")
    for enrollment in (from_company, own_country, for_themselves):
        enrollment.refresh_from_db()
        assert enrollment.reach_recorded_at is None

    cohort_decide_completion(cohort=cohort)
    assert _reach(from_company) == ("female", "25_39", "SG", "tech_company")
    assert _reach(own_country) == ("male", "18_24", "VN", "tech_company")
    assert _reach(for_themselves) == ("", "", "LA", "")
    assert from_company.reach_recorded_at is not None


def test_no_copy_while_the_cohort_runs():
    cohort = CohortFactory(starts_on=timezone.localdate(), ends_on=timezone.localdate() + datetime.timedelta(days=2))
    enrollment = _enrol(cohort)
    assert record_ended_cohorts() == ""
    enrollment.refresh_from_db()
    assert enrollment.reach_recorded_at is None


def test_copy_is_idempotent_and_a_profile_changed_afterwards_changes_nothing():
    cohort = PastCohortFactory()
    enrollment = _enrol(cohort, country="TH")
    cohort_decide_completion(cohort=cohort)
    first = _reach(enrollment), enrollment.reach_recorded_at

    user = enrollment.user
    user.sex, user.age_band, user.country = "another", "40_plus", "KH"
    user.save()
    cohort_decide_completion(cohort=cohort, force=True)
    assert reach_record_cohort(cohort=cohort) == 0
    assert record_ended_cohorts() == ""
    assert (_reach(enrollment), enrollment.reach_recorded_at) == first
    annotated = Enrollment.objects.annotate(**enrollment_reach()).get(pk=enrollment.pk)
    assert (annotated.reach_sex_, annotated.reach_age_, annotated.reach_country_) == ("female", "25_39", "TH")


def test_the_periodic_job_copies_a_cohort_past_its_last_day_and_enrolments_added_after_the_decision():
    cohort = CohortFactory(
        starts_on=timezone.localdate() - datetime.timedelta(days=5),
        ends_on=timezone.localdate() - datetime.timedelta(days=4),
    )  # no session: never decided
    enrollment = _enrol(cohort)
    assert record_ended_cohorts() == "1 enrolment(s) recorded for the reports"
    assert _reach(enrollment) == ("female", "25_39", "SG", "tech_company")

    decided = PastCohortFactory()
    cohort_decide_completion(cohort=decided)
    late = _enrol(decided, sex="male")
    assert record_ended_cohorts() == "1 enrolment(s) recorded for the reports"
    assert _reach(late)[0] == "male"


@pytest.mark.parametrize("size", [2, 20])
def test_copy_query_count_is_fixed(size, django_assert_num_queries):
    cohort = PastCohortFactory()
    for index in range(size):
        _enrol(cohort, sex=["female", "male", ""][index % 3], country=["", "KH"][index % 2])
    # A savepoint, the locked read, the bulk update, the savepoint's release.
    with django_assert_num_queries(4):
        assert reach_record_cohort(cohort=cohort) == size
    with django_assert_num_queries(3):
        assert reach_record_cohort(cohort=cohort) == 0
