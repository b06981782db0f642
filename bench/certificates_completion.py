"""Completion with automatic certificates: what deciding a cohort costs once certificates are issued with it.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/atf_cop .venv/bin/python bench/certificates_completion.py
Migrates a throwaway database (the DATABASE_URL's name + "_completion_bench", dropped and created afresh), then
for cohorts of 60 and 200 participants who all attended every session, decides completion (a) without a
certificate template (nothing issued) and (b) with one (a certificate per participant, each e-mail queued as a task
after the commit, as the site does), and prints the wall time, the queries, and per-certificate figures: the queries
and milliseconds per certificate (goal: 3 queries or fewer, in bulk), and what issuing adds to the decision, (b)
less (a) of the same size in the same run. Each row is the median of three cohorts; a small cohort is decided
first, untimed, so that the first row does not pay for loading templates and code.

Tests never assert a time; this script measures.
"""

import os
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/atf_cop"
SIZES = (60, 200)
REPEATS = 3  # cohorts decided per row; the median time is printed (the machine is noisy)


def bench_database_url(url: str) -> tuple[str, str, str]:
    parsed = urllib.parse.urlsplit(url)
    name = parsed.path.lstrip("/") + "_completion_bench"
    return (
        urllib.parse.urlunsplit(parsed._replace(path="/" + name)),
        name,
        urllib.parse.urlunsplit(parsed._replace(path="/postgres")),
    )


def recreate_database(maintenance_url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(maintenance_url, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def cohort_with(size: int, tag: str):
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from people.models import Organisation, User
    from trainings.models import AttendanceRecord, Cohort, Course, Enrollment, TrainingSession

    today = timezone.localdate()
    course = Course.objects.create(title_en=f"Bench course {tag}", title_km="វគ្គ", hours=Decimal("12"))
    cohort = Cohort.objects.create(
        course=course,
        code=f"BENCH-{tag}",
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today - datetime.timedelta(days=8),
        capacity=size,
    )
    start = timezone.now() - datetime.timedelta(days=10)
    sessions = [
        TrainingSession.objects.create(
            cohort=cohort,
            starts_at=start + datetime.timedelta(days=day),
            ends_at=start + datetime.timedelta(days=day, hours=3),
            topic=f"Topic {day}",
        )
        for day in range(3)
    ]
    organisation = Organisation.objects.create(name=f"Bench company {tag}")
    users = User.objects.bulk_create(
        User(email=f"{tag}-{i}@bench.example.org", given_name="Sokha", family_name=f"Chan {i}", language="km")
        for i in range(size)
    )
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(cohort=cohort, user=user, organisation=organisation) for user in users
    )
    AttendanceRecord.objects.bulk_create(
        AttendanceRecord(session=session, enrollment=enrollment, status=AttendanceRecord.Status.PRESENT)
        for session in sessions
        for enrollment in enrollments
    )
    return cohort


def decide(cohort) -> tuple[float, int, int]:
    """(ms, queries, certificates issued) of deciding `cohort`'s completion, its after-commit work (the e-mails'
    tasks) included."""
    from django.core import mail
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from certificates.models import Certificate
    from trainings.services.completion import cohort_decide_completion

    mail.outbox = []
    before = Certificate.objects.count()
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        cohort_decide_completion(cohort=cohort)
        elapsed = time.perf_counter() - started
    return elapsed * 1000, len(captured.captured_queries), Certificate.objects.count() - before


def decide_median(size: int, tag: str) -> tuple[float, int, int]:
    """`decide` of REPEATS fresh cohorts of `size`: the median time, the queries and certificates of one."""
    runs = [decide(cohort_with(size, f"{tag}-{repeat}")) for repeat in range(REPEATS)]
    return statistics.median(ms for ms, _queries, _issued in runs), runs[0][1], runs[0][2]


def main() -> None:
    bench_url, name, maintenance = bench_database_url(os.environ.get("DATABASE_URL", DEFAULT_URL))
    recreate_database(maintenance, name)
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["LOG_LEVEL"] = "ERROR"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # locmem e-mail backend
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)

    from certificates.models import CertificateTemplate, CertificateTemplateVersion, Kind

    decide(cohort_with(5, "warm-up"))
    print(f"{'participants':>12} {'template':>8} {'ms':>8} {'queries':>8} {'issued':>7} {'ms/cert':>8} {'q/cert':>7}")
    without = {}
    for size in SIZES:
        without[size] = decide_median(size, f"n{size}")
        ms, queries, _issued = without[size]
        print(f"{size:>12} {'no':>8} {ms:>8.0f} {queries:>8} {0:>7}")
    template = CertificateTemplate.objects.create(key="bench", kind=Kind.TRAINING_COMPLETION, name="Bench")
    CertificateTemplateVersion.objects.create(
        template=template, version=1, title_en="Certificate", title_km="វិញ្ញាបនបត្រ", body_en="{name}", body_km="{name}"
    )
    decide(cohort_with(5, "warm-up-issuing"))
    added = []
    for size in SIZES:
        ms, queries, issued = decide_median(size, f"y{size}")
        per = max(issued, 1)
        print(f"{size:>12} {'yes':>8} {ms:>8.0f} {queries:>8} {issued:>7} {ms / per:>8.1f} {queries / per:>7.1f}")
        base_ms, base_queries, _none = without[size]
        added.append(f"{size}: {(ms - base_ms) / per:.1f} ms and {(queries - base_queries) / per:.1f} queries")
    print("issuing adds per certificate (with a template less without, same size):", "; ".join(added))
    print("goal: 3 queries or fewer per certificate, in bulk")


if __name__ == "__main__":
    main()
