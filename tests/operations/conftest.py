"""A private redis-server for fault tests: started on a free port, stopped, frozen and started again by the test
itself (never the Redis that the suite and CI share)."""

import shutil

import pytest

from operations import cache as resilient
from tests.production.servers import OwnRedis


@pytest.fixture(scope="module")
def _redis_server():
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = OwnRedis()
    server.start()
    yield server
    if server.process is not None and server.process.poll() is None:
        server.thaw()
    server.stop()


@pytest.fixture
def private_redis(_redis_server, settings):
    """The private Redis, up and empty, and the default cache a ResilientRedisCache on it (short timeouts; asked
    again at once after a failure unless the test says otherwise)."""
    if _redis_server.process is None:
        _redis_server.start()
    _redis_server.client().flushdb()
    resilient._outages.clear()  # each test starts with Redis up, as a new process would
    settings.CACHE_REDIS_RETRY_SECONDS = 0
    settings.CACHES = {
        "default": {
            "BACKEND": "operations.cache.ResilientRedisCache",
            "LOCATION": _redis_server.url,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
    yield _redis_server
    if _redis_server.process is None:
        _redis_server.start()
    else:
        _redis_server.thaw()  # harmless when it was not frozen
