"""Badge batches: the real badge print jobs (forum.jobs through documents.jobs) for a forum of 500, against a
baseline of 50 in the same run, and their peak memory.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/atf_cop .venv/bin/python bench/badges.py
(or `make bench`). Migrates a throwaway database (the DATABASE_URL's name + "_badges_bench", dropped and created
afresh; a name already ending in "_bench" is used as given) and a private-files folder under var/bench/, creates
an edition with 500 approved registrations, each with its check-in credential (half Khmer readers with their name
in Khmer script, Thai, Lao and Myanmar names among the rest, one in ten a youth delegate, one in eight a speaker),
then:

1. runs the A6 job (one badge a page: the merged PDF and the ZIP of one PDF each) for the first 50 and for all 500,
   and the A4 job (four a sheet with cut marks, the same badges imposed) for all 500; prints ms per badge and the
   ratio of 500 to 50 (goal: about 1, a badge costs the same in a big batch);
2. runs the A6 and A4 jobs for 50 and for 500, each in a fresh subprocess, and prints the process's peak resident
   memory (VmHWM) before and during the job (goal: flat as N grows, the chunks bound it).

Tests never assert a time; this script measures.
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.certificates import peak_rss_mb, recreate_database  # noqa: E402
from bench.common import bench_badged_delegates, django_on, throwaway_database_url  # noqa: E402

BENCH_DIR = ROOT / "var" / "bench"
PRIVATE = BENCH_DIR / "badges-private"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/atf_cop"
TOTAL = 500
BASELINE = 50
SLUG = "badges-bench"
# (given, family, in their own script, language): the scripts a forum's badges print.
PEOPLE = [
    ("Sokha", "Chan", "ចាន់ សុខា", "km"),
    ("Sreymom", "Keo", "កែវ ស្រីមុំ", "km"),
    ("Kanya", "Srisuk", "กัญญา ศรีสุข", "en"),
    ("Aung", "Kyaw", "အောင်ကျော်", "en"),
    ("Somphone", "Vongsa", "ສົມພອນ ວົງສາ", "en"),
    ("Minh Anh", "Tran", "Trần Minh Anh", "en"),
    ("Siti", "Rahayu", "", "en"),
    ("Dara", "Sok", "សុខ ដារា", "km"),
]


def build() -> None:
    import datetime

    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    from forum.models import (
        ForumEdition,
        Registration,
        Room,
        Session,
        SessionSpeaker,
    )
    from people.models import Organisation, User

    call_command("migrate", verbosity=0)
    edition = ForumEdition.objects.create(
        slug=SLUG,
        reference_prefix="ATF27",
        title_en="ASEAN Technology Forum on Child Protection Online 2027",
        title_km="វេទិកាបច្ចេកវិទ្យាអាស៊ាន ស្តីពីកិច្ចការពារកុមារលើប្រព័ន្ធអនឡាញ ឆ្នាំ២០២៧",
        starts_on=datetime.date(2027, 3, 1),
        ends_on=datetime.date(2027, 3, 3),
        venue="Sokha Phnom Penh Hotel",
        city="Phnom Penh",
        registration_opens_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC),
        registration_closes_at=datetime.datetime(2027, 2, 1, tzinfo=datetime.UTC),
        capacity=TOTAL,
        is_published=True,
    )
    organisations = [
        Organisation.objects.create(name=name, kind="other", country="KH", is_verified=True)
        for name in (
            "Ministry of Posts and Telecommunications",
            "ក្រសួងប្រៃសណីយ៍ និងទូរគមនាគមន៍",
            "Mekong Mobile",
            "Lao National Internet Center for Child Online Safety and Protection",
        )
    ]
    unusable = make_password(None)
    users = User.objects.bulk_create(
        User(
            email=f"badge{index:04d}@bench.example.org",
            given_name=PEOPLE[index % len(PEOPLE)][0],
            family_name=f"{PEOPLE[index % len(PEOPLE)][1]} {index}",
            native_name=PEOPLE[index % len(PEOPLE)][2],
            language=PEOPLE[index % len(PEOPLE)][3],
            password=unusable,
            country="KH",
        )
        for index in range(TOTAL)
    )
    Category = Registration.Category
    credentials = bench_badged_delegates(
        edition,
        users,
        category=lambda i: Category.YOUTH if i % 10 == 3 else Category.TECH_COMPANY,
        is_youth=lambda i: i % 10 == 3,
        organisation=lambda i: organisations[i % len(organisations)],
        country=lambda i: "KH",
    )
    room = Room.objects.create(edition=edition, name="Hall A", capacity=TOTAL)
    session = Session.objects.create(
        edition=edition,
        room=room,
        title_en="Opening panel",
        starts_at=datetime.datetime(2027, 3, 1, 2, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2027, 3, 1, 3, 0, tzinfo=datetime.UTC),
    )
    SessionSpeaker.objects.bulk_create(
        SessionSpeaker(session=session, registration=credential.registration) for credential in credentials[::8]
    )


def ids(count: int) -> list[int]:
    """The first `count` of everyone's badges, in the order a job prints them (by family name)."""
    from forum.models import ForumEdition
    from forum.selectors.badges import badge_ids, badge_items

    everyone = badge_ids(edition=ForumEdition.objects.get(slug=SLUG))
    return list(badge_items(everyone, approved_only=True).values_list("pk", flat=True)[:count])


