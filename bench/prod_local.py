"""Production on one machine: two gunicorn app servers, two task workers and the periodic runner, with production
settings, on the shared PostgreSQL and Redis (each started when down).

Run: `make prod-local` (start), `make prod-stop` (stop), or .venv/bin/python bench/prod_local.py start|stop|status
[--ports 8101,8102]. From Python: `with production() as (urls, env): ...` starts it on free ports and stops it at
the end of the block whatever happens (bench/production.py and tests/operations/test_prod_local.py use it).

What it starts, each in a process group of its own, its pid in var/prod-local/pids.json and its output in
var/prod-local/<name>.log: `gunicorn config.wsgi` twice (2 workers each), `manage.py run_worker` twice (worker ids
prod-local-1 and -2), `manage.py run_periodic --loop 60`. Before them: the database `atf_prod_local` (created if
missing), `migrate` and `collectstatic`. Settings: config.settings.production with SECRET_KEY from a file it
generates once (var/prod-local/secret_key), ALLOWED_HOSTS=127.0.0.1,localhost, SECURE_SSL_REDIRECT=0, REDIS_URL
on Redis database 5, SITE_URL the first app server, e-mails written as files under var/prod-local/mail, uploads
and private files under var/prod-local/. Cookies stay secure and HSTS on: a client over plain http says it came
through a TLS proxy with `X-Forwarded-Proto: https` (SECURE_PROXY_SSL_HEADER) and, for a form post, the matching
`Origin: https://127.0.0.1:<port>` (CSRF_HEADERS below); a browser cannot log in over plain http on purpose.

`stop` ends exactly the recorded process groups (SIGTERM, then SIGKILL after 20 s) and removes the file. PostgreSQL
and Redis already running are never stopped; a Redis it had to start is stopped with the rest; a PostgreSQL it had
to start is left running (others may be using it by then) and `stop` says so.
"""

import argparse
import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import free_port, http_call  # noqa: E402

# The interpreter that runs this (the project's virtualenv), and its gunicorn.
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
STOP_WAIT = 20  # seconds between SIGTERM and SIGKILL
READY_WAIT = 60  # seconds for both app servers to answer
# What a client over plain http sends to look like it came through the TLS proxy production has in front.
FORWARDED = {"X-Forwarded-Proto": "https"}


def csrf_headers(base_url: str) -> dict:
    """Headers of a form post to the app server at `base_url` (http://host:port): HTTPS as the proxy says, and the
    Origin that Django's CSRF check then requires."""
    return {**FORWARDED, "Origin": "https://" + base_url.split("://", 1)[1]}


class EmailBackend:
    """Django's file-based e-mail backend with its folder from PROD_LOCAL_MAIL_DIR (config/settings/base.py passes
    OPTIONS to SMTP only): what the task workers send lands in var/prod-local/mail."""

    def __new__(cls, **kwargs):
        from django.core.mail.backends.filebased import EmailBackend as FileBackend

        kwargs.setdefault("file_path", os.environ["PROD_LOCAL_MAIL_DIR"])
        return FileBackend(**kwargs)


def _answers(url: str, path: str) -> int:
    return http_call(int(url.rsplit(":", 1)[1]), "GET", path, headers=FORWARDED, timeout=3)[0]


def _redis_up() -> bool:
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _pg_up() -> bool:
    return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"], check=False).returncode == 0


def _wait(check, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise SystemExit(f"{what} did not come up within {seconds:.0f} s.")
        time.sleep(0.3)


def ensure_services(var: Path) -> dict:
    """PostgreSQL and Redis up; what had to be started: {"postgres": bool, "redis": {pid, pgid, ...} or None}."""
    started: dict = {"postgres": False, "redis": None}
    if not _pg_up():
        version = sorted(os.listdir("/etc/postgresql"))[-1]
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=True)
        _wait(_pg_up, 30, "PostgreSQL")
        started["postgres"] = True
    if not _redis_up():
        command = ["redis-server", "--bind", REDIS_HOST, "--port", str(REDIS_PORT), "--save", "", "--appendonly", "no"]
        started["redis"] = _spawn("redis", command, var, os.environ.copy())
        _wait(_redis_up, 15, "Redis")
    return started


