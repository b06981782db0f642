"""seed_demo's world gives every figure of the dashboard and the report a shape: each dimension has more than one
value (statuses, countries, categories, organisation types, sexes, age bands, consent, weeks; courses, companies,
completion, certificates, tests), and running it again changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models.functions import TruncWeek

from certificates.models import Certificate
from forum.models import ForumEdition, Registration, RegistrationEvent, VisaRequest, YouthDetails
from forum.selectors.reach import registration_reach
from people.models import User
from trainings.models import Attempt, AttendanceRecord, Enrollment
from trainings.selectors.reach import enrollment_reach

pytestmark = pytest.mark.django_db


def _values(queryset, field: str) -> set:
    return set(queryset.values_list(field, flat=True).distinct())


def _counts() -> list[int]:
    models = (User, Registration, RegistrationEvent, VisaRequest, YouthDetails, Enrollment, AttendanceRecord)
    return [model.objects.count() for model in (*models, Attempt, Certificate)]


def test_demo_world_gives_every_dashboard_dimension_more_than_one_value():
    call_command("seed_demo", stdout=StringIO())
    edition = ForumEdition.objects.get(slug="atf-2027")
    registrations = Registration.objects.filter(edition=edition).annotate(**registration_reach())
    assert 60 <= registrations.count() <= 120
    assert {"approved", "submitted", "waitlisted", "cancelled"} <= _values(registrations, "status")
    assert len(_values(registrations, "reach_country_")) >= 8
    assert len(_values(registrations, "category")) >= 4
    assert len(_values(registrations, "reach_kind_")) >= 4
    assert {"female", "male", ""} <= _values(registrations, "reach_sex_")
    assert {"under_18", "18_24", "25_39", "40_plus", ""} <= _values(registrations, "reach_age_")
    assert {"given", "pending"} <= _values(YouthDetails.objects.filter(registration__edition=edition), "participation")
    weeks = registrations.annotate(week=TruncWeek("created_at")).values_list("week", flat=True).distinct()
    assert len(set(weeks)) >= 4
    assert VisaRequest.objects.filter(registration__edition=edition).count() > 1
    # The seat arithmetic held: no country over its quota, the total within capacity.
    approved = registrations.filter(status="approved").exclude(category__in=Registration.SEATLESS_CATEGORIES)
    assert approved.count() <= edition.capacity
    for quota in edition.quotas.all():
        assert approved.filter(country=quota.country).count() <= quota.seats

    enrollments = Enrollment.objects.annotate(**enrollment_reach())
    assert len(_values(enrollments, "cohort__course")) >= 3
    assert len(_values(enrollments.exclude(organisation=None), "organisation")) >= 5
    assert {"completed", "not_completed"} <= _values(enrollments, "status")
    for dimension in ("reach_sex_", "reach_age_", "reach_country_", "reach_kind_"):
        assert len(_values(enrollments, dimension)) > 1, dimension
    decided = enrollments.exclude(decided_at=None)
    assert not decided.filter(reach_recorded_at=None).exists()  # copied when completion was decided
    assert len(_values(AttendanceRecord.objects.all(), "status")) >= 3
    assert Certificate.objects.count() > 10
    assert len(_values(Attempt.objects.exclude(submitted_at=None), "enrollment__cohort")) >= 2
    assert {"pre", "post"} <= _values(Attempt.objects.all(), "assessment__kind")

    counts = _counts()
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == counts
