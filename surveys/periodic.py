"""Entry point for `manage.py run_periodic` (settings.PERIODIC_JOBS): returns a short summary."""

from .services import survey_invitations_send, survey_reminders_send


def send_survey_emails() -> str:
    """Invite who attended, once, to each survey that has opened; then the one reminder to who has not answered.
    Idempotent."""
    counts = {"invitation": survey_invitations_send(), "reminder": survey_reminders_send()}
    return ", ".join(f"{n} survey {what}(s) sent" for what, n in counts.items() if n)
