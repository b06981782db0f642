"""Structured logs: one JSON object per line (LOG_FORMAT=json, production's default), each with the id of the
request it belongs to; a task carries the id of the request that enqueued it (operations.backend), so a print job's
or an e-mail's lines are found from the organiser's click that started them.

Nothing here logs what a person typed or who a reporter is: the request line (operations.request_log) names a path
without its query string and with its personal links' tokens taken out, and a task line names its task, never its
arguments (an e-mail's text, its recipient). Nothing here imports Django's models: settings load it.
"""

import contextlib
import json
import logging
import re
import time
import uuid
from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("request_id", default="")
# An id a proxy passed on in X-Request-ID is kept only if it is this kind of short token (else a new one is made).
SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# The attributes every LogRecord has; what else a record holds came in `extra=` and goes into the JSON line.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName"}


def new_id() -> str:
    return uuid.uuid4().hex


def safe_request_id(given: str | None) -> str:
    return given if given and SAFE_ID.match(given) else new_id()


class JsonFormatter(logging.Formatter):
    """{"time", "level", "logger", "message", "request_id", ...the record's extra fields, "exception"}."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        current = request_id.get()
        if current:
            line["request_id"] = current
        for name, value in vars(record).items():
            if name not in _STANDARD and not name.startswith("_") and name not in line:
                line[name] = value if isinstance(value, str | int | float | bool | type(None)) else str(value)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)

    converter = time.gmtime


def task_request_id(db_task_result) -> str:
    """The id of the request that enqueued the task (operations.backend keeps it beside the arguments), or ""."""
    meta = (db_task_result.args_kwargs or {}).get("meta") or {}
    return str(meta.get("request_id") or "")


task_logger = logging.getLogger("operations.tasks")


@contextlib.contextmanager
def task_log_context(db_task_result):
    """Around a task's run in the worker: its lines carry the enqueuing request's id (or a new one), and one line
    says how it ended: task, id, status, duration, attempt (how many times it was given out)."""
    token = request_id.set(task_request_id(db_task_result) or new_id())
    started = time.monotonic()
    try:
        yield
    finally:
        with contextlib.suppress(Exception):  # the database went away: the line says the status last known
            db_task_result.refresh_from_db(fields=["status"])
        task_logger.info(
            "task %s %s",
            db_task_result.task_path,
            db_task_result.status,
            extra={
                "task": db_task_result.task_path,
                "task_id": str(db_task_result.pk),
                "status": db_task_result.status,
                "duration_ms": round((time.monotonic() - started) * 1000),
                "attempt": len(db_task_result.worker_ids),
                "request_id": request_id.get(),
            },
        )
        request_id.reset(token)
