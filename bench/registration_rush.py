"""Registration rush: N logged-in delegates register for one edition at the same moment.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/atf_cop .venv/bin/python bench/registration_rush.py [-n 200]
(or `make bench`). Needs PostgreSQL: it migrates a dedicated database (the DATABASE_URL's name + "_bench",
created if missing), creates an edition in automatic mode with N delegates and N/2 seats, creates each
delegate's session directly (password hashing and login rate limits are not what this measures), starts
gunicorn with 4 workers, fires every registration at once from a thread pool and prints registrations per
second, p50/p95 latency, the same figures for /healthz on the same server in the same run as the baseline,
and the number of overbooked seats (must be 0). Bounded: at most 2000 delegates, 30 s per request, and
gunicorn is stopped at the end whatever happens.
"""

import argparse
import http.client
import os
import secrets
import statistics
import subprocess
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import gunicorn, logged_in_session  # noqa: E402

SLUG_PREFIX = "bench-rush-"
EMAIL_DOMAIN = "bench.example.org"
REQUEST_TIMEOUT = 30
MAX_DELEGATES = 2000


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
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        response.read()
        status = response.status
    except OSError:
        status = 0
    finally:
        connection.close()
    return status, time.perf_counter() - start


def fire(jobs, workers: int) -> tuple[list[tuple[int, float]], float]:
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(lambda job: job(), jobs))
    return results, time.perf_counter() - start


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--delegates", type=int, default=200)
    parser.add_argument("--seats", type=int, help="seats in the edition (default: half the delegates)")
    parser.add_argument("--clients", type=int, default=50, help="client threads firing requests (default 50)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    args = parser.parse_args()
    n = max(1, min(args.delegates, MAX_DELEGATES))
    seats = args.seats if args.seats is not None else n // 2

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print(
            "registration_rush needs PostgreSQL: set DATABASE_URL=postgres://... (SQLite serialises every "
            "writer, so the figures would say nothing about the site in production).",
            file=sys.stderr,
        )
        return 2
    bench_url, bench_name, maintenance_url = bench_database_url(url)
    ensure_database(maintenance_url, bench_name)
    env = {
        **os.environ,
        "DATABASE_URL": bench_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }
    os.environ.update(env)
    python = ROOT / ".venv" / "bin" / "python"
    subprocess.run(
        [str(python), "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True, timeout=300
    )
    slug, sessions, organisation_id = prepare(n, seats)
    print(f"database {bench_name}: edition /forum/{slug}/ with {seats} seats, {n} delegates logged in")

    log_path = ROOT / "var" / "bench-registration-rush.log"
    log_path.parent.mkdir(exist_ok=True)
    print(f"gunicorn's output (task and error logs): {log_path}")
    with (
        log_path.open("w") as log,
        gunicorn("config.wsgi", workers=args.workers, env=env, log=log, options=("--timeout", "60")) as port,
    ):
        # Warm every worker (imports, database connections) before anything is timed.
        fire([lambda: request(port, "GET", "/healthz") for _ in range(args.workers * 10)], args.clients)
        fire([lambda: request(port, "GET", f"/en/forum/{slug}/") for _ in range(args.workers * 5)], args.clients)

        healthz, healthz_wall = fire([lambda: request(port, "GET", "/healthz") for _ in range(n)], args.clients)

        path = f"/en/forum/{slug}/register/"

        def register(session_key: str, csrf: str):
            body = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": csrf,
                    "category": "government",
                    "organisation": organisation_id,
                    "position": "Officer",
                    "country": "KH",
                    "agree_code_of_conduct": "on",
                    "agree_privacy": "on",
                }
            ).encode()
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"sessionid={session_key}; csrftoken={csrf}",
            }
            return lambda: request(port, "POST", path, body, headers)

        rush, rush_wall = fire([register(key, csrf) for key, csrf in sessions], args.clients)

    from django.db.models import Count

    from forum.models import ForumEdition, Registration

    edition = ForumEdition.objects.get(slug=slug)
    registrations = Registration.objects.filter(edition=edition)
    statuses = dict(registrations.values_list("status").annotate(n=Count("pk")).order_by())
    approved = statuses.get("approved", 0)
    overbooked = max(0, approved - edition.capacity)
    numbers = list(registrations.values_list("number", flat=True))

    print()
    h = summary("/healthz", healthz, healthz_wall, sum(1 for status, _ in healthz if status == 200))
    r = summary("registrations", rush, rush_wall, sum(1 for status, _ in rush if status == 302))
    print(
        f"ratio registration/healthz: p50 {r['p50'] / h['p50']:.1f}x, p95 {r['p95'] / h['p95']:.1f}x, "
        f"throughput {h['rate'] / r['rate']:.1f}x lower"
    )
    print(
        f"registrations in the database: {len(numbers)} of {n} ({statuses}); "
        f"numbers unique: {len(numbers) == len(set(numbers))}"
    )
    print(f"seats: {edition.capacity}, approved: {approved}, overbooked seats: {overbooked}")
    ok = overbooked == 0 and len(numbers) == n and len(numbers) == len(set(numbers))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
