"""Servers that fault tests start, break and start again themselves: a throwaway PostgreSQL cluster (initdb under
var/faults/ on a free port), a private redis-server, an SMTP server (aiosmtpd) that accepts, refuses or hangs on
demand, and the site itself on them (gunicorn with production settings, `manage.py run_worker`). Never the
PostgreSQL and Redis that the suite and CI share: each of these listens on a free port of its own.

Processes are stopped by their own id (their process group for gunicorn and the workers), never by name.
"""

import asyncio
import contextlib
import email
import http.client
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import redis
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
FAULTS_DIR = ROOT / "var" / "faults"
SECRET_KEY = "faults-" + "k" * 50


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, what: str, timeout: float = 30, every: float = 0.1):
    """`condition()`'s first true value, asked every `every` seconds; AssertionError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s for {what}")
        time.sleep(every)


def _as_postgres(*command: str, check: bool = True) -> subprocess.CompletedProcess:
    """A PostgreSQL program run as the `postgres` user (initdb and the server refuse root)."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *command], check=check, capture_output=True, text=True, timeout=120)  # noqa: S603


class ThrowawayPostgres:
    """A PostgreSQL cluster of the test's own under var/faults/pg-<port>, trust authentication, no durability (a
    test's data is thrown away); stopped, started and restarted for real, removed at the end."""

    def __init__(self):
        binaries = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        if not binaries:
            raise RuntimeError("no PostgreSQL server binaries under /usr/lib/postgresql")
        self.bin = binaries[-1].parent
        self.port = free_port()
        self.data = FAULTS_DIR / f"pg-{self.port}"
        self.sockets = Path(f"/tmp/faults-pg-{self.port}")  # noqa: S108 - the cluster's own socket directory
        self.log = FAULTS_DIR / f"pg-{self.port}.log"

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _pg_ctl(self, *arguments: str, check: bool = True) -> subprocess.CompletedProcess:
        return _as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.data), *arguments, check=check)

    def init(self) -> None:
        FAULTS_DIR.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(self.data, ignore_errors=True)
        for directory in (self.data, self.sockets):
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            shutil.chown(directory, "postgres", "postgres")
        self.log.touch()
        shutil.chown(self.log, "postgres", "postgres")
        _as_postgres(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                     "--no-sync", "--locale=C.UTF-8")  # fmt: skip
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{self.sockets}'\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 60\n"
            )

    def start(self) -> None:
        self._pg_ctl("-l", str(self.log), "-w", "-t", "30", "start")

    def stop(self, mode: str = "fast") -> None:
        """Stopped: `fast` ends every session (their transactions rolled back), `immediate` as a crash does."""
        self._pg_ctl("-m", mode, "-w", "-t", "30", "stop")

    def is_up(self) -> bool:
        return self._pg_ctl("status", check=False).returncode == 0

    def sql(self, statement: str, database: str = "postgres") -> list[tuple]:
        with psycopg.connect(self.url(database), autocommit=True, connect_timeout=5) as connection:
            cursor = connection.execute(statement)
            return cursor.fetchall() if cursor.description else []

    def create_database(self, name: str, *, template: str | None = None) -> str:
        self.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.sql(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def destroy(self) -> None:
        if self.is_up():
            self.stop("immediate")
        shutil.rmtree(self.data, ignore_errors=True)
        shutil.rmtree(self.sockets, ignore_errors=True)
        self.log.unlink(missing_ok=True)


class OwnRedis:
    """A redis-server on a free port that keeps nothing on disk; stop() and start() keep the port."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def answers(self) -> bool:
        try:
            return bool(redis.Redis(port=self.port, socket_timeout=1, socket_connect_timeout=1).ping())
        except redis.RedisError:
            return False

    def start(self) -> None:
        command = [shutil.which("redis-server") or "redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        self.process = subprocess.Popen(  # noqa: S603 - our own command line
            [*command, "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_for(self.answers, "redis-server to answer", timeout=10, every=0.05)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def keys(self) -> list[bytes]:
        return redis.Redis(port=self.port, socket_timeout=2).keys("*")

    def freeze(self) -> None:
        """Redis stops answering but keeps its data and its port (a hung server, a cut-off network)."""
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_timeout=2)


class _Mailbox:
    """aiosmtpd's handler: what the server answers the next DATA commands, and the messages it took."""

    def __init__(self):
        self.received: list[email.message.Message] = []
        self.answers: list[str] = []  # e.g. ["451 4.3.0 Try again later", "hang"], used up one by one
        self.hang_seconds = 5.0
        self.accept_seconds = 0.0  # how long the 250 waits after a message is taken
        self.lock = threading.Lock()
        self.refused = 0
        self.hung = 0
        self.answering = 0  # messages taken whose 250 is not sent yet

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's hook name
        with self.lock:
            answer = self.answers.pop(0) if self.answers else "accept"
        if answer == "hang":
            self.hung += 1
            await asyncio.sleep(self.hang_seconds)  # the client gives up first (EMAIL_TIMEOUT): nothing taken
            return "451 4.4.2 Timed out"
        if answer != "accept":
            self.refused += 1
            return answer
        with self.lock:
            self.received.append(email.message_from_bytes(envelope.content))  # taken, as a real server queues it
            self.answering += 1
        try:
            await asyncio.sleep(self.accept_seconds)  # before the 250: a sender killed now never hears it was taken
        finally:
            with self.lock:
                self.answering -= 1
        return "250 2.0.0 OK"


class SmtpServer:
    """An SMTP server in a thread of this process (aiosmtpd) on a free port: `answers` scripts its next answers to
    DATA ("451 ...", "421 ...", "554 ...", or "hang"), then it accepts; `received` are the messages it took."""

    def __init__(self):
        self.port = free_port()
        self.mailbox = _Mailbox()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    def start(self) -> None:
        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's line per connection
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()

    @property
    def received(self) -> list[email.message.Message]:
        with self.mailbox.lock:
            return list(self.mailbox.received)


def site_env(database_url: str, *, redis_url: str = "", smtp_port: int = 0, **extra: str) -> dict:
    """The environment of the site's processes on the test's own servers: production settings, CONN_MAX_AGE=60, the
    cache and sessions in the private Redis, mail by SMTP to the test's server, the files under var/faults/."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST", "TASKS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=database_url,
        CONN_MAX_AGE="60",
        REDIS_URL=redis_url,
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port or 1),
        EMAIL_TIMEOUT="1",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        STATIC_ROOT=str(FAULTS_DIR / "static"),
        MEDIA_ROOT=str(FAULTS_DIR / "media"),
        PRIVATE_ROOT=str(FAULTS_DIR / "private"),
        SITE_URL="http://127.0.0.1",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def manage(env: dict, *arguments: str, timeout: float = 600) -> str:
    """`manage.py <arguments>` run with `env`; its output (an error shows it)."""
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(arguments)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done.stdout


def in_site(env: dict, function: str, **arguments):
    """tests.production.world.<function>(**arguments) run in a process of its own on the site's database (the test's
    own Django is on the suite's database); its JSON answer."""
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "tests.production.world", function, json.dumps(arguments)],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.base", "DEBUG": "0"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode:
        raise RuntimeError(f"world.{function} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def http_get(port: int, path: str, *, headers: dict | None = None, timeout: float = 10) -> tuple[int, bytes, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        connection.close()


def _process_group_stop(process: subprocess.Popen, timeout: float = 20) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@contextlib.contextmanager
def gunicorn(env: dict, log_path: Path, *, workers: int = 2, timeout: int = 30):
    """gunicorn serving config.wsgi with `env` on a free port (its output in `log_path`): the block gets the port
    once /healthz answers; stopped at the end by its process group."""
    port = free_port()
    command = [str(VENV_BIN / "gunicorn"), "config.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}"]
    with log_path.open("a") as log:
        process = subprocess.Popen(  # noqa: S603
            [*command, "--timeout", str(timeout), "--log-level", "warning"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

        def healthy():
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped; see {log_path}")
            try:
                return http_get(port, "/healthz", timeout=2)[0] == 200
            except OSError:
                return False

        try:
            wait_for(healthy, "gunicorn's /healthz", timeout=60, every=0.2)
            yield port
        finally:
            _process_group_stop(process)


class Workers:
    """`manage.py run_worker` processes on the site's database, each in a process group of its own."""

    def __init__(self, env: dict, log_path: Path):
        self.env = env
        self.log_path = log_path
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self, worker_id: str) -> subprocess.Popen:
        with self.log_path.open("a") as log:
            process = subprocess.Popen(  # noqa: S603
                [sys.executable, "manage.py", "run_worker", "--worker-id", worker_id, "--interval", "0.2"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes[worker_id] = process
        return process

    def kill(self, worker_id: str) -> None:
        """SIGKILL: the worker ends at once, its task in the middle, its lease left to run out."""
        process = self.processes[worker_id]
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.processes.values():
            _process_group_stop(process)
