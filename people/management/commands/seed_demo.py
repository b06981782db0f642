import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

from people import demo

# Each app that has demo data provides `<app>.demo.seed(stdout=...)`; they run in this order (certificate templates
# before trainings, so the demo cohorts already over get their completion certificates the way real ones do;
# safeguarding after the forum, whose edition has emergency numbers of its own).
APP_SEEDS = ["forum.demo", "certificates.demo", "trainings.demo", "safeguarding.demo"]


class Command(BaseCommand):
    help = "Load demo data (idempotent: running it again changes nothing) and print the demo logins."

    def handle(self, *args, **options):
        with transaction.atomic():
            demo.seed(stdout=self.stdout)
            for module_name in APP_SEEDS:
                try:
                    module = importlib.import_module(module_name)
                except ModuleNotFoundError as error:
                    if error.name != module_name:
                        raise
                    continue
                module.seed(stdout=self.stdout)
        demo.print_logins(stdout=self.stdout)
