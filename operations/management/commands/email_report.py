"""What happened to the site's e-mails: delivered in the last day, waiting for another try, failed."""

from django.core.management.base import BaseCommand

from operations.selectors import email_delivery_report


class Command(BaseCommand):
    help = "Show e-mails delivered in the last day, those waiting for another try (and why), and those failed."

    def handle(self, **options) -> None:
        report = email_delivery_report()
        self.stdout.write(f"Delivered in the last 24 hours: {report.delivered_last_day}")
        self.stdout.write(f"Waiting for another try: {len(report.waiting)}")
        for state in report.waiting:
            self.stdout.write(f"  {state.to}: attempt {state.attempt} at {state.at:%Y-%m-%d %H:%M} ({state.error})")
        self.stdout.write(f"Failed: {len(report.failed)}")
        for state in report.failed:
            when = f"{state.at:%Y-%m-%d %H:%M}" if state.at else "?"
            self.stdout.write(f"  {state.to}: after attempt {state.attempt}, {when}: {state.error}")
