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
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KHMER_NAMES = ["សុខ វណ្ណៈ", "លឹម សុភា", "ជា រិទ្ធី", "ហេង បុប្ផា"]
COMPANIES = ("Mekong Mobile", "Angkor Net", "Siam Stream", "Lion City Pay")


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
    command = [str(Path(sys.executable).with_name("gunicorn")), app, "-w", str(workers), "-b", f"127.0.0.1:{port}"]
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


def http_call(
    port: int, method: str, path: str, body: bytes = b"", headers: dict | None = None, *, timeout: float = 30
) -> tuple[int, float, bytes]:
    """(status, seconds, body) of one request to 127.0.0.1:`port` on a connection of its own; status 0 when the
    connection failed or timed out."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    began = time.perf_counter()
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        content = response.read()
        status = response.status
    except OSError:
        status, content = 0, b""
    finally:
        connection.close()
    return status, time.perf_counter() - began, content


def logged_in_session(user) -> str:
    """The key of a new session of `user`, as after logging in, in the configured session engine (the database, or
    Redis when production keeps sessions there), Django set up and its database migrated."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
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


def django_on_fresh_sqlite(name: str) -> Path:
    """Django set up on the throwaway SQLite database var/bench/`name`.sqlite3, removed first (with its -wal and -shm
    files) so that each run migrates afresh; the database file's path."""
    database = ROOT / "var" / "bench" / f"{name}.sqlite3"
    database.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    return database


def bench_companies(prefix: str) -> list:
    """The four tech companies (COMPANIES, in Cambodia) whose names start with `prefix`, made when missing."""
    from people.models import Organisation

    return [
        Organisation.objects.get_or_create(name=f"{prefix}{name}", country="KH", defaults={"kind": "tech_company"})[0]
        for name in COMPANIES
    ]


def bench_people(count: int, *, email, given_name) -> list:
    """`count` people of Cambodia without a usable password, `email(i)` and `given_name(i)` the i-th one's, Sok or
    Lim by turns, one in three with a name in Khmer script (Django set up)."""
    from django.contrib.auth.hashers import make_password

    from people.models import User

    unusable = make_password(None)
    return User.objects.bulk_create(
        User(
            email=email(i),
            given_name=given_name(i),
            family_name="Sok" if i % 2 else "Lim",
            native_name=KHMER_NAMES[i % 4] if i % 3 == 0 else "",
            password=unusable,
            country="KH",
        )
        for i in range(count)
    )


def bench_badged_delegates(edition, users, **by_index) -> list:
    """`users` approved for `edition` (numbered from 1, its code of conduct and privacy notice made and agreed to),
    each with the check-in credential approval gives: the credentials, in the order of `users`. Each keyword is a
    field of the registration, and a function of the person's index that gives its value (Django set up)."""
    from forum.models import CheckInCredential, PolicyDocument, Registration

    code, privacy = (
        PolicyDocument.objects.create(edition=edition, kind=kind, version=1, text_en="Bench policy.")
        for kind in (PolicyDocument.Kind.CODE_OF_CONDUCT, PolicyDocument.Kind.PRIVACY)
    )
    registrations = Registration.objects.bulk_create(
        Registration(
            edition=edition,
            user=user,
            number=i + 1,
            status=Registration.Status.APPROVED,
            code_of_conduct=code,
            privacy_notice=privacy,
            **{field: value(i) for field, value in by_index.items()},
        )
        for i, user in enumerate(users)
    )
    return CheckInCredential.objects.bulk_create(CheckInCredential(registration=r) for r in registrations)


def bench_organiser():
    """An organiser with an authenticator app (as tests.factories.OrganiserFactory): organiser pages need it."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth.hashers import make_password

    from people.models import User

    user = User.objects.create(email="organiser@bench.example.org", given_name="Bench", family_name="Organiser",
                               password=make_password(None), is_organiser=True, is_staff=True)  # fmt: skip
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    TOTP.activate(user, generate_totp_secret())
    return user


def in_process_client(user=None):
    """Django's test Client as a server is asked (host localhost; no template recording, as setup_test_environment
    would add), signed in as `user` when given."""
    from django.test import Client

    client = Client(SERVER_NAME="localhost")
    if user is not None:
        client.force_login(user)
    return client


def in_process_median(call, runs: int, before=None) -> tuple[float, int, object]:
    """The median milliseconds of `runs` calls of `call` after a warm-up (`before` called ahead of each, untimed),
    the queries of one more call, and what that call gave (Django set up)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()
    times = []
    for _run in range(runs):
        if before:
            before()
        began = time.perf_counter()
        call()
        times.append((time.perf_counter() - began) * 1000)
    if before:
        before()
    with CaptureQueriesContext(connection) as queries:
        result = call()
    return statistics.median(times), len(queries), result
