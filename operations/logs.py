"""Structured logs: one JSON object per line when `LOG_FORMAT` is "json" (production's default), a request id kept
for the time of a request or a task and written on every line logged meanwhile, and the one line per task.

A line's message and its exception's traceback (exc_info, exc_text, stack_info) are written through
config.log_redaction.scrub_text: an exception's text can hold anything (an address refused by the mail server, a
link's token in a URL), and no filter sees it before it is formatted.

Nothing here imports Django: gunicorn's master loads the formatter (config.gunicorn_logging) before the site, and
the settings name it in LOGGING before the apps are ready. A task's row (django_tasks_db's DBTaskResult) is read
by its attributes only."""

import contextlib
import contextvars
import datetime
import json
import logging
import re
import time
import uuid
from collections.abc import Iterator
from typing import Any

from config.log_redaction import scrub_text

# The request id of the request or task being served; None outside of both (a management command, a test).
current_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

# What an incoming X-Request-ID (a load balancer's, a proxy's) must look like to be kept: a short token that cannot
# smuggle a line break, a quote or an e-mail address into a log line.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{7,63}")

# The attributes every LogRecord has: whatever else a record carries was passed as `extra=` and is written as a field.
_RECORD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
# Extras never written even when a caller attaches them: Django's request and the development server's socket hold
# addresses, cookies and the user; `server_time` duplicates `time`.
_NEVER_WRITTEN = frozenset({"request", "server_time"})
_JSON_SCALARS = (str, int, float, bool, type(None))

tasks_logger = logging.getLogger("operations.tasks")


def new_request_id() -> str:
    """A UUID in its hyphenated form, which the logs' scrubbing of tokens keeps (config.log_redaction)."""
    return str(uuid.uuid4())


def safe_request_id(value: Any) -> str | None:
    """`value` if it is a request id that may be written in a log line as it is, else None."""
    return value if isinstance(value, str) and SAFE_REQUEST_ID.fullmatch(value) else None


def _plain(value: Any) -> bool:
    """Whether `value` is JSON made of plain values (an object's repr could hold anything: a request, a socket)."""
    if isinstance(value, _JSON_SCALARS):
        return True
    if isinstance(value, list | tuple):
        return all(_plain(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _plain(item) for key, item in value.items())
    return False


class TextFormatter(logging.Formatter):
    """The plain message (LOG_FORMAT "text", the development default), with its traceback and stack, scrubbed
    as JSONFormatter scrubs its fields: a developer's console holds no address or token either."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub_text(super().format(record))


class JSONFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request_id, and the record's extra
    fields whose values are plain JSON. Handlers keep their filters (config.log_redaction), which run before; the
    message and the traceback are scrubbed here (scrub_text), after they are formatted."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub_text(record.getMessage()),
            "request_id": current_request_id.get(),
        }
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES and key not in _NEVER_WRITTEN and _plain(value):
                line[key] = value
        if record.exc_info:
            line["exception"] = scrub_text(self.formatException(record.exc_info))
        elif record.exc_text:
            line["exception"] = scrub_text(record.exc_text)
        if record.stack_info:
            line["stack"] = scrub_text(self.formatStack(record.stack_info))
        return json.dumps(line, ensure_ascii=False, default=str)


def milliseconds_since(start: float) -> float:
    return round((time.monotonic() - start) * 1000, 1)


def task_request_id(db_task_result) -> str | None:
    """The request id stored with a task's row by operations.backend.RequestIdDatabaseBackend, if any."""
    args_kwargs = getattr(db_task_result, "args_kwargs", None)
    meta = args_kwargs.get("meta") if isinstance(args_kwargs, dict) else None
    return safe_request_id(meta.get("request_id")) if isinstance(meta, dict) else None


@contextlib.contextmanager
def task_log_context(db_task_result) -> Iterator[str]:
    """For the time a worker runs one task: the request id is the one of the request that enqueued it (a new one
    if none), so the task's own lines carry it; at the end one line on `operations.tasks` says the task's path, id,
    status, duration, request id and attempt count. Never its arguments: they hold personal data."""
    request_id = task_request_id(db_task_result) or new_request_id()
    reset = current_request_id.set(request_id)
    start = time.monotonic()
    escaped = True
    try:
        yield request_id
        escaped = False
    finally:
        status = str(getattr(db_task_result, "status", "") or "")
        if escaped and status not in {"SUCCESSFUL", "FAILED"}:
            status = "FAILED"  # the block raised before the worker recorded an outcome
        fields = {
            "task_path": db_task_result.task_path,
            "task_id": str(db_task_result.id),
            "status": status,
            "duration_ms": milliseconds_since(start),
            "attempts": len(db_task_result.worker_ids or []),
        }
        level = logging.INFO if status == "SUCCESSFUL" else logging.WARNING
        tasks_logger.log(level, "task %s %s %sms", fields["task_path"], status, fields["duration_ms"], extra=fields)
        current_request_id.reset(reset)
