"""The site's PostgreSQL connections run without the JIT compiler (DATABASE_JIT, config/settings/base.py)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def database_options(jit: str | None, query: str = "") -> subprocess.CompletedProcess:
    """The default database's OPTIONS as the settings build them for a PostgreSQL DATABASE_URL (with `query`) and
    `jit`."""
    env = {**os.environ, "DATABASE_URL": "postgres://atf@db.example.org:5432/atf" + query}
    env.pop("DATABASE_JIT", None)
    if jit is not None:
        env["DATABASE_JIT"] = jit
    script = "from config.settings import base; print(base.DATABASES['default'].get('OPTIONS', {}))"
    return subprocess.run(  # noqa: S603  # this interpreter on a fixed script
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_jit_is_turned_off_by_default_and_left_to_the_server_on_request():
    assert database_options(None).stdout.strip() == "{'options': '-c jit=off'}"
    assert database_options("off").stdout.strip() == "{'options': '-c jit=off'}"
    assert database_options("server").stdout.strip() == "{}"


def test_the_urls_own_options_are_kept():
    given = database_options(None, "?sslmode=require&options=-c%20statement_timeout%3D5000").stdout.strip()
    assert given == "{'sslmode': 'require', 'options': '-c statement_timeout=5000 -c jit=off'}"


def test_an_unknown_jit_value_stops_the_settings():
    result = database_options("maybe")
    assert result.returncode != 0
    assert "DATABASE_JIT is off (the default) or server" in result.stderr


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_connection_runs_without_jit(postgres_only):
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
