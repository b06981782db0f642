"""Who a survey is about and who it invites (surveys.subjects and the kinds forum and trainings register): the
people who attended, by each app's one rule of "attended", and nobody else."""

import datetime

import pytest
from django.utils import timezone

from forum.models import Registration
from surveys.subjects import subject_kind
from tests.factories import (
    AgendaChoiceFactory,
    CohortFactory,
    EnrollmentFactory,
    ForumEditionFactory,
    PastCohortFactory,
    RegistrationFactory,
    SessionFactory,
    UserFactory,
)
from tests.forum.attendance.helpers import check_in, overridden
from trainings.models import AttendanceRecord, Enrollment

pytestmark = pytest.mark.django_db

PRESENT, LATE, ABSENT = (AttendanceRecord.Status.PRESENT, AttendanceRecord.Status.LATE, AttendanceRecord.Status.ABSENT)


def _people(queryset) -> set:
    return set(queryset.values_list("email", flat=True))


def test_a_cohort_invites_who_attended_at_least_once_and_is_not_withdrawn():
    cohort = PastCohortFactory(course__late_counts_as_attended=False)
    once = EnrollmentFactory(cohort=cohort, attended=[ABSENT, PRESENT, None])
    late_only = EnrollmentFactory(cohort=cohort, attended=[LATE, LATE, None])
    never = EnrollmentFactory(cohort=cohort, attended=[ABSENT, ABSENT, ABSENT])
    withdrawn = EnrollmentFactory(
        cohort=cohort, attended=[PRESENT, None, None], status=Enrollment.Status.WITHDRAWN, withdrawn_at=timezone.now()
    )
    kind = subject_kind("trainings.cohort")

    assert _people(kind.audience(cohort.pk)) == {once.user.email}
    assert {late_only.user.email, never.user.email, withdrawn.user.email}.isdisjoint(_people(kind.audience(cohort.pk)))
    [part] = kind.parts(cohort.pk)
    assert part.id == cohort.pk
    assert part.ends_at == cohort.sessions.order_by("-ends_at").first().ends_at
    assert cohort.code in kind.describe(cohort.pk).label
    assert kind.describe(cohort.pk + 1000) is None and kind.parts(cohort.pk + 1000) == []


def test_a_training_session_invites_who_was_present_or_late_when_late_counts():
    cohort = PastCohortFactory(course__late_counts_as_attended=True)
    first = cohort.sessions.order_by("starts_at").first()
    present = EnrollmentFactory(cohort=cohort, attended=[PRESENT, None, None])
    late = EnrollmentFactory(cohort=cohort, attended=[LATE, None, None])
    EnrollmentFactory(cohort=cohort, attended=[ABSENT, PRESENT, PRESENT])
    kind = subject_kind("trainings.session")

    assert _people(kind.audience(first.pk)) == {present.user.email, late.user.email}
    assert [part.id for part in kind.parts(first.pk)] == [first.pk]


def test_trainers_read_their_cohorts_results_and_no_one_else_does():
    trainer, stranger = UserFactory(), UserFactory()
    cohort = PastCohortFactory(trainers=[trainer])
    session = cohort.sessions.first()

    assert subject_kind("trainings.cohort").readers(trainer, cohort.pk)
    assert not subject_kind("trainings.cohort").readers(stranger, cohort.pk)
    assert subject_kind("trainings.session").readers(trainer, session.pk)
    assert not subject_kind("trainings.session").readers(stranger, session.pk)


def _past_edition():
    return ForumEditionFactory(starts_on=timezone.localdate() - datetime.timedelta(days=10), days_for_certificate=1)


def test_a_forum_edition_invites_the_delegates_who_attended_by_the_one_rule():
    edition = _past_edition()
    came = RegistrationFactory(edition=edition, status=Registration.Status.APPROVED)
    check_in(came)
    overridden_one = RegistrationFactory(edition=edition, status=Registration.Status.APPROVED)
    overridden(overridden_one)
    RegistrationFactory(edition=edition, status=Registration.Status.APPROVED)  # never came
    kind = subject_kind("forum.edition")

    assert _people(kind.audience(edition.pk)) == {came.user.email, overridden_one.user.email}
    [part] = kind.parts(edition.pk)
    assert part.ends_at.date() == edition.ends_on + datetime.timedelta(days=1)
    assert not kind.readers(came.user, edition.pk)


def test_each_forum_session_invites_who_came_to_its_door_or_attended_and_chose_it():
    edition = _past_edition()
    session, other = SessionFactory(room__edition=edition), SessionFactory(room__edition=edition)
    at_door = RegistrationFactory(edition=edition, status=Registration.Status.APPROVED)
    check_in(at_door, session=session)
    chose = RegistrationFactory(edition=edition, status=Registration.Status.APPROVED)
    check_in(chose)
    AgendaChoiceFactory(registration=chose, session=session)
    chose_but_absent = RegistrationFactory(edition=edition, status=Registration.Status.APPROVED)
    AgendaChoiceFactory(registration=chose_but_absent, session=session)
    kind = subject_kind("forum.sessions")

    assert _people(kind.audience(session.pk)) == {at_door.user.email, chose.user.email}
    assert _people(kind.audience(other.pk)) == set()
    assert {part.id for part in kind.parts(edition.pk)} == {session.pk, other.pk}
    assert kind.choices()[0][0] == edition.pk


@pytest.mark.parametrize("name", ["trainings.cohort", "trainings.session", "forum.edition", "forum.sessions"])
def test_each_kind_says_when_many_subjects_end_in_one_query_as_their_parts_do(name, django_assert_num_queries):
    cohorts = [PastCohortFactory(), PastCohortFactory(), CohortFactory()]  # the last one has no session: no end
    editions = [SessionFactory().edition, SessionFactory().edition, ForumEditionFactory()]
    subjects = {
        "trainings.cohort": [cohort.pk for cohort in cohorts],
        "trainings.session": [session.pk for cohort in cohorts[:2] for session in cohort.sessions.all()],
        "forum.edition": [edition.pk for edition in editions],
        "forum.sessions": [edition.pk for edition in editions],
    }[name]
    kind = subject_kind(name)

    with django_assert_num_queries(1):
        ends = kind.ends(subjects)

    expected = {}
    for subject_id in subjects:
        known = [part.ends_at for part in kind.parts(subject_id)]
        expected[subject_id] = max(known) if known else None
    assert ends == expected and len(ends) == len(subjects)
