"""The site's task worker: django_tasks_db's db_worker (the same options but --reload) with task leases and a
reaper (operations.worker): a task whose worker dies is run again by another."""

from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from operations.worker import LeasedWorker


class Command(DBWorkerCommand):
    help = "Run the site's task worker: leases on running tasks, and the tasks of stopped workers run again."

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        max_tasks,
        worker_id,
        exclude_queues,
        **options,
    ) -> None:
        self.configure_logging(verbosity)
        worker = LeasedWorker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
        )
        worker.configure_signals()
        worker.run()
