"""A private redis-server for fault tests: started on a free port, stopped, frozen and started again by the test
itself (never the Redis that the suite and CI share); moto's S3 server and a bucket per test (tests.operations.s3_world)
for the storage tests, and the storage cut off."""

import os
import shutil
import socket
import uuid

import pytest
from django.core.files.storage import storages

from config.settings.s3 import s3_storages
from operations import cache as resilient
from tests.production.servers import OwnRedis

from .s3_world import REGION, Bucket, file_fields_follow_the_settings, files_under, free_port


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


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 server in a thread of this process, and fake credentials where boto3 looks for them (the
    environment, as in production)."""
    from moto.server import ThreadedMotoServer  # here: moto (and Flask) only for the tests that use S3

    saved = {name: os.environ.get(name) for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")}
    os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing")
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture
def bucket(s3_server, settings, tmp_path):
    """A new bucket; STORAGES as production builds them with STORAGE_S3_BUCKET set, pointed at it. The model
    fields that took the private storage when their class was made get the new one (and their own back after);
    the media fields read `default_storage`, which follows the setting by itself."""
    local_roots = [settings.MEDIA_ROOT, storages["private"].location]
    before = files_under(*local_roots)
    settings.MEDIA_ROOT = tmp_path / "media"
    s3 = Bucket(s3_server, f"atf-{uuid.uuid4().hex[:12]}")
    settings.STORAGES = {**settings.STORAGES, **s3_storages(bucket=s3.name, endpoint_url=s3_server, region=REGION)}
    kept = file_fields_follow_the_settings()
    yield s3
    for field, storage in kept:
        field.storage = storage
    assert files_under(tmp_path / "media") == set()
    assert files_under(*local_roots) == before  # nothing written to the local media or private folder


@pytest.fixture
def cut_off(bucket, settings):
    """Cuts the storage off: STORAGES point at a port of this machine nobody listens on, as if S3 were down, or
    (`silent_port=True`) at one that takes the connection and never answers, as if it hung (the bucket fixture gives the
    fields their own storages back)."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # connections wait in the backlog: nobody accepts them, nothing is ever answered

        def cut(*, silent_port: bool = False):
            port = silent.getsockname()[1] if silent_port else free_port()
            settings.STORAGES = {
                **settings.STORAGES,
                **s3_storages(
                    bucket=bucket.name, endpoint_url=f"http://127.0.0.1:{port}", region=REGION, read_timeout=0.5
                ),
            }
            file_fields_follow_the_settings()

        yield cut
