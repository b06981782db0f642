"""Check-in stations: the manifest's size for 1,000 delegates (JSON and gzip-compressed, goal under 100 KB), the
server's time per online scan (median of N), and the time to sync 500 queued scans in one request; each against a
baseline measured in the same run (100 delegates, 50 queued scans).

Run: .venv/bin/python bench/checkin.py [-n 50]. Builds a throwaway SQLite database under var/bench/ (migrated
afresh each run), opens each station as its device does (the one-time link, then its cookie) and sends requests
in-process with Django's test Client (no network, so the times are the server's). Tests never assert a time; this
script measures.
"""

import argparse
import datetime
import gzip
import io
import json
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import bench_badged_delegates, bench_companies, bench_people, django_on_fresh_sqlite  # noqa: E402

BENCH_DB = django_on_fresh_sqlite("checkin")

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from forum.models import ForumEdition, Registration  # noqa: E402
from forum.selectors.badges import credential_digest  # noqa: E402
from forum.services.stations import station_create  # noqa: E402
from people.models import User  # noqa: E402

GOAL = 100 * 1024


def build(slug: str, delegates: int) -> tuple[ForumEdition, list[str]]:
    """An edition whose first day is today, with `delegates` approved registrations and their badges' secrets."""
    now = timezone.now()
    edition = ForumEdition(slug=slug, reference_prefix=slug[-6:].upper(), title_en=f"Bench {slug}", venue="Venue")
    today = timezone.localtime(now, edition.zone).date()
    edition.starts_on, edition.ends_on = today, today + datetime.timedelta(days=2)
    edition.registration_opens_at, edition.registration_closes_at = now - datetime.timedelta(days=9), now
    edition.capacity, edition.is_published = delegates, True
    edition.save()
    companies = bench_companies("bench ")
    users = bench_people(
        delegates, email=lambda i: f"{slug}-{i:04d}@bench.example.org", given_name=lambda i: f"Delegate{i:04d}"
    )
    credentials = bench_badged_delegates(
        edition,
        users,
        category=lambda i: Registration.Category.TECH_COMPANY,
        organisation=lambda i: companies[i % 4],
        country=lambda i: ["KH", "VN", "TH", "LA"][i % 4],
    )
    return edition, [credential.secret for credential in credentials]


def open_station(edition: ForumEdition, name: str) -> tuple[Client, str]:
    """A new day door opened on its device: the client with its cookie, and the sync's path."""
    organiser = User.objects.get_or_create(email="organiser@bench.example.org")[0]
    until = timezone.now() + datetime.timedelta(days=1)
    station, token = station_create(edition=edition, by=organiser, name=name, day=edition.starts_on, expires_at=until)
    device = Client()
    kwargs = {"slug": edition.slug, "token": token}
    assert device.get(reverse("forum:station", kwargs=kwargs)).status_code == 200
    return device, kwargs


def manifest_size(edition: ForumEdition) -> tuple[int, int, float]:
    device, kwargs = open_station(edition, "Manifest door")
    began = time.perf_counter()
    response = device.get(reverse("forum:station_manifest", kwargs=kwargs))
    elapsed = (time.perf_counter() - began) * 1000
    assert response.status_code == 200
    return len(response.content), len(gzip.compress(response.content, compresslevel=6)), elapsed


def sync(device: Client, kwargs: dict, secrets: list[str]) -> float:
    body = json.dumps(
        {
            "scans": [
                {"id": str(uuid.uuid4()), "h": credential_digest(secret), "at": timezone.now().isoformat()}
                for secret in secrets
            ]
        }
    )
    began = time.perf_counter()
    response = device.post(reverse("forum:station_sync", kwargs=kwargs), body, content_type="application/json")
    elapsed = (time.perf_counter() - began) * 1000
    assert response.status_code == 200, response.content[:200]
    assert all(result["outcome"] == "admitted" for result in response.json()["results"])
    return elapsed


def online_scans(edition: ForumEdition, secrets: list[str], n: int) -> float:
    device, kwargs = open_station(edition, "Online door")
    sync(device, kwargs, secrets[-1:])  # warm
    return statistics.median(sync(device, kwargs, [secret]) for secret in secrets[:n])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=50, help="online scans to take the median of")
    args = parser.parse_args()
    call_command("migrate", verbosity=0, stdout=io.StringIO())
    setup_test_environment()
    small, small_secrets = build("bench-c100", 100)
    large, large_secrets = build("bench-c1000", 1000)
    print(f"check-in stations, in-process requests (SQLite {BENCH_DB.relative_to(ROOT)})")

    sizes = {}
    for edition, people in ((small, 100), (large, 1000)):
        raw, packed, ms = manifest_size(edition)
        sizes[people] = packed
        print(
            f"  manifest  {people:5d} delegates: {raw / 1024:7.1f} KiB JSON, {packed / 1024:6.1f} KiB gzip, {ms:.0f} ms"
        )
    verdict = "under" if sizes[1000] < GOAL else "OVER"
    print(
        f"  manifest  ratio 1000/100: {sizes[1000] / sizes[100]:.1f}x (gzip, {verdict} the goal of {GOAL // 1024} KB)"
    )

    online = {}
    for edition, secrets, people in ((small, small_secrets, 100), (large, large_secrets, 1000)):
        online[people] = online_scans(edition, secrets, min(args.n, len(secrets) - 1))
        print(f"  online scan, {people:5d} delegates: median {online[people]:6.1f} ms of {args.n}")
    print(f"  online scan ratio 1000/100 delegates: {online[1000] / online[100]:.1f}x")

    queued = {}
    for count, first in ((50, 100), (500, 200)):  # people the online door has not admitted
        device, kwargs = open_station(large, f"Queue {count}")
        queued[count] = sync(device, kwargs, large_secrets[first : first + count])
        print(f"  sync of {count:3d} queued scans (1000 delegates): {queued[count]:7.1f} ms in one request")
    print(f"  queued sync ratio 500/50: {queued[500] / queued[50]:.1f}x ({queued[500] / 500:.2f} ms a scan)")


if __name__ == "__main__":
    main()
