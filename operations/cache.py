"""The cache when REDIS_URL is set: Django's RedisCache that never fails a page because Redis does.

Redis keeps what every app server must share (the rate limits' counters, the cached copies of the sessions, the
programme's cached pages). When it is down, cut off or too slow (a redis ConnectionError or TimeoutError within
CACHE_REDIS_CONNECT_TIMEOUT / CACHE_REDIS_TIMEOUT seconds), a call does not raise: it is served from a LocMemCache
of the process itself, Redis is left alone for CACHE_REDIS_RETRY_SECONDS (a circuit breaker: a page making twenty
cache calls waits for Redis once, not twenty times) and one warning says so for the whole outage. Then Redis is
asked again, and once it answers it is used again.

What that means while Redis is down:
- rate limits still count, but each app server counts on its own: with N app servers the effective limit is at most
  N times the limit (N x 30 certificate look-ups a minute per address, ...), plus what was counted in Redis before
  the outage began, as each process starts again from zero;
- sessions (the cached_db engine, config/settings) are read from the database, so nobody is logged out;
- cached pages and values are computed again in each process.

When Redis answers again, the keys this process wrote or deleted during the outage are first deleted from Redis (a
Redis that kept its data, frozen or cut off rather than restarted empty, would otherwise hand back a copy older than
the one the process saw, e.g. a session from before a logout), and the fallback is emptied (the next outage must
not serve what it held from this one).

The state (up or down, the keys written meanwhile, the fallback's memory) is per process and per Redis location:
Django opens a cache object per thread, all of them share it.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

REDIS_FAILURES = (RedisConnectionError, RedisTimeoutError)
# Keys remembered during one outage, to delete from Redis when it is back; past this many the oldest are forgotten
# (they expire in Redis by their own timeout) and the warning at recovery says so.
DIRTY_KEYS_MAX = 10_000
# Entries the fallback holds before it drops the least recently used (LocMemCache's default, 300, would drop rate
# limit counters and sessions of a busy site within seconds).
FALLBACK_MAX_ENTRIES = 20_000


@dataclass
class _Outage:
    """What a process knows of one Redis location: down until `retry_at` (monotonic seconds; 0: up), and the keys
    written to the fallback since the outage began."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    down: bool = False
    retry_at: float = 0.0
    dirty: dict[str, None] = field(default_factory=dict)  # an ordered set
    overflowed: bool = False


_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


def _outage_of(location: str) -> _Outage:
    with _outages_lock:
        return _outages.setdefault(location, _Outage())


class ResilientRedisCache(RedisCache):
    """RedisCache whose calls never raise for a Redis that is down: they fall back on a per-process LocMemCache (see
    the module's docstring; with N app servers a rate limit lets at most N times its limit through meanwhile)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._location = ",".join(self._servers)
        self._outage = _outage_of(self._location)
        # Same prefix, version and default timeout as the Redis side, so a key means the same on both.
        same = {key: params[key] for key in ("TIMEOUT", "KEY_PREFIX", "VERSION", "KEY_FUNCTION") if key in params}
        self._fallback = LocMemCache(
            f"resilient-redis-fallback:{self._location}", {**same, "OPTIONS": {"MAX_ENTRIES": FALLBACK_MAX_ENTRIES}}
        )

    # --- the circuit breaker

    def _redis_allowed(self) -> bool:
        outage = self._outage
        return not outage.down or time.monotonic() >= outage.retry_at

    def _trip(self, error: Exception) -> None:
        outage = self._outage
        with outage.lock:
            first = not outage.down
            outage.down = True
            outage.retry_at = time.monotonic() + settings.CACHE_REDIS_RETRY_SECONDS
        if first:
            logger.warning(
                "Redis at %s failed (%s): the cache is served from this process's memory, Redis asked again every "
                "%s s; rate limits count per app server meanwhile.",
                self._redacted_location(),
                type(error).__name__,
                settings.CACHE_REDIS_RETRY_SECONDS,
            )

    def _recover(self) -> None:
        """Redis answered after an outage: forget in Redis what this process changed meanwhile, empty the fallback,
        and use Redis again. Raises a redis error if Redis fails again on the way (the caller trips again)."""
        outage = self._outage
        with outage.lock:
            if not outage.down:
                return
            client = self._cache.get_client(write=True)
            client.ping()  # back only once it answers
            dirty = list(outage.dirty)
            if dirty:
                client.delete(*dirty)
            overflowed = outage.overflowed
            outage.dirty.clear()
            outage.overflowed = False
            outage.down = False
            outage.retry_at = 0.0
            self._fallback.clear()
        logger.warning(
            "Redis at %s answers again and is used again; %d keys written during the outage were deleted from it%s.",
            self._redacted_location(),
            len(dirty),
            f" (more than {DIRTY_KEYS_MAX} were written: the others expire by themselves)" if overflowed else "",
        )

    def _redacted_location(self) -> str:
        # A REDIS_URL may hold a password: the log names the host only.
        return ",".join(server.rsplit("@", 1)[-1] for server in self._servers)

    def _mark_dirty(self, keys) -> None:
        outage = self._outage
        with outage.lock:
            for key in keys:
                outage.dirty[key] = None
            while len(outage.dirty) > DIRTY_KEYS_MAX:
                del outage.dirty[next(iter(outage.dirty))]
                outage.overflowed = True

    def _call(self, name: str, *args, writes=(), **kwargs):
        """Run the RedisCache method `name`, or the fallback's when Redis is down or fails now. `writes`: the keys
        (as given, before prefixing) the call changes, remembered for the recovery."""
        if self._redis_allowed():
            try:
                if self._outage.down:
                    self._recover()
                return getattr(super(), name)(*args, **kwargs)
            except REDIS_FAILURES as error:
                self._trip(error)
        if writes:
            version = kwargs.get("version")
            self._mark_dirty(self.make_key(key, version=version) for key in writes)
        return getattr(self._fallback, name)(*args, **kwargs)

    # --- every call of the cache API that reaches Redis (BaseCache's others, get_or_set, decr, incr_version and
    # the async ones, go through these)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version=version, writes=(key,))

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version=version, writes=(key,))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version=version, writes=(key,))

    def delete(self, key, version=None):
        return self._call("delete", key, version=version, writes=(key,))

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version=version, writes=(key,))

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version=version, writes=tuple(data))

    def delete_many(self, keys, version=None):
        keys = list(keys)
        return self._call("delete_many", keys, version=version, writes=keys)

    def clear(self):
        return self._call("clear")
