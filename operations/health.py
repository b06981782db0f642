"""Whether this app server should receive traffic (/readyz): the database answers, Redis answers (when REDIS_URL is
set), the file storages answer (media and private: S3 when STORAGE_S3_BUCKET is set, else the disk), and the task
queue is being worked (its oldest task ready to run has not waited past READINESS_TASK_WAIT_SECONDS). /healthz
(people.views) only says that the process answers.

A check's answer holds a yes or no and a number, never an error's text: a database's message can name its host, its
user or a row; the logs get the error's class."""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as WaitedTooLong
from dataclasses import dataclass

import redis
from django.conf import settings
from django.core.files.storage import storages
from django.db import DatabaseError, connection
from django.db.models import F, Min, Q
from django.db.models.functions import Greatest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: dict
    # A check that may fail while the app server still serves every page (Redis: the cache falls back on the
    # process's memory) makes readiness "degraded", not unready: a load balancer must not take every app server
    # out of rotation because Redis stopped.
    required: bool = True

    def as_json(self) -> dict:
        return {"ok": self.ok, **self.detail}


def database_check() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Readiness: the database failed (%s).", type(error).__name__)
        return Check("database", False, {})
    return Check("database", True, {})


def redis_check() -> Check:
    """PING on REDIS_URL with the cache's timeouts, on a connection of its own (the cache itself never fails: it
    falls back on each process's memory, operations.cache)."""
    client = redis.Redis.from_url(
        settings.REDIS_URL,
        socket_connect_timeout=settings.CACHE_REDIS_CONNECT_TIMEOUT,
        socket_timeout=settings.CACHE_REDIS_TIMEOUT,
    )
    try:
        ok = bool(client.ping())
    except redis.RedisError as error:
        logger.warning("Readiness: Redis failed (%s).", type(error).__name__)
        ok = False
    finally:
        client.close()
    return Check("redis", ok, {}, required=False)


# The name a storage check asks about: whether it exists matters not, only that the storage answers.
STORAGE_PROBE = "readyz-probe"
# The storage checks run here, so that a probe waits READINESS_STORAGE_SECONDS at most: a hanging S3 keeps these
# threads (two, whatever the number of probes: the others queue and time out) until its own timeouts end.
_storage_probes = ThreadPoolExecutor(max_workers=2, thread_name_prefix="readyz-storage")


def _probe(alias: str) -> None:
    storages[alias].exists(STORAGE_PROBE)


def storage_check() -> Check:
    """Whether the media and private storages answer (one HEAD request each on S3) within
    READINESS_STORAGE_SECONDS. Not required: every page but those that read or write a file still works ("files
    unavailable" page otherwise)."""
    probes = {alias: _storage_probes.submit(_probe, alias) for alias in ("default", "private")}
    deadline = time.monotonic() + settings.READINESS_STORAGE_SECONDS
    failed = []
    for alias, probe in probes.items():
        try:
            probe.result(timeout=max(0.0, deadline - time.monotonic()))
        except WaitedTooLong:
            logger.warning("Readiness: the %s file storage did not answer in time.", alias)
            failed.append(alias)
        except Exception as error:  # S3 unreachable, refusing: whatever it is, it does not answer
            logger.warning("Readiness: the %s file storage failed (%s).", alias, type(error).__name__)
            failed.append(alias)
    return Check("storage", not failed, {"failed": failed}, required=False)


def oldest_ready_task_seconds() -> int | None:
    """Seconds the oldest task of the database queue that may run now has waited (since it was enqueued, or since
    its run_after when it was scheduled for later), or None when none waits. One query."""
    now = timezone.now()
    unscheduled = Q(run_after=get_date_max())
    waiting = DBTaskResult.objects.ready().aggregate(
        enqueued=Min("enqueued_at", filter=unscheduled),
        scheduled=Min(Greatest(F("run_after"), F("enqueued_at")), filter=~unscheduled & Q(run_after__lte=now)),
    )
    since = [moment for moment in waiting.values() if moment is not None]
    return max(0, int((now - min(since)).total_seconds())) if since else None


def tasks_check() -> Check:
    try:
        seconds = oldest_ready_task_seconds()
    except DatabaseError as error:
        logger.warning("Readiness: the task queue could not be read (%s).", type(error).__name__)
        return Check("tasks", False, {"oldest_ready_seconds": None})
    ok = seconds is None or seconds <= settings.READINESS_TASK_WAIT_SECONDS
    return Check("tasks", ok, {"oldest_ready_seconds": seconds, "limit_seconds": settings.READINESS_TASK_WAIT_SECONDS})


def readiness() -> list[Check]:
    """Every check, in order: database, redis (only when REDIS_URL is set), storage, tasks."""
    checks = [database_check()]
    if settings.REDIS_URL:
        checks.append(redis_check())
    checks.append(storage_check())
    checks.append(tasks_check())
    return checks
