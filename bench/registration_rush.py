"""Registration rush: N logged-in delegates register for one edition at the same moment.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/atf_cop .venv/bin/python bench/registration_rush.py [-n
200,1000] [--workers 1,2] (or `make bench`). Needs PostgreSQL: it migrates a dedicated database (the DATABASE_URL's
name + "_bench", created if missing). For each number of delegates (200 and 1,000 by default) and each number of
gunicorn workers (1 and 2) in turn, in the same invocation, it creates an edition in automatic mode with N delegates
and N/2 seats, creates each delegate's session directly (password hashing and login rate limits are not what this
measures), starts gunicorn, fires every registration at once from a thread pool and prints registrations per second,
p50/p95 latency, the same figures for /readyz on the same server in the same run as the baseline, and the number of
overbooked seats (must be 0); then a table of the runs beside the machine's core count. The load generator runs on
the same machine: with as many workers as cores it takes CPU from them, so the figures show how the site scales up
to the cores it is given, not what more cores would give.

Then, in this process (Django's test Client, no network), LOCK_PROFILE delegates register one after the other: the
POST's server time, and the part of it during which its transaction holds the edition's row lock (from the
SELECT ... FOR UPDATE to the commit) with the queries run under it. One edition takes at most 1000 / (that time)
registrations a second, whatever the number of workers. Bounded: at most 2000 delegates, 30 s per request, and
gunicorn is stopped at the end whatever happens.
"""

import argparse
import logging
import os
import secrets
import statistics
import subprocess
import sys
import time
import urllib.parse
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import gunicorn, http_call, in_process_client, logged_in_session  # noqa: E402

SLUG_PREFIX = "bench-rush-"
EMAIL_DOMAIN = "bench.example.org"
REQUEST_TIMEOUT = 30
MAX_DELEGATES = 2000
LOCK_PROFILE = 60


def bench_database_url(url: str) -> tuple[str, str, str]:
    """(the bench database's URL, its name, the URL of the server's maintenance database)."""
    parsed = urllib.parse.urlsplit(url)
    name = parsed.path.lstrip("/") + "_bench"
    bench = urllib.parse.urlunsplit(parsed._replace(path="/" + name))
    maintenance = urllib.parse.urlunsplit(parsed._replace(path="/postgres"))
    return bench, name, maintenance


def ensure_database(maintenance_url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(maintenance_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def migrated_bench_database(url: str, *, python) -> tuple[dict, str]:
    """The bench database of the PostgreSQL `url` (bench_database_url), created if missing and migrated (by the
    interpreter `python`), and this process's environment pointed at it as the benches run the site: their
    environment (os.environ updated with it) and the database's name."""
    bench_url, bench_name, maintenance_url = bench_database_url(url)
    ensure_database(maintenance_url, bench_name)
    env = {
        **os.environ,
        "DATABASE_URL": bench_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }
    os.environ.update(env)
    subprocess.run(
        [str(python), "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True, timeout=300
    )
    return env, bench_name


def prepare(n: int, seats: int) -> tuple[str, list[tuple[str, str]], int]:
    """Create the edition, its delegates and their sessions. Returns (slug, [(session key, csrf)], org id)."""
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from forum.models import ForumEdition, PolicyDocument, Registration
    from people.models import Organisation, User

    # Leftovers of earlier runs go first (registrations protect their users and editions).
    Registration.objects.filter(edition__slug__startswith=SLUG_PREFIX).delete()
    ForumEdition.objects.filter(slug__startswith=SLUG_PREFIX).delete()
    User.objects.filter(email__endswith="@" + EMAIL_DOMAIN).delete()

    now = timezone.now()
    slug = SLUG_PREFIX + now.strftime("%H%M%S")
    edition = ForumEdition.objects.create(
        slug=slug,
        reference_prefix="B" + now.strftime("%H%M%S"),
        title_en="Registration rush",
        starts_on=now.date() + timezone.timedelta(days=60),
        ends_on=now.date() + timezone.timedelta(days=62),
        venue="Bench hall",
        city="Phnom Penh",
        registration_opens_at=now - timezone.timedelta(hours=1),
        registration_closes_at=now + timezone.timedelta(days=1),
        capacity=seats,
        mode=ForumEdition.Mode.AUTO,
        is_published=True,
    )
    for kind in PolicyDocument.Kind.values:
        PolicyDocument.objects.create(edition=edition, kind=kind, version=1, text_en="Bench policy.")
    organisation, _ = Organisation.objects.get_or_create(
        name="Bench Organisation", country="KH", defaults={"kind": "other", "is_verified": True}
    )
    unusable = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"delegate{i:04d}@{EMAIL_DOMAIN}", given_name=f"Delegate {i}", password=unusable, country="KH")
        for i in range(n)
    )
    # 32 characters: an unmasked CSRF secret.
    sessions = [(logged_in_session(user), secrets.token_hex(16)) for user in users]
    return slug, sessions, organisation.pk


def request(port: int, method: str, path: str, body: bytes = b"", headers: dict | None = None) -> tuple[int, float]:
    status, seconds, _body = http_call(port, method, path, body, headers, timeout=REQUEST_TIMEOUT)
    return status, seconds


def fire(jobs, workers: int) -> tuple[list[tuple[int, float]], float]:
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(lambda job: job(), jobs))
    return results, time.perf_counter() - start


