"""Restore a backup into a fresh database and check it against its manifest; exits non-zero on any difference."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError
from operations.restore import restore_check


class Command(BaseCommand):
    help = "Restore a backup_site directory into a new database and check rows, certificates and files."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--keep", action="store_true", help="keep the restored database (dropped otherwise)")

    def handle(self, *, directory: Path, keep: bool, **options):
        try:
            report = restore_check(directory, keep=keep)
        except BackupError as error:
            raise CommandError(str(error)) from None
        checked = ", ".join(f"{count} {what}" for what, count in report.checked.items())
        self.stdout.write(f"Restored into {report.database}{' (kept)' if keep else ' (dropped)'}; checked {checked}.")
        for problem in report.problems:
            self.stdout.write(f"DIFFERENT: {problem}")
        if not report.ok:
            raise CommandError(f"{len(report.problems)} difference(s) between the backup and its restore.")
        self.stdout.write("The restore matches the backup.")
