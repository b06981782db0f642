"""The training programme's rules (trainings.rules): each asked everywhere it matters, its SQL twin agreeing."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    AttendanceRecordFactory,
    CohortFactory,
    CourseFactory,
    EnrollmentFactory,
    MembershipFactory,
    OrganiserFactory,
    TrainingSessionFactory,
)
from trainings import rules
from trainings.models import AttendanceRecord, Cohort, Enrollment
from trainings.services import completion

pytestmark = pytest.mark.django_db

PRESENT, LATE, EXCUSED, ABSENT = (
    AttendanceRecord.Status.PRESENT,
    AttendanceRecord.Status.LATE,
    AttendanceRecord.Status.EXCUSED,
    AttendanceRecord.Status.ABSENT,
)


@pytest.mark.parametrize(
    ("late_counts", "attended"), [(True, {PRESENT, LATE}), (False, {PRESENT})], ids=["late-counts", "late-does-not"]
)
def test_attended_is_present_and_late_only_when_the_course_says_so(late_counts, attended):
    course = CourseFactory(late_counts_as_attended=late_counts)
    assert {status for status in AttendanceRecord.Status.values if rules.counts_as_attended(status, course)} == attended


def _a_record_of_each_status(course_rule: str) -> list:
    """A roll-call record of every status in a session of a course with `course_rule` on, and in one with it off."""
    records = []
    for on in (True, False):
        session = TrainingSessionFactory(**{f"cohort__course__{course_rule}": on})
        for status in AttendanceRecord.Status.values:
            enrollment = EnrollmentFactory(cohort=session.cohort)
            records.append(AttendanceRecordFactory(session=session, enrollment=enrollment, status=status))
    return records


def test_attended_q_agrees_with_counts_as_attended():
    records = _a_record_of_each_status("late_counts_as_attended")
    in_sql = set(AttendanceRecord.objects.filter(rules.attended_q()).values_list("pk", flat=True))
    assert in_sql == {r.pk for r in records if rules.counts_as_attended(r.status, r.session.cohort.course)}
    assert len(in_sql) == 3  # present twice, late once


def _employee_enrolled(company, cohort, attended):
    """A member of the company enrolled in the cohort by it, with one roll-call mark per session (`attended`)."""
    user = MembershipFactory(organisation=company).user
    return EnrollmentFactory(cohort=cohort, user=user, organisation=company, attended=attended)


def _enrolment_tables(client, focal_point, company, cohort) -> tuple[str, str, Client]:
    """The enrolments tables where the counts are shown: the focal point's company page's and the organiser's cohort
    page's (and the organiser's client, for more pages)."""
    client.force_login(focal_point)
    company_page = client.get(reverse("trainings:company", args=[company.pk])).content.decode()
    organiser = Client()
    organiser.force_login(OrganiserFactory(with_totp=True))
    cohort_page = organiser.get(reverse("trainings_organiser:cohort", args=[cohort.pk])).content.decode()
    return (
        company_page.split('id="company-enrolments"')[1],
        cohort_page.split('id="organiser-enrolments"')[1],
        organiser,
    )


@pytest.mark.parametrize(
    ("late_counts", "attended", "outcome"),
    [(True, 3, Enrollment.Status.COMPLETED), (False, 1, Enrollment.Status.NOT_COMPLETED)],
    ids=["late-counts", "late-does-not"],
)
def test_a_late_mark_is_attended_on_every_page_exactly_when_completion_counts_it(
    client, company, focal_point, past_cohort, late_counts, attended, outcome
):
    past_cohort.course.late_counts_as_attended = late_counts
    past_cohort.course.save()
    enrollment = _employee_enrolled(company, past_cohort, attended=[PRESENT, LATE, LATE])

    company_table, cohort_table, organiser = _enrolment_tables(client, focal_point, company, past_cohort)
    assert f"{attended} of 3" in company_table
    assert f"{attended} of 3" in cohort_table
    export = organiser.get(reverse("trainings:attendance_csv", args=[past_cohort.pk])).content.decode()
    header, row = export.splitlines()[:2]
    assert header.split(",")[-1] == '"Attended"'
    assert row.split(",")[-1] == f'"{attended}"'
    rollcall = organiser.get(reverse("trainings:attendance", args=[past_cohort.sessions.first().pk])).content.decode()
    assert ("Late counts as attended" in rollcall) is late_counts
    client.force_login(enrollment.user)
    own_page = client.get(reverse("trainings:cohort", args=[past_cohort.pk])).content.decode()
    assert len(re.findall(r'class="badge text-bg-success"', own_page)) == attended

    completion.cohort_decide_completion(cohort=past_cohort)
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.sessions_attended) == (outcome, attended)


def _cohorts_around(now):
    today = timezone.localdate(now)
    week = datetime.timedelta(days=7)
    return {
        "open": CohortFactory(),
        "closed by hand": CohortFactory(is_open_for_enrolment=False),
        "closing time passed": CohortFactory(enrolment_closes_at=now - datetime.timedelta(minutes=1)),
        "closing time ahead": CohortFactory(enrolment_closes_at=now + datetime.timedelta(minutes=1)),
        "over": CohortFactory(starts_on=today - week, ends_on=today - datetime.timedelta(days=1)),
        "last day today": CohortFactory(starts_on=today - week, ends_on=today),
        "decided": CohortFactory(completion_decided_at=now),
    }


@pytest.mark.parametrize(
    ("excused_excluded", "counted", "outcome"),
    [(True, 2, Enrollment.Status.COMPLETED), (False, 3, Enrollment.Status.NOT_COMPLETED)],
    ids=["excused-leave-the-count", "excused-count"],
)
def test_an_excused_session_counts_on_every_page_exactly_as_completion_counts_it(
    client, company, focal_point, past_cohort, excused_excluded, counted, outcome
):
    past_cohort.course.excused_excluded = excused_excluded
    past_cohort.course.min_attendance_percent = 80
    past_cohort.course.save()
    enrollment = _employee_enrolled(company, past_cohort, attended=[PRESENT, PRESENT, EXCUSED])

    company_table, cohort_table, _organiser = _enrolment_tables(client, focal_point, company, past_cohort)
    assert f"2 of {counted}" in company_table
    assert f"2 of {counted}" in cohort_table

    completion.cohort_decide_completion(cohort=past_cohort)
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.sessions_attended, enrollment.sessions_counted) == (outcome, 2, counted)


def test_counted_q_agrees_with_leaves_the_count():
    records = _a_record_of_each_status("excused_excluded")
    in_sql = set(AttendanceRecord.objects.filter(rules.counted_q()).values_list("pk", flat=True))
    assert in_sql == {r.pk for r in records if rules.leaves_the_count(r.status, r.session.cohort.course)}
    assert len(in_sql) == 1


def test_enrolment_open_q_agrees_with_enrolment_is_open():
    now = timezone.now()
    cohorts = _cohorts_around(now)
    in_sql = set(Cohort.objects.filter(rules.enrolment_open_q(now)).values_list("pk", flat=True))
    assert in_sql == {c.pk for c in cohorts.values() if rules.enrolment_is_open(c, now)}
    assert {name for name, c in cohorts.items() if c.pk in in_sql} == {"open", "closing time ahead", "last day today"}


def test_completion_can_be_decided_once_the_last_session_is_over():
    now = timezone.now()
    assert rules.completion_can_be_decided(last_session_ends_at=now, now=now)
    assert not rules.completion_can_be_decided(last_session_ends_at=now + datetime.timedelta(seconds=1), now=now)
    assert not rules.completion_can_be_decided(last_session_ends_at=None, now=now)


def test_with_places_counts_every_enrolment_but_the_withdrawn():
    cohort = CohortFactory(capacity=4)
    for status in Enrollment.Status.values:
        EnrollmentFactory(cohort=cohort, status=status, decided_at=timezone.now(), withdrawn_at=timezone.now())
    counted = rules.with_places(Cohort.objects.filter(pk=cohort.pk)).get()
    assert (counted.places_taken, counted.places_left) == (3, 1)
    assert sum(Enrollment(status=status).holds_place for status in Enrollment.Status.values) == 3
