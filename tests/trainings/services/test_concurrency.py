"""Under parallel requests on PostgreSQL: a cohort's places, one account per e-mail, the roll-call's marks."""

import uuid

from people.models import User
from tests.concurrency import PARALLEL, run_in_threads
from tests.factories import CohortFactory, FocalPointFactory, OrganisationFactory, UserFactory
from trainings.errors import TrainingError
from trainings.models import AttendanceChange, AttendanceRecord, Enrollment
from trainings.services import attendance, enrolment, invitations

pytestmark = PARALLEL


def _refusals(results) -> list[str]:
    """Each result as it came, a refusal as the name of its TrainingError (any other exception fails the test)."""
    unexpected = [r for r in results if isinstance(r, Exception) and not isinstance(r, TrainingError)]
    assert not unexpected, unexpected
    return [type(r).__name__ if isinstance(r, TrainingError) else r for r in results]


def test_enrollment_enrol_parallel_never_overfills_the_cohort():
    cohort = CohortFactory(capacity=5)
    users = UserFactory.create_batch(20)

    outcomes = _refusals(
        run_in_threads(
            [
                (lambda user=user: enrolment.enrollment_self_enrol(cohort=cohort, user=user, organisation=None).pk)
                for user in users
            ]
        )
    )

    assert outcomes.count("CohortFull") == 15
    enrolled = Enrollment.objects.filter(cohort=cohort, status=Enrollment.Status.ENROLLED)
    assert enrolled.count() == 5
    assert enrolled.values("user").distinct().count() == 5


def test_enrollment_enrol_same_person_in_parallel_gives_one_row():
    cohort = CohortFactory(capacity=10)
    user = UserFactory()

    outcomes = _refusals(
        run_in_threads([lambda: enrolment.enrollment_self_enrol(cohort=cohort, user=user, organisation=None).pk] * 8)
    )

    assert outcomes.count("AlreadyEnrolled") == 7
    assert Enrollment.objects.filter(cohort=cohort, user=user).count() == 1


def test_invitation_accepted_in_parallel_gives_one_account():
    cohort = CohortFactory(capacity=10)
    company = OrganisationFactory()
    invitation = invitations.Invitation(
        email="same.person@example.org",
        given_name="Same",
        family_name="Person",
        language="en",
        organisation=company,
        cohort=cohort,
        inviter=FocalPointFactory(organisation=company).user,
    )

    outcomes = _refusals(
        run_in_threads(
            [lambda: invitations.invitation_accept_new(invitation=invitation, password="Mekong-river-2027").user.pk] * 6
        )
    )

    assert outcomes.count("InvitationRefused") == 5
    assert User.objects.filter(email__iexact="same.person@example.org").count() == 1
    assert Enrollment.objects.filter(cohort=cohort).count() == 1


def test_parallel_marks_on_one_person_one_record_all_in_history(live_session, enrolled, trainer):
    statuses = ["present", "late", "absent", "excused"] * 4
    marks = [attendance.Mark(enrollment_id=enrolled[0].pk, status=status, mark_id=uuid.uuid4()) for status in statuses]

    outcomes = run_in_threads(
        [
            (lambda mark=mark: attendance.attendance_marks_apply(session=live_session, marks=[mark], by=trainer)[0])
            for mark in marks
        ]
    )

    assert [result.outcome for result in outcomes].count("applied") == 16
    assert AttendanceRecord.objects.filter(enrollment=enrolled[0]).count() == 1
    history = list(AttendanceChange.objects.filter(enrollment=enrolled[0]).order_by("changed_at", "pk"))
    assert len(history) == 16
    # Applied one after the other: each change starts from the status the previous one left.
    for before, after in zip(history, history[1:], strict=False):
        assert after.old_status == before.new_status
    assert AttendanceRecord.objects.get(enrollment=enrolled[0]).status == history[-1].new_status


def test_parallel_retries_of_the_same_mark_apply_once(live_session, enrolled, trainer):
    mark = attendance.Mark(enrollment_id=enrolled[1].pk, status="late", mark_id=uuid.uuid4())

    outcomes = run_in_threads(
        [lambda: attendance.attendance_marks_apply(session=live_session, marks=[mark], by=trainer)[0].outcome] * 12
    )

    assert sorted(outcomes) == ["applied"] + ["duplicate"] * 11
    assert AttendanceChange.objects.filter(client_mark_id=mark.mark_id).count() == 1
