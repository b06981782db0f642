"""operations.cache.ResilientRedisCache against a private redis-server that the tests stop, freeze and start again:
the cache never raises, rate limits keep counting (per process) and sessions keep people logged in."""

import logging
import time

import pytest
from django.contrib.sessions.backends import cached_db
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from people.ratelimit import RateLimit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _in_redis(server, key: str) -> bool:
    return bool(server.client().exists(cache.make_key(key)))


def _until(condition, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_the_cache_is_redis_while_it_answers(private_redis):
    cache.set("greeting", "hello", 60)
    assert _in_redis(private_redis, "greeting")
    assert cache.get("greeting") == "hello"


def test_every_call_keeps_answering_while_redis_is_stopped(private_redis, caplog):
    cache.set("before", "in redis", 60)
    private_redis.stop()
    with caplog.at_level(logging.WARNING, logger="operations.cache"):
        assert cache.get("before") is None  # Redis's copy is out of reach: a miss, not an error
        assert cache.get("missing", "default") == "default"
        assert cache.add("counter", 1, 60) is True
        assert cache.add("counter", 1, 60) is False
        assert cache.incr("counter") == 2
        assert cache.decr("counter") == 1
        with pytest.raises(ValueError):  # the cache's own answer for a key that is not there
            cache.incr("nowhere")
        cache.set("page", "<html>", 60)
        assert cache.get("page") == "<html>"
        assert cache.get_or_set("computed", lambda: 42, 60) == 42
        cache.set_many({"a": 1, "b": 2}, 60)
        assert cache.get_many(["a", "b", "c"]) == {"a": 1, "b": 2}
        assert cache.has_key("a") and cache.touch("a", 120)
        cache.delete_many(["a", "b"])
        assert cache.delete("page") is True
        assert cache.get_many(["a", "b", "page"]) == {}
        cache.clear()
        assert cache.get("counter") is None
    warnings = [record for record in caplog.records if record.name == "operations.cache"]
    assert len(warnings) == 1  # one warning for the whole outage, not one per call
    assert "Redis" in warnings[0].getMessage() and "per app server" in warnings[0].getMessage()


def test_a_rate_limit_keeps_refusing_past_its_limit_while_redis_is_down(private_redis):
    limit = RateLimit(scope="tests:resilient", limit=3, window=3600)
    assert limit.take("203.0.113.7")
    private_redis.stop()
    # This process starts again from zero (README: at most N x the limit with N app servers)...
    assert [limit.take("203.0.113.7") for _ in range(4)] == [True, True, True, False]
    # ...and keeps refusing, for this address only.
    assert limit.reached("203.0.113.7") and not limit.take("203.0.113.7")
    assert limit.take("203.0.113.8")


def test_redis_started_again_is_used_again(private_redis):
    private_redis.stop()
    cache.set("during", "fallback", 60)
    assert cache.get("during") == "fallback"
    private_redis.start()
    cache.set("after", "redis", 60)
    assert _in_redis(private_redis, "after")
    # What the fallback held is gone with the outage: the next one must not serve it.
    assert cache.get("during") is None
    limit = RateLimit(scope="tests:back", limit=1, window=3600)
    assert limit.take("198.51.100.1") and not limit.take("198.51.100.1")
    assert any(key.startswith(b":1:ratelimit:tests:back:") for key in private_redis.client().scan_iter())


def test_redis_is_left_alone_for_a_while_after_it_failed(private_redis, settings):
    settings.CACHE_REDIS_RETRY_SECONDS = 5
    private_redis.stop()
    cache.get("anything")  # fails once: Redis is left alone for 5 s
    private_redis.start()
    connections = private_redis.client().info("stats")["total_connections_received"]
    for _ in range(20):
        cache.set("meanwhile", "fallback", 60)
        assert cache.get("meanwhile") == "fallback"
    # Twenty calls, and only our own INFO and EXISTS reached the restarted Redis (one connection each).
    assert private_redis.client().info("stats")["total_connections_received"] == connections + 1
    assert not _in_redis(private_redis, "meanwhile")
    # Then it is asked again by itself.
    assert _until(lambda: cache.set("later", "redis", 60) is None and _in_redis(private_redis, "later"))


def test_a_key_written_while_redis_was_cut_off_is_not_served_stale_afterwards(private_redis):
    """A Redis that hung (or was cut off) keeps its data: the copy it holds is older than what the process wrote
    meanwhile, so it is deleted when Redis answers again (a session from before a logout must not come back)."""
    cache.set("session-copy", "before the logout", 600)
    private_redis.freeze()
    try:
        cache.set("session-copy", "after the logout", 600)  # times out: the fallback holds it
        assert cache.get("session-copy") == "after the logout"
    finally:
        private_redis.thaw()
    assert cache.get("session-copy") is None  # Redis is back: its stale copy is gone
    assert not _in_redis(private_redis, "session-copy")


def test_a_signed_in_person_stays_signed_in_across_a_redis_stop(private_redis, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    user = UserFactory()
    browser = Client()
    browser.force_login(user)
    profile = reverse("profile")
    assert browser.get(profile).status_code == 200
    key = browser.cookies[settings.SESSION_COOKIE_NAME].value
    assert private_redis.client().exists(cache.make_key(cached_db.KEY_PREFIX + key))  # read from Redis

    private_redis.stop()
    response = browser.get(profile)
    assert response.status_code == 200 and user.email in response.text  # read from the database
    private_redis.start()
    response = browser.get(profile)
    assert response.status_code == 200 and user.email in response.text
