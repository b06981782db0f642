"""PostgreSQL stops for real (pg_ctl stop -m fast: every session ended, its transaction rolled back) under load on
gunicorn with production settings, and starts again: readers of the programme, delegates registering with their
sessions, the load balancer asking /readyz.

Proved: while it is down every answer is a clean 503 with Retry-After (never a 500, never a connection gunicorn drops),
nothing is half-written (every registration answered with success is in the database, whole: its history, its
number, its credential; none answered 503 was kept), and every kind of request succeeds again within seconds of the
restart without anything being restarted but PostgreSQL."""

import collections
import queue
import time

import pytest

from tests.production import servers
from tests.production.load import Load, logged_in_headers, registration, request

pytestmark = [pytest.mark.faults, pytest.mark.postgres]

DOWN_SECONDS = 3
RECOVERY_SECONDS = 8


def test_postgres_restart_under_load(throwaway_postgres, site_database, own_redis, smtp_server, tmp_path):
    env = servers.site_env(site_database, redis_url=own_redis.url, smtp_port=smtp_server.port)
    world = servers.in_site(env, "forum", delegates=400, seats=1000)
    sessions = queue.SimpleQueue()
    for key, csrf in world["sessions"]:
        sessions.put((key, csrf))
    reader = logged_in_headers(*world["sessions"][-1])  # the last delegate only reads, logged in
    log = tmp_path / "gunicorn.log"
    with servers.gunicorn(env, log, workers=2) as port:

        def register():
            try:
                key, csrf = sessions.get_nowait()
            except queue.Empty:
                return None
            return registration(port, world["slug"], world["organisation"], key, csrf)

        load = Load()
        programme = f"/en/forum/{world['slug']}/programme/"
        load.add(lambda: request(port, "programme", "GET", programme))
        load.add(lambda: request(port, "programme (logged in)", "GET", programme, headers=reader))
        load.add(lambda: request(port, "readyz", "GET", "/readyz"), pause=0.1)
        load.add(register, pause=0.1)
        load.add(register, pause=0.1)
        time.sleep(2)
        throwaway_postgres.stop("fast")
        stopped_at = time.monotonic()
        time.sleep(DOWN_SECONDS)
        throwaway_postgres.start()
        started_at = time.monotonic()
        time.sleep(RECOVERY_SECONDS)
        answers = load.stop()
        after = [request(port, kind, "GET", path) for kind, path in (("programme", programme), ("readyz", "/readyz"))]

    counts = collections.Counter((answer.kind, answer.status or answer.failure) for answer in answers)
    print(f"\nanswers by kind and status, PostgreSQL down {DOWN_SECONDS} s: {dict(sorted(counts.items()))}")
    bad = [answer for answer in answers if answer.status not in (200, 302, 503)]
    assert not bad, f"answers other than 200, 302, 503: {bad[:10]}\n{log.read_text()[-4000:]}"
    unavailable = [answer for answer in answers if answer.status == 503]
    assert unavailable, "no request met the outage: the test proved nothing"
    assert all(answer.retry_after for answer in unavailable if answer.kind != "readyz")
    assert all(answer.at > stopped_at - 1 for answer in unavailable), "503 before PostgreSQL stopped"

    # Within a few seconds of the restart every kind succeeds again, by itself.
    recovered = {}
    for answer in answers:
        if answer.at > started_at and answer.status in (200, 302):
            recovered.setdefault(answer.kind, answer.at - started_at)
    late_failures = [a for a in answers if a.status == 503 and a.at > started_at + 5]
    print(f"first success after the restart, seconds: { {k: round(v, 2) for k, v in recovered.items()} }")
    assert set(recovered) >= {"programme", "programme (logged in)", "readyz"}, recovered
    assert not late_failures, f"still failing 5 s after the restart: {late_failures[:5]}"
    assert [answer.status for answer in after] == [200, 200]

    # Nothing half-written: exactly the registrations answered with success are there, each whole.
    posted = [answer for answer in answers if answer.kind == "register"]
    succeeded = sum(answer.status == 302 for answer in posted)
    state = servers.in_site(env, "registrations", slug=world["slug"])
    print(f"registrations posted {len(posted)}, answered 302 {succeeded}, in the database {state['count']}")
    assert succeeded and any(answer.status == 503 for answer in posted)
    assert state["count"] == succeeded
    assert state["broken"] == []
    assert state["approved"] <= state["capacity"]