def ensure_database(name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def secret_key(var: Path) -> str:
    path = var / "secret_key"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


def production_env(*, var: Path, database: str, redis_db: int, site_url: str, extra: dict | None = None) -> dict:
    """The environment every process of the production gets (see the module's docstring)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        # Named, not inherited: a caller's test settings put tasks in the immediate backend through the environment.
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "DEBUG": "0",
        "SECRET_KEY": secret_key(var),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SITE_URL": site_url,
        "DATABASE_URL": f"{PG_SERVER}/{database}",
        "CONN_MAX_AGE": "60",
        "REDIS_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/{redis_db}",
        "EMAIL_BACKEND": "bench.prod_local.EmailBackend",
        "PROD_LOCAL_MAIL_DIR": str(var / "mail"),
        "VAR_DIR": str(var),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
        **(extra or {}),
    }


def _spawn(name: str, command: list[str], var: Path, env: dict) -> dict:
    log = var / f"{name}.log"
    with log.open("ab") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    return {"pid": process.pid, "pgid": process.pid, "command": command, "log": str(log), "_process": process}


def _alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _is_ours(entry: dict) -> bool:
    """The pid still runs what was recorded (a pid reused by another program is never signalled)."""
    try:
        cmdline = Path(f"/proc/{entry['pid']}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    args = [part.decode(errors="replace") for part in cmdline]
    program, *rest = entry["command"]
    if Path(program).name == "redis-server":  # it rewrites its process title: the name is what is left
        return any("redis-server" in arg for arg in args)
    return any(Path(arg).name == Path(program).name for arg in args[:2]) and all(arg in args for arg in rest)


def stop_groups(entries: dict) -> list[str]:
    """SIGTERM each recorded process group still running what was recorded, SIGKILL what is left after STOP_WAIT
    seconds; the names stopped."""
    stopped = []
    for name, entry in entries.items():
        if _is_ours(entry):
            os.killpg(entry["pgid"], signal.SIGTERM)
            stopped.append(name)
    deadline = time.monotonic() + STOP_WAIT
    for entry in entries.values():
        while _alive(entry["pgid"]) and time.monotonic() < deadline:
            if "_process" in entry:
                entry["_process"].poll()  # reaps our own child
            time.sleep(0.2)
        if _alive(entry["pgid"]) and (_is_ours(entry) or "_process" in entry):
            os.killpg(entry["pgid"], signal.SIGKILL)
        if "_process" in entry:
            entry["_process"].wait(timeout=10)
    return stopped


def start(*, var: Path, database: str, redis_db: int, ports: tuple[int, int], extra: dict | None = None) -> dict:
    """Start the production (see the module's docstring) and record it in var/pids.json; the record."""
    var.mkdir(parents=True, exist_ok=True)
    pids = var / "pids.json"
    running = json.loads(pids.read_text())["processes"].values() if pids.exists() else ()
    if any(_alive(entry["pgid"]) and _is_ours(entry) for entry in running):
        raise SystemExit(f"Already running (see {pids}); stop it first.")
    services = ensure_services(var)
    ensure_database(database)
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    env = production_env(var=var, database=database, redis_db=redis_db, site_url=urls[0], extra=extra)
    for step in (["migrate", "--noinput", "-v", "0"], ["collectstatic", "--noinput", "-v", "0"]):
        subprocess.run([PYTHON, "manage.py", *step], cwd=ROOT, env=env, check=True, timeout=600)
    processes: dict = {}
    try:
        for index, port in enumerate(ports, 1):
            command = [GUNICORN, "config.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}", "--timeout", "60"]
            processes[f"app{index}"] = _spawn(f"app{index}", [*command, "--log-level", "warning"], var, env)
        for index in (1, 2):
            command = [PYTHON, "manage.py", "run_worker", "--worker-id", f"prod-local-{index}"]
            processes[f"worker{index}"] = _spawn(f"worker{index}", command, var, env)
        processes["periodic"] = _spawn("periodic", [PYTHON, "manage.py", "run_periodic", "--loop", "60"], var, env)
        if services["redis"]:
            processes["redis"] = services["redis"]
        record = {"urls": urls, "database": database, "postgres_started": services["postgres"], "processes": processes}
        pids.write_text(json.dumps(record | {"processes": _plain(processes)}, indent=2))

        def ready() -> bool:
            for name, entry in processes.items():
                if entry["_process"].poll() is not None:
                    raise SystemExit(f"{name} stopped at once; see {entry['log']}.")
            # /readyz answers 404 until it exists; then it must say ready too.
            return all(_answers(url, "/healthz") == 200 and _answers(url, "/readyz") in (200, 404) for url in urls)

        _wait(ready, READY_WAIT, "The app servers")
    except BaseException:
        stop_groups(processes)
        pids.unlink(missing_ok=True)
        raise
    return record | {"env": env}


def _plain(processes: dict) -> dict:
    return {name: {k: v for k, v in entry.items() if k != "_process"} for name, entry in processes.items()}


def stop(var: Path) -> str:
    pids = var / "pids.json"
    if not pids.exists():
        return f"Nothing recorded in {pids}: nothing to stop."
    record = json.loads(pids.read_text())
    stopped = stop_groups(record["processes"])
    pids.unlink()
    note = " PostgreSQL was started by prod-local and is left running." if record.get("postgres_started") else ""
    return f"Stopped {', '.join(stopped) or 'nothing (none was running)'}.{note}"


def status(var: Path) -> str:
    pids = var / "pids.json"
    if not pids.exists():
        return "prod-local is not running (no var/prod-local/pids.json)."
    record = json.loads(pids.read_text())
    lines = [f"prod-local on database {record['database']}: {' and '.join(record['urls'])}"]
    for name, entry in record["processes"].items():
        state = "running" if _alive(entry["pgid"]) and _is_ours(entry) else "GONE"
        lines.append(f"  {name:<9} pid {entry['pid']:>7}  {state:<7}  {entry['log']}")
    for url in record["urls"]:
        lines.append(f"  {url}/healthz {_answers(url, '/healthz')}, /readyz {_answers(url, '/readyz')}")
    return "\n".join(lines)


@contextlib.contextmanager
def production(
    *, var: Path | None = None, database: str = "atf_prod_local", redis_db: int = 5, extra: dict | None = None
):
    """The production started on two free ports for the block: yields (the two base URLs, the environment its
    processes run with); stopped at the end whatever happens. `var`: its folder (default var/prod-local);
    `extra`: more environment variables."""
    var = var or ROOT / "var" / "prod-local"
    record = start(var=var, database=database, redis_db=redis_db, ports=(free_port(), free_port()), extra=extra)
    try:
        yield record["urls"], record["env"]
    finally:
        stop_groups(record["processes"])
        (var / "pids.json").unlink(missing_ok=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", nargs="?", choices=("start", "stop", "status"), default="status")
    parser.add_argument("--ports", default="8101,8102", help="the two app servers' ports (default 8101,8102)")
    parser.add_argument("--database", default="atf_prod_local")
    args = parser.parse_args()
    var = ROOT / "var" / "prod-local"
    if args.action == "start":
        ports = tuple(int(port) for port in args.ports.split(","))
        if len(ports) != 2:
            parser.error("--ports takes two ports")
        record = start(var=var, database=args.database, redis_db=5, ports=ports)
        print(f"prod-local is up on database {args.database}: {record['urls'][0]}/ and {record['urls'][1]}/")
        print(f"Processes and logs: {var}/pids.json, {var}/*.log; `make prod-stop` stops them.")
        print("Plain-http clients send X-Forwarded-Proto: https (and Origin: https://<host:port> on posts).")
    elif args.action == "stop":
        print(stop(var))
    else:
        print(status(var))
    return 0


if __name__ == "__main__":
    sys.exit(main())
