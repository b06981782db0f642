"""Server time of the programme page and the .ics feed: 10 sessions against 300 sessions (8 rooms, 3 days).

Run: .venv/bin/python bench/programme.py. Builds a throwaway SQLite database under var/bench/ (migrated
afresh each run), renders each page in-process with Django's test Client (no network), and prints the median
milliseconds, the number of queries and the ratio 300 / 10. Tests never assert a time; this script measures.
"""

import datetime
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import django_on_fresh_sqlite  # noqa: E402

BENCH_DB = django_on_fresh_sqlite("programme")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from forum.models import ForumEdition, Registration, Room, Session, SessionSpeaker  # noqa: E402
from forum.services.programme import programme_publish  # noqa: E402

RUNS = 15


def build(slug: str, sessions: int) -> ForumEdition:
    start = datetime.date(2027, 3, 16)
    now = datetime.datetime.now(datetime.UTC)
    edition = ForumEdition.objects.create(
        slug=slug, reference_prefix=slug[:10].upper(), title_en=f"Bench {slug}", starts_on=start,
        ends_on=start + datetime.timedelta(days=2), venue="Venue", city="Phnom Penh",
        registration_opens_at=now - datetime.timedelta(days=1), registration_closes_at=now + datetime.timedelta(days=9),
        capacity=500, is_published=True,
    )  # fmt: skip
    rooms = Room.objects.bulk_create(
        Room(edition=edition, name=f"Room {i}", capacity=100, position=i) for i in range(8)
    )
    tz = datetime.timezone(datetime.timedelta(hours=7))
    rows = []
    for i in range(sessions):
        slot = i // 8
        day, index = slot % 3, slot // 3
        begins = datetime.datetime(2027, 3, 16 + day, 8, tzinfo=tz) + datetime.timedelta(minutes=45 * index)
        rows.append(
            Session(
                edition=edition, room=rooms[i % 8], title_en=f"Session {i}", title_km=f"វគ្គ {i}", kind="panel",
                track=f"Track {i % 4}", starts_at=begins, ends_at=begins + datetime.timedelta(minutes=40),
            )
        )  # fmt: skip
    made = Session.objects.bulk_create(rows)
    SessionSpeaker.objects.bulk_create(
        SessionSpeaker(session=s, guest_name=f"Speaker {s.pk}-{k}", position=k) for s in made for k in range(2)
    )
    programme_publish(edition=edition)
    assert Registration.objects.filter(edition=edition).count() == 0
    return edition


def measure(client: Client, path: str) -> tuple[float, int, int]:
    client.get(path)  # warm templates and caches
    times = []
    for _run in range(RUNS):
        began = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return statistics.median(times), len(queries), len(response.content)


def main() -> None:
    call_command("migrate", verbosity=0, stdout=io.StringIO())
    setup_test_environment()
    small, large = build("bench-small", 10), build("bench-large", 300)
    client = Client()
    print(f"forum programme, median of {RUNS} in-process requests (SQLite {BENCH_DB.relative_to(ROOT)})")
    for label, suffix in (("programme page", "programme/"), ("programme.ics", "programme.ics")):
        results = {}
        for edition, n in ((small, 10), (large, 300)):
            ms, queries, size = measure(client, f"/en/forum/{edition.slug}/{suffix}")
            results[n] = ms
            print(f"  {label:15} {n:4d} sessions: {ms:8.1f} ms, {queries} queries, {size / 1024:7.1f} KiB")
        print(f"  {label:15} ratio 300/10: {results[300] / results[10]:.1f}x")


if __name__ == "__main__":
    main()
