"""Factories for the training programme."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from tests.factories.people import OrganisationFactory, UserFactory
from trainings.models import AttendanceRecord, Cohort, Course, Enrollment, TrainingSession

__all__ = [
    "AttendanceRecordFactory",
    "CohortFactory",
    "CourseFactory",
    "EnrollmentFactory",
    "PastCohortFactory",
    "TrainingSessionFactory",
]


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    title_en = factory.Sequence(lambda n: f"Child online protection {n}")
    title_km = factory.Sequence(lambda n: f"ការការពារកុមារលើអ៊ីនធឺណិត {n}")
    summary_en = "What technology companies do to keep children safe online."
    outcomes_en = "Know the guidelines\nReport an incident"
    hours = Decimal("12")
    guideline_version = "2027.1"
    min_attendance_percent = 80
    late_counts_as_attended = True
    excused_excluded = True
    has_assessment = False
    pass_mark = None


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    course = factory.SubFactory(CourseFactory)
    code = factory.Sequence(lambda n: f"COP-{n:04d}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=2))
    venue = "Ministry training room, Phnom Penh"
    language = "km"
    capacity = 20
    is_open_for_enrolment = True

    @factory.post_generation
    def trainers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.trainers.set(extracted)


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    cohort = factory.SubFactory(CohortFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    topic = factory.Sequence(lambda n: f"Topic {n}")
    room = "Room A"


class PastCohortFactory(CohortFactory):
    """A cohort that is over: three sessions of three hours, on the three days that ended a week ago."""

    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    capacity = 30

    @factory.post_generation
    def sessions(obj, create, extracted, **kwargs):
        if create:
            start = timezone.now() - datetime.timedelta(days=10)
            for day in range(3):
                TrainingSessionFactory(
                    cohort=obj,
                    starts_at=start + datetime.timedelta(days=day),
                    ends_at=start + datetime.timedelta(days=day, hours=3),
                )


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment
        skip_postgeneration_save = True

    cohort = factory.SubFactory(CohortFactory)
    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    status = Enrollment.Status.ENROLLED

    @factory.post_generation
    def attended(obj, create, extracted, **kwargs):
        """attended=[status, ...]: the roll-call of the cohort's sessions in time order, one status per session
        (None: no record)."""
        if create and extracted is not None:
            sessions = obj.cohort.sessions.order_by("starts_at")
            for session, status in zip(sessions, extracted, strict=True):
                if status:
                    AttendanceRecordFactory(session=session, enrollment=obj, status=status)


class AttendanceRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AttendanceRecord

    session = factory.SubFactory(TrainingSessionFactory)
    enrollment = factory.SubFactory(EnrollmentFactory)
    status = AttendanceRecord.Status.PRESENT
