"""`manage.py decide_completions`: the automatic completion decision by hand or from cron (trainings.periodic runs
the same)."""

from django.core.management.base import BaseCommand

from trainings.services.completion import completions_decide_due


class Command(BaseCommand):
    help = (
        "Decide completion for every cohort whose last session has ended and that is not decided yet. "
        "Idempotent: run it as often as you like (e.g. every 15 minutes from cron or a systemd timer)."
    )

    def handle(self, *args, **options):
        newly_completed = completions_decide_due()
        self.stdout.write(f"Completion decided; {len(newly_completed)} enrolment(s) newly completed.")
