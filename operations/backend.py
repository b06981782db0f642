"""django_tasks_db's database backend, keeping the id of the request that enqueues a task beside its arguments
(`args_kwargs["meta"]["request_id"]`: DBTaskResult reads only "args" and "kwargs"), so the worker's lines for the
task carry it (operations.logs.task_log_context)."""

from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import normalize_json

from .logs import request_id


class TracedDatabaseBackend(DatabaseBackend):
    def _task_to_db_task(self, task, args, kwargs):
        from django_tasks_db.models import DBTaskResult  # as the parent does: the backend loads before the apps

        args_kwargs = normalize_json({"args": args, "kwargs": kwargs})
        if request_id.get():
            args_kwargs["meta"] = {"request_id": request_id.get()}
        return DBTaskResult.objects.create(
            id=self._get_id(),
            args_kwargs=args_kwargs,
            priority=task.priority,
            task_path=task.module_path,
            queue_name=task.queue_name,
            run_after=task.run_after,
            backend_name=self.alias,
        )
