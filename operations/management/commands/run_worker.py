"""The task worker of the site: django_tasks_db's db_worker (same options)."""

from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand


class Command(DBWorkerCommand):
    help = "Run the site's task worker (django_tasks_db's db_worker)."
