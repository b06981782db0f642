import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Run the work that must happen without a person (settings.PERIODIC_JOBS: deciding completion "
        "when a cohort ends, purging data past its retention, cleaning old print jobs). Every job is "
        "idempotent. Run it from cron/a systemd timer every few minutes, or with --loop as a process."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", type=int, default=0, help="Repeat every N seconds instead of once.")

    def handle(self, *args, loop: int, **options):
        while True:
            for path in settings.PERIODIC_JOBS:
                try:
                    job = import_string(path)
                except ImportError:
                    logger.warning("Periodic job %s not found", path)
                    continue
                try:
                    result = job()
                except Exception:  # one failing job must not stop the others
                    logger.exception("Periodic job %s failed", path)
                    continue
                if options["verbosity"] > 1 or result:
                    self.stdout.write(f"{path}: {result}")
            if not loop:
                return
            close_old_connections()  # a long-lived process must not keep a broken or stale connection
            time.sleep(loop)
