"""Roll-call: bytes a phone downloads to open the page for 60 participants, and server time per mark.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/atf_rollcall_bench .venv/bin/python bench/rollcall.py [-n 60]
Uses that database as a throwaway (created if missing, migrated; only rows named bench-rollcall-* are touched;
a name not ending in "bench" gets "_rollcall_bench" appended, so `make bench` never touches the dev database),
collects the static files with the compressed storage into var/bench/rollcall-static, and starts gunicorn
(DEBUG off, whitenoise serving the pre-compressed static files, the site's own gzip of its pages:
config.middleware.TextGZipMiddleware). Then:

- Chromium (Debian's) opens the roll-call page as the cohort's trainer with an empty cache; the script prints
  every response's transferred size (headers + body as sent) and the total (target: under 150 KB).
- N marks are posted one per request, as the page sends taps, and the script prints the median and p95 time of a
  mark (on loopback, so this is the server's time), then N queued marks in one request (an offline flush).

SQLite works too (set no DATABASE_URL: a file under var/bench/), but its figures say less about production.
Tests never assert a time; this script measures. gunicorn is stopped at the end whatever happens.
"""

import argparse
import http.client
import json
import os
import secrets
import statistics
import subprocess
import sys
import time
import urllib.parse
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import bench_companies, bench_people, gunicorn, logged_in_session  # noqa: E402

PREFIX = "bench-rollcall-"
EMAIL_DOMAIN = "rollcall.bench.example.org"
CHROMIUM = "/usr/bin/chromium"
TARGET_BYTES = 150 * 1024

_wsgi = None


def application(environ, start_response):
    """gunicorn's entry point: the site as configured (its pages gzipped by config.middleware)."""
    global _wsgi
    if _wsgi is None:
        from django.core.wsgi import get_wsgi_application

        _wsgi = get_wsgi_application()
    return _wsgi(environ, start_response)


def ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    parsed = urllib.parse.urlsplit(url)
    name = parsed.path.lstrip("/")
    maintenance = urllib.parse.urlunsplit(parsed._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def prepare(n: int) -> tuple[int, list[int], str]:
    """A live session of a cohort with n participants and its trainer's login. Returns (session, enrolments, key)."""
    import datetime

    import django

    django.setup()
    from django.utils import timezone

    from people.models import User
    from trainings.models import Cohort, Course, Enrollment, TrainingSession

    Cohort.objects.filter(code__startswith=PREFIX).delete()
    Course.objects.filter(title_en__startswith=PREFIX).delete()
    User.objects.filter(email__endswith="@" + EMAIL_DOMAIN).delete()

    now = timezone.now()
    course = Course.objects.create(title_en=PREFIX + "course", hours=6)
    cohort = Cohort.objects.create(
        course=course,
        code=PREFIX + now.strftime("%H%M%S"),
        starts_on=timezone.localdate(now),
        ends_on=timezone.localdate(now),
        capacity=n,
    )
    session = TrainingSession.objects.create(
        cohort=cohort,
        topic="Children's rights and risks online",
        room="Room 1",
        starts_at=now - datetime.timedelta(minutes=10),
        ends_at=now + datetime.timedelta(hours=3),
    )
    trainer = User.objects.create(email=f"trainer@{EMAIL_DOMAIN}", given_name="Bench", family_name="Trainer")
    cohort.trainers.add(trainer)
    companies = bench_companies(PREFIX)
    people = bench_people(n, email=lambda i: f"p{i:03d}@{EMAIL_DOMAIN}", given_name=lambda i: f"Participant{i:03d}")
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(cohort=cohort, user=user, organisation=companies[i % 4]) for i, user in enumerate(people)
    )
    return session.pk, [enrollment.pk for enrollment in enrollments], logged_in_session(trainer)