def registration_body(organisation_id: int, csrf: str = "") -> dict:
    """What a delegate posts to register (in the government category, for Cambodia)."""
    body = {"category": "government", "organisation": organisation_id, "position": "Officer", "country": "KH",
            "agree_code_of_conduct": "on", "agree_privacy": "on"}  # fmt: skip
    return {"csrfmiddlewaretoken": csrf, **body} if csrf else body


def summary(name: str, results: list[tuple[int, float]], wall: float, ok: int) -> dict:
    latencies = sorted(latency * 1000 for _, latency in results)
    p95 = latencies[max(0, int(round(0.95 * len(latencies))) - 1)]
    figures = {"rate": len(results) / wall, "p50": statistics.median(latencies), "p95": p95}
    codes: dict[int, int] = {}
    for status, _ in results:
        codes[status] = codes.get(status, 0) + 1
    print(
        f"{name:<14} {len(results):>5} requests in {wall:6.2f} s: {figures['rate']:8.1f}/s, "
        f"p50 {figures['p50']:7.1f} ms, p95 {figures['p95']:7.1f} ms, expected answers {ok}/{len(results)}, "
        f"status codes {dict(sorted(codes.items()))}"
    )
    return figures


def rush(*, n: int, seats: int, workers: int, clients: int, env: dict) -> dict:
    """One rush on `workers` gunicorn workers (a fresh edition): its figures, printed as they come."""
    slug, sessions, organisation_id = prepare(n, seats)
    print(f"\n{workers} worker(s): edition /forum/{slug}/ with {seats} seats, {n} delegates logged in")
    log_path = ROOT / "var" / f"bench-registration-rush-{workers}.log"
    log_path.parent.mkdir(exist_ok=True)
    print(f"gunicorn's output (task and error logs): {log_path}")
    with (
        log_path.open("w") as log,
        gunicorn("config.wsgi", workers=workers, env=env, log=log, options=("--timeout", "60")) as port,
    ):
        # Warm every worker (imports, database connections) before anything is timed.
        fire([lambda: request(port, "GET", "/healthz") for _ in range(workers * 10)], clients)
        fire([lambda: request(port, "GET", f"/en/forum/{slug}/") for _ in range(workers * 5)], clients)

        healthz, healthz_wall = fire([lambda: request(port, "GET", "/healthz") for _ in range(n)], clients)
        readyz, readyz_wall = fire([lambda: request(port, "GET", "/readyz") for _ in range(n)], clients)

        path = f"/en/forum/{slug}/register/"

        def register(session_key: str, csrf: str):
            body = urllib.parse.urlencode(registration_body(organisation_id, csrf)).encode()
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"sessionid={session_key}; csrftoken={csrf}",
            }
            return lambda: request(port, "POST", path, body, headers)

        registered, rush_wall = fire([register(key, csrf) for key, csrf in sessions], clients)

    from django.db.models import Count

    from forum.models import ForumEdition, Registration

    edition = ForumEdition.objects.get(slug=slug)
    registrations = Registration.objects.filter(edition=edition)
    statuses = dict(registrations.values_list("status").annotate(n=Count("pk")).order_by())
    approved = statuses.get("approved", 0)
    overbooked = max(0, approved - edition.capacity)
    numbers = list(registrations.values_list("number", flat=True))

    summary("/healthz", healthz, healthz_wall, sum(1 for status, _ in healthz if status == 200))
    h = summary("/readyz", readyz, readyz_wall, sum(1 for status, _ in readyz if status == 200))
    r = summary("registrations", registered, rush_wall, sum(1 for status, _ in registered if status == 302))
    print(
        f"ratio registration/readyz: p50 {r['p50'] / h['p50']:.1f}x, p95 {r['p95'] / h['p95']:.1f}x, "
        f"throughput {h['rate'] / r['rate']:.1f}x lower"
    )
    print(
        f"registrations in the database: {len(numbers)} of {n} ({statuses}); "
        f"numbers unique: {len(numbers) == len(set(numbers))}"
    )
    print(f"seats: {edition.capacity}, approved: {approved}, overbooked seats: {overbooked}")
    ok = overbooked == 0 and len(numbers) == n and len(numbers) == len(set(numbers))
    return {"delegates": n, "workers": workers, "baseline": h, "registrations": r, "overbooked": overbooked, "ok": ok}


