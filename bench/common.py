"""What the bench scripts that measure the running site share: gunicorn started on a free port and always stopped,
and a person's session made directly (password hashing and login rate limits are not what they measure).

Imported by the scripts (`from bench.common import ...`, with the repository's root on sys.path); it measures
nothing itself, so `make bench`, which runs every bench/*.py, finds nothing to print here.
"""

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


@contextlib.contextmanager
def gunicorn(app: str, *, workers: int, env: dict, log, options: tuple = ()):
    """gunicorn serving `app` with `workers` workers on a free port, its output to the file `log`: the block gets
    the port once /healthz answers (30 s at most), and gunicorn is stopped at its end whatever happens."""
    port = free_port()
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), app, "-w", str(workers), "-b", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        [*command, "--log-level", "warning", *options],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not _healthy(port):
            if process.poll() is not None:
                raise SystemExit(f"gunicorn stopped before answering; see its output in {log.name}.")
            if time.monotonic() > deadline:
                raise SystemExit("gunicorn did not answer /healthz within 30 s.")
            time.sleep(0.2)
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def logged_in_session(user) -> str:
    """The key of a new session of `user`, as after logging in (Django set up, its database migrated)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def throwaway_database_url(url: str, suffix: str) -> tuple[str, str, str]:
    """(URL, name, maintenance URL) of the throwaway database a script measures on: the name of `url`'s database
    with `suffix` (e.g. "_badges_bench"; a name already ending in "_bench" is used as given), and the server's
    "postgres" database to drop and create it from."""
    parsed = urllib.parse.urlsplit(url)
    name = parsed.path.lstrip("/")
    if not name.endswith("_bench"):
        name += suffix
    bench = urllib.parse.urlunsplit(parsed._replace(path="/" + name))
    return bench, name, urllib.parse.urlunsplit(parsed._replace(path="/postgres"))


def django_on(database_url: str, *, private_root: Path) -> None:
    """Django set up on `database_url`, its private files under `private_root`, logging warnings only."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["PRIVATE_ROOT"] = str(private_root)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
