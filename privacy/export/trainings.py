"""trainings.json of a person's own data: their enrolments, their attendance at each session ("attended" as the
course's rule counts it: trainings.rules, the one definition), their test attempts with the answers they gave, and
the cohorts they teach. Written in the person's language (the caller's translation.override)."""

from __future__ import annotations

from trainings.models import Assessment, Attempt, Enrollment
from trainings.rules import counts_as_attended, leaves_the_count, score_passes

from .selectors import OwnRecords
from .values import choice, number, when


def _attendance(enrollment: Enrollment) -> list[dict]:
    """Every session of the cohort with the person's mark (None: nobody marked them) and whether it counts as
    attended by the course's rule; an excused absence may leave the count (`counted`)."""
    course = enrollment.cohort.course
    marks = {record.session_id: record for record in enrollment.attendance.all()}
    rows = []
    for session in enrollment.cohort.sessions.all():
        record = marks.get(session.pk)
        status = record.status if record else ""
        rows.append(
            {
                "session": session.topic,
                "starts_at": when(session.starts_at),
                "ends_at": when(session.ends_at),
                "mark": choice(record, "status") if record else None,
                "attended": counts_as_attended(status, course),
                "counted": not leaves_the_count(status, course),
            }
        )
    return rows


def _passed(attempt: Attempt, enrollment: Enrollment) -> bool | None:
    """Whether a submitted post-test attempt reaches the course's pass mark (trainings.rules.score_passes); None
    for a pre-test, an attempt in progress or a course without a pass mark: there is nothing to pass."""
    course = enrollment.cohort.course
    if attempt.assessment.kind != Assessment.Kind.POST or attempt.submitted_at is None or not course.has_assessment:
        return None
    return score_passes(attempt.score, course.pass_mark)


def _attempt(attempt: Attempt, enrollment: Enrollment) -> dict:
    return {
        "test": choice(attempt.assessment, "kind"),
        "attempt": attempt.number,
        "started_at": when(attempt.started_at),
        "submitted_at": when(attempt.submitted_at),
        "score": attempt.score,
        "right_answers": attempt.correct_count,
        "passed": _passed(attempt, enrollment),
        "questions": [
            {
                "position": item.position,
                "question": item.version.text,
                "your_answer": [selected.text for selected in sorted(item.selected.all(), key=lambda c: c.position)],
                "answered_at": when(item.answered_at),
                "right": item.is_correct,
            }
            for item in attempt.items.all()
        ],
    }


def _enrollment(enrollment: Enrollment) -> dict:
    cohort = enrollment.cohort
    course = cohort.course
    return {
        "course": course.title,
        "hours": number(course.hours),
        "cohort": {
            "code": cohort.code,
            "first_day": when(cohort.starts_on),
            "last_day": when(cohort.ends_on),
            "venue": cohort.venue,
            "language": choice(cohort, "language"),
        },
        "company": enrollment.organisation.name if enrollment.organisation else None,
        "status": choice(enrollment, "status"),
        "enrolled_at": when(enrollment.enrolled_at),
        "withdrawn_at": when(enrollment.withdrawn_at),
        "completion": {
            "decided_at": when(enrollment.decided_at),
            "reason": enrollment.completion_reason or None,
            "sessions_attended": enrollment.sessions_attended,
            "sessions_counted": enrollment.sessions_counted,
            "score": enrollment.decided_score,
            "pass_mark": enrollment.decided_pass_mark,
        },
        "assessment_score_entered": enrollment.assessment_score,
        "attendance": _attendance(enrollment),
        "test_attempts": [_attempt(attempt, enrollment) for attempt in enrollment.attempts.all()],
    }


def trainings_data(records: OwnRecords) -> dict:
    """trainings.json."""
    return {
        "enrolments": [_enrollment(enrollment) for enrollment in records.enrollments],
        "cohorts_you_teach": [
            {"course": cohort.course.title, "cohort": cohort.code, "first_day": when(cohort.starts_on)}
            for cohort in records.cohorts_taught
        ],
    }