def run_job(kind: str, count: int):
    from documents.jobs import job_create, job_run

    job = job_create(kind=kind, ids=ids(count), title=f"bench {kind} {count} {time.time_ns()}", by=None)
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert job.total == count
    return job


def warm_up() -> None:
    from forum.jobs import BADGES_A6

    run_job(BADGES_A6, 4)  # loads the fonts into the shared configuration


def timed(kind: str, count: int) -> tuple[float, object]:
    start = time.perf_counter()
    job = run_job(kind, count)
    return (time.perf_counter() - start) * 1000 / count, job


def speed() -> None:
    from forum.jobs import BADGES_A4, BADGES_A6

    warm_up()
    baseline_ms, _ = timed(BADGES_A6, BASELINE)
    a6_ms, a6 = timed(BADGES_A6, TOTAL)
    a4_ms, a4 = timed(BADGES_A4, TOTAL)
    print(f"A6 job, {BASELINE} badges (baseline):          {baseline_ms:.1f} ms per badge")
    print(f"A6 job, {TOTAL} badges (merged PDF + ZIP):    {a6_ms:.1f} ms per badge")
    print(f"A4 job, {TOTAL} badges (four a sheet, marks): {a4_ms:.1f} ms per badge")
    print(f"{TOTAL} / {BASELINE}, ms per badge: A6 {a6_ms / baseline_ms:.2f}, A4 {a4_ms / baseline_ms:.2f} (goal: ~1)")
    print(
        f"sizes: A6 merged PDF {a6.pdf_file.size / 1e6:.1f} MB, ZIP {a6.zip_file.size / 1e6:.1f} MB; "
        f"A4 merged PDF {a4.pdf_file.size / 1e6:.1f} MB"
    )


def child(kind: str, count: int) -> None:
    warm_up()
    baseline = peak_rss_mb()
    start = time.perf_counter()
    run_job(kind, count)
    seconds = time.perf_counter() - start
    print(f"{count} {baseline:.0f} {peak_rss_mb():.0f} {seconds:.1f}")


def memory(database_url: str) -> None:
    from forum.jobs import BADGES_A4, BADGES_A6

    print("job peak memory (fresh process each; RSS after Django and the fonts are loaded, then peak during the job):")
    for kind in (BADGES_A6, BADGES_A4):
        for count in (BASELINE, TOTAL):
            result = subprocess.run(
                [sys.executable, __file__, "--child", str(count), "--kind", kind, "--database-url", database_url],
                capture_output=True,
                text=True,
                check=True,
                timeout=1800,
            )
            n, before, peak, seconds = result.stdout.strip().splitlines()[-1].split()
            print(f"  {kind:<16} {n:>4} badges: peak RSS {peak} MB (before the job {before} MB), {seconds} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", type=int, default=0)
    parser.add_argument("--kind", default="")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    if args.child:
        django_on(args.database_url, private_root=PRIVATE)
        child(args.kind, args.child)
        return
    database_url, name, maintenance = throwaway_database_url(
        os.environ.get("DATABASE_URL", DEFAULT_URL), "_badges_bench"
    )
    recreate_database(maintenance, name)
    shutil.rmtree(PRIVATE, ignore_errors=True)
    django_on(database_url, private_root=PRIVATE)
    build()
    from django.conf import settings

    print(
        f"database {name}: {TOTAL} approved registrations with their credentials, "
        f"chunks of {settings.DOCUMENTS_JOBS_CHUNK_SIZE}"
    )
    speed()
    memory(database_url)
    shutil.rmtree(PRIVATE, ignore_errors=True)


if __name__ == "__main__":
    main()