def lock_profile(count: int) -> tuple[float, float, float]:
    """`count` delegates register one after the other in this process: the medians of the POST's server time and
    of the time its transaction holds the edition's row lock, in ms, and of the queries run under the lock (the
    first ten registrations warm up and are left out)."""
    from django.db import connection, transaction

    slug, sessions, organisation_id = prepare(count, count // 2)
    posts, held, under, state = [], [], [], {}

    def timed(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if "locked_at" in state:
            state["queries"] += 1
        elif "FOR UPDATE" in sql and '"forum_forumedition"' in sql:
            state.update(locked_at=time.perf_counter(), queries=0)

            def committed():  # registered first: it runs before the service's own work after the commit
                held.append((time.perf_counter() - state.pop("locked_at")) * 1000)
                under.append(state["queries"])

            transaction.on_commit(committed)
        return result

    warnings.filterwarnings("ignore", message="No directory at")  # static files are not collected for this
    logging.getLogger("django.tasks").setLevel(logging.WARNING)  # the e-mails' tasks, run at once here
    with connection.execute_wrapper(timed):
        for key, _csrf in sessions:
            client = in_process_client()
            client.cookies["sessionid"] = key
            began = time.perf_counter()
            response = client.post(f"/en/forum/{slug}/register/", registration_body(organisation_id))
            posts.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 302, response.status_code
    warm = slice(10, None)
    return statistics.median(posts[warm]), statistics.median(held[warm]), statistics.median(under[warm])


def cores() -> str:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{os.cpu_count()} cores ({usable} usable by this process)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "-n", "--delegates", default="200,1000", help="delegates of each rush, in turn (default 200,1000)"
    )
    parser.add_argument("--seats", type=int, help="seats in the edition (default: half the delegates)")
    parser.add_argument("--clients", type=int, default=50, help="client threads firing requests (default 50)")
    parser.add_argument("--workers", default="1,2", help="gunicorn workers of each run, in turn (default 1,2)")
    args = parser.parse_args()
    sizes = [max(1, min(int(n), MAX_DELEGATES)) for n in args.delegates.split(",") if n.strip()]
    workers = [max(1, int(w)) for w in args.workers.split(",") if w.strip()]

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print(
            "registration_rush needs PostgreSQL: set DATABASE_URL=postgres://... (SQLite serialises every "
            "writer, so the figures would say nothing about the site in production).",
            file=sys.stderr,
        )
        return 2
    env, bench_name = migrated_bench_database(url, python=sys.executable)
    print(f"database {bench_name}; machine: {cores()}, load average {os.getloadavg()[0]:.1f}")
    runs = [
        rush(n=n, seats=args.seats if args.seats is not None else n // 2, workers=w, clients=args.clients, env=env)
        for n in sizes
        for w in workers
    ]
    post, held, under = lock_profile(LOCK_PROFILE)

    print(f"\n{args.clients} clients, {cores()} shared with the load generator and PostgreSQL")
    # The goal's baseline is a request that asks the database once, as /healthz did when the goal was set; since
    # /healthz became liveness only (no query: operations.health), /readyz (its database and task-queue checks) is.
    header = ("delegates", 9), ("workers", 7), ("/readyz/s", 10), ("registrations/s", 15), ("ratio", 6), ("p50 ms", 7)
    print("  " + "  ".join(f"{name:>{width}}" for name, width in header) + f"  {'p95 ms':>7}")
    for run in runs:
        h, r = run["baseline"], run["registrations"]
        ratio = r["rate"] / h["rate"]
        print(f"  {run['delegates']:>9}  {run['workers']:>7}  {h['rate']:10.1f}  {r['rate']:15.1f}  "
              f"{ratio:5.2f}x  {r['p50']:7.0f}  {r['p95']:7.0f}  overbooked {run['overbooked']}")  # fmt: skip
    print("  goal: registrations/s >= 0.3x /readyz/s, p95 < 1500 ms")
    print(f"  one registration in this process: POST {post:.1f} ms, of which the edition's lock is held {held:.1f} ms "
          f"({under:.0f} queries): at most {1000 / held:.0f} registrations/s for one edition")  # fmt: skip
    return 0 if all(run["ok"] for run in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
