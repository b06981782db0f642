"""More demo training (called last by trainings.demo.seed; idempotent, deterministic): a third course and three
finished cohorts of this year taught by a second trainer, with staff of many companies from the forum's demo crowd
(forum.demo.crowd) enrolled, their roll-calls, pre- and post-tests (through the services) and the completion
decision, which issues the certificates and keeps whom each cohort reached (services.completion), so the
dashboard's training charts have a shape. Enrolments and marks are written in bulk; a cohort that exists is left
as it is.
"""

import datetime
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from people.demo import demo_user
from people.models import Membership, User

from .demo_assessments import take_test
from .models import Assessment, AttendanceChange, AttendanceRecord, Cohort, Course, Enrollment, TrainingSession
from .services.completion import cohort_decide_completion

SEED = 2026
COURSE = {
    "title_en": "Safety by design for product teams",
    "title_km": "សុវត្ថិភាពតាមការរចនា សម្រាប់ក្រុមផលិតផល",
    "summary_en": "Building products that keep children safe from the start: age assurance, defaults, reporting tools.",
    "summary_km": "ការបង្កើតផលិតផលដែលការពារកុមារតាំងពីដំបូង៖ ការផ្ទៀងផ្ទាត់អាយុ ការកំណត់លំនាំដើម និងឧបករណ៍រាយការណ៍។",
    "hours": Decimal("8"),
    "guideline_version": "2026.1",
    "min_attendance_percent": 75,
    "late_counts_as_attended": True,
    "excused_excluded": True,
    "has_assessment": False,
    "pass_mark": None,
}
# code, course title (None: the course above), first day offset, topics, how many enrolled
COHORTS = [
    ("COP-2026-00", "Child online protection for technology companies", -100, ["Risks", "Guidelines", "Policies"], 16),
    ("SBD-2026-01", None, -70, ["Age assurance and defaults", "Reporting tools"], 14),
    ("RPT-2026-00", "Reporting child sexual abuse material and other incidents", -55, ["Recognising", "Reporting"], 12),
]
MARKS = (["present", "late", "excused", "absent"], [78, 9, 5, 8])


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=ZoneInfo(settings.TIME_ZONE))


def _cohort(rng, code, course, offset, topics, size, trainer, staff) -> Cohort:
    starts_on = timezone.localdate() + datetime.timedelta(days=offset)
    cohort = Cohort.objects.create(
        code=code,
        course=course,
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=len(topics) - 1),
        venue="Ministry of Posts and Telecommunications, Phnom Penh",
        language="km",
        capacity=25,
        is_open_for_enrolment=False,
    )
    cohort.trainers.add(trainer)
    sessions = TrainingSession.objects.bulk_create(
        [
            TrainingSession(
                cohort=cohort,
                topic=topic,
                starts_at=_at(starts_on + datetime.timedelta(days=day), 9),
                ends_at=_at(starts_on + datetime.timedelta(days=day), 12),
                room="Room 2",
            )
            for day, topic in enumerate(topics)
        ]
    )
    chosen = rng.sample(staff, size)
    enrollments = Enrollment.objects.bulk_create(
        [
            Enrollment(cohort=cohort, user=membership.user, organisation=membership.organisation, enrolled_by=trainer)
            for membership in chosen
        ]
    )
    records = AttendanceRecord.objects.bulk_create(
        [
            AttendanceRecord(session=session, enrollment=enrollment, status=rng.choices(*MARKS)[0], updated_by=trainer)
            for enrollment in enrollments
            for session in sessions
        ]
    )
    sessions_by_pk = {session.pk: session for session in sessions}
    AttendanceChange.objects.bulk_create(
        [
            AttendanceChange(
                session_id=record.session_id,
                enrollment_id=record.enrollment_id,
                record=record,
                new_status=record.status,
                how=AttendanceChange.How.TAP,
                changed_by=trainer,
                changed_at=sessions_by_pk[record.session_id].ends_at,
            )
            for record in records
        ]
    )
    return cohort


def _tests(rng, cohort) -> int:
    """Each person's pre-test the evening before and post-test after the last session, through the services."""
    tests = {a.kind: a for a in Assessment.objects.filter(course=cohort.course)}
    if set(tests) != {Assessment.Kind.PRE, Assessment.Kind.POST}:
        return 0
    sessions = list(cohort.sessions.order_by("starts_at"))
    before = sessions[0].starts_at - datetime.timedelta(hours=14)
    after = sessions[-1].ends_at + datetime.timedelta(hours=2)
    made = 0
    for enrollment in cohort.enrollments.order_by("pk"):
        pre = rng.choice([0.25, 0.375, 0.5, 0.625])
        take_test(enrollment, tests[Assessment.Kind.PRE], pre, before)
        take_test(enrollment, tests[Assessment.Kind.POST], min(1.0, pre + rng.choice([0.1, 0.3, 0.4, 0.5])), after)
        made += 2
    return made


def seed(*, stdout) -> None:
    if Cohort.objects.filter(code__in=[row[0] for row in COHORTS]).exists():
        return
    rng = random.Random(SEED)  # noqa: S311 (demo data, the same on every machine: not a secret)
    staff = list(
        Membership.objects.filter(user__email__startswith="crowd.", status=Membership.Status.CONFIRMED)
        .exclude(organisation__kind="international")
        .select_related("user", "organisation")
        .order_by("user__email")
    )
    if len(staff) < max(row[4] for row in COHORTS):
        return  # the forum's crowd is missing (trainings seeded alone)
    trainer = demo_user(
        "trainer2@example.org", given_name="Kanha", family_name="Sim", native_name="ស៊ឹម កញ្ញា", language="km"
    )
    own, _ = Course.objects.get_or_create(title_en=COURSE["title_en"], defaults=COURSE)
    made = attempts = 0
    for code, title, offset, topics, size in COHORTS:
        course = own if title is None else Course.objects.get(title_en=title)
        cohort = _cohort(rng, code, course, offset, topics, size, trainer, staff)
        attempts += _tests(rng, cohort)
        cohort_decide_completion(cohort=cohort)
        made += size
    people = User.objects.filter(enrollments__cohort__code__in=[row[0] for row in COHORTS]).distinct().count()
    stdout.write(f"Trainings: {len(COHORTS)} more cohorts, {made} enrolments of {people} people, {attempts} attempts.")