def page_bytes(port: int, session_pk: int, session_key: str) -> tuple[int, list[tuple[str, int, str]]]:
    from playwright.sync_api import sync_playwright

    rows: list[tuple[str, int, str]] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 360, "height": 740})
        context.add_cookies([{"name": "sessionid", "value": session_key, "url": f"http://127.0.0.1:{port}/"}])
        page = context.new_page()

        def finished(request):
            sizes = request.sizes()
            response = request.response()
            encoding = response.headers.get("content-encoding", "-") if response else "-"
            total = sizes["responseHeadersSize"] + sizes["responseBodySize"]
            rows.append((urllib.parse.urlsplit(request.url).path, total, encoding))

        page.on("requestfinished", finished)
        page.goto(f"http://127.0.0.1:{port}/en/trainings/sessions/{session_pk}/attendance/", wait_until="load")
        page.wait_for_load_state("networkidle")
        shown = page.locator(".rc-row").count()
        browser.close()
    return shown, rows


def post_marks(port: int, session_pk: int, session_key: str, marks: list[dict]) -> tuple[float, int]:
    csrf = secrets.token_hex(16)
    body = json.dumps({"marks": marks}).encode()
    headers = {
        "Content-Type": "application/json",
        "X-CSRFToken": csrf,
        "Cookie": f"sessionid={session_key}; csrftoken={csrf}",
    }
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    start = time.perf_counter()
    connection.request("POST", f"/en/trainings/sessions/{session_pk}/attendance/marks/", body, headers)
    response = connection.getresponse()
    response.read()
    elapsed = (time.perf_counter() - start) * 1000
    connection.close()
    return elapsed, response.status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--participants", type=int, default=60)
    args = parser.parse_args()
    n = max(1, min(args.participants, 500))

    url = os.environ.get("DATABASE_URL", "")
    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    if url.startswith(("postgres://", "postgresql://")):
        parsed = urllib.parse.urlsplit(url)
        if not parsed.path.endswith("bench"):  # never the development database (`make bench` passes it)
            url = urllib.parse.urlunsplit(parsed._replace(path=parsed.path + "_rollcall_bench"))
        ensure_database(url)
    else:
        url = f"sqlite:///{bench_dir / 'rollcall.sqlite3'}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(bench_dir / "rollcall-static"),
        "TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }
    os.environ.update(env)
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    session_pk, enrollment_ids, session_key = prepare(n)
    print(f"database {urllib.parse.urlsplit(url).path.lstrip('/')}: session {session_pk}, {n} participants")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (other work inflates the times)")

    log_path = bench_dir / "rollcall-gunicorn.log"
    with log_path.open("w") as log, gunicorn("bench.rollcall:application", workers=2, env=env, log=log) as port:
        post_marks(port, session_pk, session_key, [])  # warm both workers' imports and connections
        post_marks(port, session_pk, session_key, [])
        shown, rows = page_bytes(port, session_pk, session_key)
        total = sum(size for _, size, _ in rows)
        print(f"\nRoll-call page, {shown} participants, cold cache, 360 px Chromium:")
        for path, size, encoding in rows:
            print(f"  {size / 1024:7.1f} KB  {encoding:5}  {path}")
        verdict = "under" if total < TARGET_BYTES else "OVER"
        print(f"  {total / 1024:7.1f} KB  total transferred ({verdict} the 150 KB target)")

        times, statuses = [], set()
        for index, enrollment_id in enumerate(enrollment_ids):
            mark = {"id": str(uuid.uuid4()), "enrollment": enrollment_id, "status": ["present", "late"][index % 2]}
            elapsed, status = post_marks(port, session_pk, session_key, [mark])
            times.append(elapsed)
            statuses.add(status)
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(f"\n{n} marks, one request each (HTTP {sorted(statuses)}):")
        print(f"  median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms per mark")
        queued = [
            {"id": str(uuid.uuid4()), "enrollment": pk, "status": "absent", "offline": True} for pk in enrollment_ids
        ]
        elapsed, status = post_marks(port, session_pk, session_key, queued)
        print(f"{n} queued marks in one request (offline flush, HTTP {status}): {elapsed:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
