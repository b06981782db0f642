"""Back up the database (pg_dump) and every media and private file, with a manifest a restore is checked against."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, backup_site


class Command(BaseCommand):
    help = "Back up PostgreSQL and the media and private files into an empty directory (see restore_check)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--to", required=True, type=Path, help="a new directory (made 0700), or an empty one of mode 0700"
        )

    def handle(self, *, to: Path, **options):
        try:
            manifest = backup_site(to)
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(table["count"] for table in manifest["tables"].values())
        self.stdout.write(
            f"Backed up {rows} rows of {len(manifest['tables'])} tables and {len(manifest['files'])} files into {to}"
        )
