"""Entry points for `manage.py run_periodic` (settings.PERIODIC_JOBS): each returns a short summary."""

from .services.completion import completions_decide_due


def decide_completions() -> str:
    """Decide every cohort that is over and not decided yet; idempotent."""
    completed = completions_decide_due()
    return f"{len(completed)} enrolment(s) completed" if completed else ""
