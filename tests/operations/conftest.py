"""A private redis-server for fault tests: started on a free port, stopped, frozen and started again by the test
itself (never the Redis that the suite and CI share)."""

import os
import shutil
import signal
import socket
import subprocess
import time

import pytest
import redis

from operations import cache as resilient


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    def __init__(self):
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 - our own fixed command line
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if self.client().ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("the private redis-server did not start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def freeze(self):
        """Redis stops answering but keeps its data and its port (a hung server, a cut-off network)."""
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self):
        os.kill(self.process.pid, signal.SIGCONT)

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_timeout=2)


@pytest.fixture(scope="module")
def _redis_server():
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = PrivateRedis()
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
