"""Entry points for `manage.py run_periodic` (settings.PERIODIC_JOBS): each returns a short summary."""

from .services.assessments import attempts_finish_expired
from .services.completion import completions_decide_due
from .services.reach import cohorts_record_ended


def finish_expired_attempts() -> str:
    """Submit, with the answers received, every test attempt whose time and grace are over; idempotent."""
    finished = attempts_finish_expired()
    return f"{finished} test attempt(s) submitted" if finished else ""


def decide_completions() -> str:
    """Decide every cohort that is over and not decided yet; idempotent."""
    completed = completions_decide_due()
    return f"{len(completed)} enrolment(s) completed" if completed else ""


def record_ended_cohorts() -> str:
    """Copy whom every ended cohort reached onto its enrolments, for the reports (the safety net of the copy made
    when completion is decided); idempotent."""
    copied = cohorts_record_ended()
    return f"{copied} enrolment(s) recorded for the reports" if copied else ""
