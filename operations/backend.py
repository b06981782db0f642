"""The task backend of the site: django_tasks_db's database backend, whose rows also keep the request id of the
request that enqueued them, so a task's log lines (operations.logs.task_log_context) carry it.

The id goes into the row's `args_kwargs` as `{"args": ..., "kwargs": ..., "meta": {"request_id": ...}}`:
DBTaskResult.task_result (and so the worker) reads "args" and "kwargs" by name and leaves "meta" alone. The row is
built here rather than by the parent's `_task_to_db_task`, so that it is written by one INSERT, with its id, before
a worker can claim it."""

from typing import Any

from django.utils.json import normalize_json
from django_tasks_db.backend import DatabaseBackend

from .logs import current_request_id


class RequestIdDatabaseBackend(DatabaseBackend):
    def _row(self, task, args, kwargs) -> dict[str, Any]:
        args_kwargs: dict[str, Any] = {"args": args, "kwargs": kwargs}
        if request_id := current_request_id.get():
            args_kwargs["meta"] = {"request_id": request_id}
        return {
            "id": self._get_id(),
            "args_kwargs": normalize_json(args_kwargs),
            "priority": task.priority,
            "task_path": task.module_path,
            "queue_name": task.queue_name,
            "run_after": task.run_after,
            "backend_name": self.alias,
        }

    def _task_to_db_task(self, task, args, kwargs):
        from django_tasks_db.models import DBTaskResult  # the backend is built before the apps are ready

        return DBTaskResult.objects.create(**self._row(task, args, kwargs))

    async def _atask_to_db_task(self, task, args, kwargs):
        from django_tasks_db.models import DBTaskResult  # the backend is built before the apps are ready

        return await DBTaskResult.objects.acreate(**self._row(task, args, kwargs))
