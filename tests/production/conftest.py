"""Fixtures of the fault tests: the servers of tests/production/servers.py, started by the tests themselves.

One throwaway PostgreSQL cluster per session, whose database `site_template` is migrated once (and the static files
collected once, as a deployment does); each test gets a fresh copy of it (CREATE DATABASE ... TEMPLATE)."""

import shutil
from pathlib import Path

import pytest

from tests.production import servers


def _missing() -> str:
    if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        return "the PostgreSQL server binaries (initdb, pg_ctl)"
    if shutil.which("redis-server") is None:
        return "redis-server"
    if not (servers.VENV_BIN / "gunicorn").exists():
        return "gunicorn in the virtualenv"
    return ""


@pytest.fixture(scope="session")
def throwaway_postgres():
    missing = _missing()
    if missing:
        pytest.skip(f"fault tests need {missing}")
    cluster = servers.ThrowawayPostgres()
    cluster.init()
    cluster.start()
    try:
        env = servers.site_env(cluster.create_database("site_template"))
        servers.manage(env, "migrate", "--noinput", "-v", "0")
        servers.manage(env, "collectstatic", "--noinput", "-v", "0")
        cluster.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'site_template'")
        yield cluster
    finally:
        cluster.destroy()
        for files in ("media", "private"):  # what the site wrote (print jobs); the static files stay for next time
            shutil.rmtree(servers.FAULTS_DIR / files, ignore_errors=True)


@pytest.fixture
def site_database(throwaway_postgres, request) -> str:
    """The URL of a fresh, migrated database of the throwaway cluster for this test; dropped after it."""
    name = "site_" + request.node.name.removeprefix("test_")[:40]
    url = throwaway_postgres.create_database(name, template="site_template")
    yield url
    if throwaway_postgres.is_up():
        throwaway_postgres.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def own_redis():
    server = servers.OwnRedis()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp_server():
    server = servers.SmtpServer()
    server.start()
    yield server
    server.stop()
