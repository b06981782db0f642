"""The private Redis stops for real (the cache, the rate limits and the sessions' cache of two gunicorn workers with
production settings) and starts again, empty, on the same port.

Proved: while it is down the pages answer 200, a logged-in delegate stays logged in (the sessions are in the
database, Redis only caches them), and the certificate look-up still refuses past CERTIFICATES_VERIFY_PER_MINUTE,
each app server process counting on its own (so at most workers x limit pass in a minute); /readyz says Redis is
down. Once Redis is back, the site uses it again by itself: the count is shared by the workers again and its keys
are in Redis."""

import collections
import json
import time

import pytest

from tests.production import servers
from tests.production.load import logged_in_headers, request

pytestmark = [pytest.mark.faults, pytest.mark.postgres]

LIMIT = 4
WORKERS = 2


def _lookups(port: int, code: str, count: int, address: str) -> list[int]:
    """`count` certificate look-ups from `address` (the proxy's X-Forwarded-For) within one minute's window of the
    rate limit: started again from an unused address when a window ended in the middle."""
    while True:
        while time.time() % 60 > 55:  # too near the end of the limit's fixed window
            time.sleep(0.5)
        window = time.time() // 60
        headers = {"X-Forwarded-For": address}
        statuses = [
            request(port, "verify", "GET", f"/en/certificates/verify/{code}/", headers=headers).status
            for _ in range(count)
        ]
        if time.time() // 60 == window:
            return statuses
        address += "1"


def _pages(port: int, slug: str, delegate: dict) -> dict:
    return {
        "home": request(port, "home", "GET", "/en/").status,
        "programme": request(port, "programme", "GET", f"/en/forum/{slug}/programme/").status,
        "profile (logged in)": request(port, "profile", "GET", "/en/accounts/profile/", headers=delegate).status,
        "profile (anonymous)": request(port, "profile", "GET", "/en/accounts/profile/").status,
    }


def test_redis_stopped_and_started_again(site_database, own_redis, smtp_server, tmp_path):
    env = servers.site_env(
        site_database,
        redis_url=own_redis.url,
        smtp_port=smtp_server.port,
        CERTIFICATES_VERIFY_PER_MINUTE=str(LIMIT),
        CERTIFICATES_TRUSTED_PROXY_COUNT="1",
        CACHE_REDIS_RETRY_SECONDS="1",
    )
    world = servers.in_site(env, "forum", delegates=1, seats=10)
    delegate = logged_in_headers(*world["sessions"][0])
    code = world["certificate"]
    log = tmp_path / "gunicorn.log"
    with servers.gunicorn(env, log, workers=WORKERS) as port:
        up = _pages(port, world["slug"], delegate)
        shared = _lookups(port, code, LIMIT + 3, "10.0.0.1")
        assert own_redis.keys(), "nothing in Redis while it is up"

        own_redis.stop()
        started = time.monotonic()
        down = _pages(port, world["slug"], delegate)
        down_seconds = time.monotonic() - started
        ready_down = servers.http_get(port, "/readyz")
        apart = _lookups(port, code, 4 * LIMIT, "10.0.0.2")

        own_redis.start()
        time.sleep(1.5)  # CACHE_REDIS_RETRY_SECONDS: Redis is asked again after this
        servers.wait_for(lambda: request(port, "readyz", "GET", "/readyz").status == 200, "/readyz", timeout=10)
        back = _pages(port, world["slug"], delegate)
        shared_again = _lookups(port, code, LIMIT + 3, "10.0.0.3")
        keys_again = own_redis.keys()

    print(
        f"\nRedis up: pages {up}, {LIMIT + 3} look-ups {collections.Counter(shared)}"
        f"\nRedis down: pages {down} in {down_seconds:.2f} s, /readyz {ready_down[0]}, {4 * LIMIT} look-ups "
        f"{collections.Counter(apart)}\nRedis back: pages {back}, look-ups {collections.Counter(shared_again)}, "
        f"{len(keys_again)} keys in Redis"
    )
    expected = {"home": 200, "programme": 200, "profile (logged in)": 200, "profile (anonymous)": 302}
    assert up == down == back == expected, log.read_text()[-3000:]
    assert shared == [200] * LIMIT + [429] * 3  # one count for both workers
    # Said, and the app server stays in rotation: its pages work without Redis.
    assert ready_down[0] == 200 and json.loads(ready_down[1])["status"] == "degraded"
    assert json.loads(ready_down[1])["checks"]["redis"]["ok"] is False
    assert set(apart) <= {200, 429}, log.read_text()[-3000:]
    assert LIMIT <= apart.count(200) <= WORKERS * LIMIT  # each process counts on its own
    assert 429 in apart
    assert shared_again == [200] * LIMIT + [429] * 3  # shared again: Redis is used again
    assert keys_again
