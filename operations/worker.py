"""The site's task worker: django_tasks_db's, with a lease on the task it runs (renewed by a heartbeat thread) and a
reaper thread that gives the tasks of dead workers back to the queue (operations.tasks)."""

import logging
import threading
from contextlib import nullcontext

from django.conf import settings
from django.db import DatabaseError, connection
from django_tasks_db.management.commands.db_worker import Worker

from .tasks import lease_release, lease_renew, lease_take, tasks_reap

try:  # one JSON line per task, with the request id of the request that enqueued it (operations.logs)
    from .logs import task_log_context
except ImportError:  # pragma: no cover - before the structured logs exist

    def task_log_context(db_task_result):
        return nullcontext()


logger = logging.getLogger(__name__)


def _in_thread(work, stop: threading.Event, every: float, what: str) -> None:
    """Run `work` every `every` seconds until `stop` is set, on this thread's own database connection."""
    try:
        while not stop.wait(every):
            try:
                work()
            except DatabaseError as error:  # the database is restarting: try again at the next beat
                logger.warning("%s failed: %s", what, error)
                connection.close()
    finally:
        connection.close()


class LeasedWorker(Worker):
    def run(self) -> None:
        stop = threading.Event()
        reaper = threading.Thread(
            target=_in_thread,
            args=(self._reap, stop, settings.TASKS_REAP_EVERY_SECONDS, "Reaping lost tasks"),
            name="reaper",
            daemon=True,
        )
        reaper.start()
        try:
            super().run()
        finally:
            stop.set()
            reaper.join(timeout=5)

    def _reap(self) -> None:
        requeued, failed = tasks_reap()
        if requeued or failed:
            logger.warning("Tasks of stopped workers: %d queued again, %d failed", requeued, failed)

    def run_task(self, db_task_result) -> None:
        task_id = db_task_result.pk
        lease_take(task_id, worker_id=self.worker_id)
        stop = threading.Event()
        heartbeat = threading.Thread(
            target=_in_thread,
            args=(
                lambda: lease_renew(task_id, worker_id=self.worker_id),
                stop,
                settings.TASKS_HEARTBEAT_SECONDS,
                "Renewing a task's lease",
            ),
            name="heartbeat",
            daemon=True,
        )
        heartbeat.start()
        try:
            with task_log_context(db_task_result):
                super().run_task(db_task_result)
        finally:
            stop.set()
            heartbeat.join(timeout=5)
            lease_release(task_id)
