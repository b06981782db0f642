"""Where the time of one registration POST goes: cProfile over delegates registering one after the other.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/atf_cop .venv/bin/python bench/register_post_profile.py
[-n 100] [--top 40] [--sort tottime] [--callees REGEX ...]. Needs PostgreSQL: it migrates the database
registration_rush.py uses (the DATABASE_URL's name + "_bench") and makes an edition and its delegates the same way
(registration_rush.prepare). First, without the profiler, registration_rush.lock_profile's figures: the POST's
median server time, and the time its transaction holds the edition's row lock. Then, in this process (Django's
test Client, no network), it times each delegate's POST to /en/forum/<slug>/register/ and counts its queries, and
prints the medians and the last POST's queries, then cProfile's heaviest functions over every POST (by cumulative
time unless --sort says otherwise) and what the functions matching each --callees call. The first ten POSTs warm
up and are left out of the figures and the profile. The site's request log writes one line per POST on stderr
(add 2>/dev/null to leave only the figures).
"""

import argparse
import cProfile
import logging
import os
import pstats
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import registration_rush as rush  # noqa: E402
from bench.common import in_process_client  # noqa: E402

WARM_UP = 10


def profile(count: int, top: int, callees: list[str], sort: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    slug, sessions, organisation_id = rush.prepare(count + WARM_UP, (count + WARM_UP) // 2)
    warnings.filterwarnings("ignore", message="No directory at")  # static files are not collected for this
    logging.getLogger("django.tasks").setLevel(logging.WARNING)  # the e-mails' tasks, run at once here
    path = f"/en/forum/{slug}/register/"
    posts, queries = [], []
    profiler = cProfile.Profile()
    client = in_process_client()  # one client, as one server process: its middleware is set up once
    for i, (key, _csrf) in enumerate(sessions):
        client.cookies.clear()
        client.cookies["sessionid"] = key
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            if i >= WARM_UP:
                profiler.enable()
            response = client.post(path, rush.registration_body(organisation_id))
            profiler.disable()
            elapsed = (time.perf_counter() - began) * 1000
        if response.status_code != 302:
            print(f"unexpected answer {response.status_code} to POST {i}", file=sys.stderr)
        if i >= WARM_UP:
            posts.append(elapsed)
            queries.append(len(captured))
        last = [query["sql"][:160] for query in captured]
    print(f"{len(posts)} POSTs to {path}: median {statistics.median(posts):.1f} ms "
          f"(p10 {sorted(posts)[len(posts) // 10]:.1f}, p90 {sorted(posts)[len(posts) * 9 // 10]:.1f}), "
          f"queries per POST: median {statistics.median(queries):.0f}")  # fmt: skip
    print("(cProfile's own overhead inflates the times above); the last POST's queries:")
    for sql in last:
        print("  ", sql)
    print()
    stats = pstats.Stats(profiler).sort_stats(sort)
    if top:
        stats.print_stats(top)
    for name in callees:
        stats.print_callees(name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--posts", type=int, default=100)
    parser.add_argument("--top", type=int, default=40, help="functions printed (default 40)")
    parser.add_argument("--sort", default="cumulative", help="pstats order (default cumulative; tottime: own time)")
    parser.add_argument("--callees", action="append", default=[], help="also print what these functions call")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("register_post_profile needs PostgreSQL: set DATABASE_URL=postgres://...", file=sys.stderr)
        return 2
    os.environ["LOG_LEVEL"] = "WARNING"  # read when Django is set up (by prepare)
    rush.migrated_bench_database(url, python=sys.executable)
    post, held, under = rush.lock_profile(rush.LOCK_PROFILE)
    print(f"without the profiler, {rush.LOCK_PROFILE} POSTs (registration_rush.lock_profile): POST {post:.1f} ms, "
          f"the edition's lock held {held:.1f} ms ({under:.0f} queries)\n")  # fmt: skip
    profile(max(1, min(args.posts, 1000)), args.top, args.callees, args.sort)
    return 0


if __name__ == "__main__":
    sys.exit(main())
