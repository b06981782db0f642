"""The production under load: both app servers of bench/prod_local.py at once, for a bounded time, then checks.

Run: .venv/bin/python bench/production.py [--seconds 30] [--clients 12] [--delegates 300] [--seats 100]
[--certificates 500] (or `make bench`, which runs it with the defaults). It starts the production of
bench/prod_local.py on two free ports (database atf_prod_local, Redis database 5; PostgreSQL and Redis started if
down, never stopped) and stops it at the end whatever happens. Loopback only.

It seeds its data with the ORM in the production's database (bench/production_data.py: an edition with --seats
seats and --delegates delegates logged in, a live training session of 60 participants and its trainer, an ended
cohort of 60, --certificates issued certificates), starts a print job of every one of those certificates (the task
workers run it) and, a third into the load, decides the completion of every cohort that is over (the service the
periodic runner calls; the runner itself may decide it too), while --clients threads send, to either app server
at random: registrations (a rush: first while delegates are left), readings of the programme, certificate
verifications (one in ten for a code that does not exist: 404), and roll-call marks (one mark per request, as the
trainer's phone sends them). The verification limit per address is raised for the run (every client is
127.0.0.1). Requests go over plain http with X-Forwarded-Proto: https, as from the TLS proxy production has.

It prints, per kind of request, the count, throughput, p50 and p95 and the answers that were not the expected
one by status; then waits for the print job (at most --job-wait seconds) and checks: 0 overbooked seats (the
edition's seats as forum.services.seats counts them), every registration and every mark that got a success
answer is in the database, the print job DONE with one ZIP entry per certificate and no name twice, no
certificate issued twice (the bench's, and the completion's: one per completed enrolment). Exits 1 when a check
fails. The load generator shares the machine's cores with the site: figures show the machine, not the site alone.
"""

import argparse
import json
import os
import random
import statistics
import sys
import threading
import time
import urllib.parse
import uuid
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import http_call  # noqa: E402
from bench.prod_local import FORWARDED, csrf_headers, production  # noqa: E402

EXPECTED = {"register": {302}, "programme": {200}, "verify": {200, 404}, "mark": {200}}
TIMEOUT = 30
PARTICIPANTS = 60


def send(base: str, method: str, path: str, body: bytes = b"", headers: dict | None = None) -> tuple[int, float, bytes]:
    """One request to the app server at `base` (http://127.0.0.1:<port>), as through the TLS proxy."""
    port = int(base.rsplit(":", 1)[1])
    return http_call(port, method, path, body, {**FORWARDED, **(headers or {})}, timeout=TIMEOUT)


class Load:
    """The clients' shared state: what is left to register, what each request got, what succeeded."""

    def __init__(self, urls: list[str], world, seconds: float):
        self.urls, self.world = urls, world
        self.deadline = time.monotonic() + seconds
        self.delegates = list(world.delegates)
        self.lock = threading.Lock()
        self.results: dict[str, list[tuple[int, float]]] = defaultdict(list)
        self.by_server: Counter = Counter()
        self.registered: list[int] = []  # user ids answered 302
        self.marked: list[str] = []  # mark ids answered applied or duplicate
        from certificates.models import generate_verification_code  # Django is set up by now

        self.unknown_code = generate_verification_code()  # of the right shape, issued to nobody: 404

    def note(self, kind: str, server: int, status: int, seconds: float) -> None:
        with self.lock:
            self.results[kind].append((status, seconds))
            self.by_server[server] += 1

    def next_delegate(self):
        with self.lock:
            return self.delegates.pop() if self.delegates else None

    def register(self, base: str, delegate) -> tuple[str, int, float]:
        user_id, key, csrf = delegate
        body = {"csrfmiddlewaretoken": csrf, "category": "government", "organisation": self.world.organisation_id,
                "position": "Officer", "country": "KH", "agree_code_of_conduct": "on",
                "agree_privacy": "on"}  # fmt: skip
        headers = {**csrf_headers(base), "Content-Type": "application/x-www-form-urlencoded",
                   "Cookie": f"sessionid={key}; csrftoken={csrf}"}  # fmt: skip
        path = f"/en/forum/{self.world.slug}/register/"
        status, seconds, _body = send(base, "POST", path, urllib.parse.urlencode(body).encode(), headers)
        if status == 302:
            with self.lock:
                self.registered.append(user_id)
        return "register", status, seconds

    def mark(self, base: str, trainer) -> tuple[str, int, float]:
        key, csrf = trainer
        mark = {"id": str(uuid.uuid4()), "enrollment": random.choice(self.world.enrollment_ids),
                "status": random.choice(["present", "late", "absent"])}  # fmt: skip
        headers = {**csrf_headers(base), "Content-Type": "application/json", "X-CSRFToken": csrf,
                   "Cookie": f"sessionid={key}; csrftoken={csrf}"}  # fmt: skip
        path = f"/en/trainings/sessions/{self.world.rollcall_session_id}/attendance/marks/"
        status, seconds, content = send(base, "POST", path, json.dumps({"marks": [mark]}).encode(), headers)
        if status == 200:
            outcomes = {result["id"]: result["outcome"] for result in json.loads(content)["results"]}
            if outcomes.get(mark["id"]) in ("applied", "duplicate"):
                with self.lock:
                    self.marked.append(mark["id"])
        return "mark", status, seconds

    def client(self, index: int) -> None:
        rng = random.Random(index)  # load, not secrets
        trainer = self.world.trainer_sessions[index % len(self.world.trainer_sessions)]
        while time.monotonic() < self.deadline:
            server = rng.randrange(len(self.urls))
            base = self.urls[server]
            delegate = self.next_delegate() if rng.random() < 0.6 else None
            if delegate is not None:
                kind, status, seconds = self.register(base, delegate)
            else:
                choice = rng.random()
                if choice < 0.4:
                    status, seconds, _body = send(base, "GET", f"/en/forum/{self.world.slug}/programme/")
                    kind = "programme"
                elif choice < 0.75:
                    code = rng.choice(self.world.codes) if rng.random() < 0.9 else self.unknown_code
                    status, seconds, _body = send(base, "GET", f"/en/certificates/verify/{code}/")
                    kind = "verify"
                else:
                    kind, status, seconds = self.mark(base, trainer)
            self.note(kind, server, status, seconds)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(share * len(ordered))) - 1)]


def report(load: Load, wall: float) -> int:
    """Print the figures per kind; the number of answers that were not the expected one."""
    print(f"\n{'kind':<10} {'requests':>8} {'per s':>7} {'p50 ms':>8} {'p95 ms':>8}  unexpected answers by status")
    unexpected_total = 0
    everything = []
    for kind in ("register", "programme", "verify", "mark"):
        rows = load.results.get(kind, [])
        everything += rows
        if not rows:
            print(f"{kind:<10} {0:>8}")
            continue
        times = [seconds * 1000 for _status, seconds in rows]
        unexpected = Counter(status for status, _s in rows if status not in EXPECTED[kind])
        unexpected_total += sum(unexpected.values())
        print(f"{kind:<10} {len(rows):>8} {len(rows) / wall:>7.1f} {statistics.median(times):>8.1f} "
              f"{percentile(times, 0.95):>8.1f}  {dict(sorted(unexpected.items())) or 'none'}")  # fmt: skip
    times = [seconds * 1000 for _status, seconds in everything]
    print(f"{'all':<10} {len(everything):>8} {len(everything) / wall:>7.1f} {statistics.median(times):>8.1f} "
          f"{percentile(times, 0.95):>8.1f}  status codes {dict(sorted(Counter(s for s, _t in everything).items()))}"
          )  # fmt: skip
    print(f"requests per app server: {dict(sorted(load.by_server.items()))}")
    return unexpected_total


def decide_in_background(delay: float, outcome: dict) -> threading.Thread:
    def run():
        from django.db import connection

        from trainings.services.completion import completions_decide_due

        time.sleep(delay)
        began = time.perf_counter()
        try:
            outcome["completed"] = len(completions_decide_due())
        except Exception as error:  # reported among the checks
            outcome["error"] = repr(error)
        outcome["seconds"] = time.perf_counter() - began
        connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def wait_for_job(job_id: int, seconds: float):
    from documents.models import PrintJob

    deadline = time.monotonic() + seconds
    while True:
        job = PrintJob.objects.get(pk=job_id)
        if job.status in (PrintJob.Status.DONE, PrintJob.Status.FAILED) or time.monotonic() > deadline:
            return job
        time.sleep(1)


def checks(world, load: Load, job, completion: dict) -> list[tuple[str, bool, str]]:
    from django.db.models import Count

    from certificates.models import Certificate
    from forum.models import ForumEdition, Registration
    from forum.services.seats import Seats
    from trainings.models import AttendanceChange, Cohort, Enrollment

    edition = ForumEdition.objects.get(slug=world.slug)
    seats = Seats.read(edition)
    overbooked = max(0, seats.approved - edition.capacity)
    registered = set(Registration.objects.filter(edition=edition).values_list("user_id", flat=True))
    lost_registrations = set(load.registered) - registered
    changes = AttendanceChange.objects.filter(client_mark_id__in=load.marked)
    recorded_marks = {str(pk) for pk in changes.values_list("client_mark_id", flat=True)}
    lost_marks = set(load.marked) - recorded_marks
    names: list[str] = []
    if job.status == job.Status.DONE and job.zip_file:
        with job.zip_file.open("rb") as handle, zipfile.ZipFile(handle) as archive:
            names = archive.namelist()
    bench_serials = Certificate.objects.filter(source_key__startswith=f"prod-bench:{world.tag}:").count()
    keys = [f"enrollment:{pk}" for pk in world.ended_enrollment_ids]
    issued = Counter(Certificate.objects.filter(source_key__in=keys).values_list("source_key", flat=True))
    completed = Enrollment.objects.filter(pk__in=world.ended_enrollment_ids, status=Enrollment.Status.COMPLETED)
    decided = Cohort.objects.get(pk=world.ended_cohort_id).completion_decided_at is not None
    duplicates = Registration.objects.filter(edition=edition).values("user").annotate(n=Count("pk")).filter(n__gt=1)
    total = len(world.certificate_ids)
    return [
        ("overbooked seats", overbooked == 0,
         f"{overbooked} (capacity {edition.capacity}, approved {seats.approved})"),
        ("registrations answered 302 in the database", not lost_registrations and not duplicates.exists(),
         f"{len(load.registered) - len(lost_registrations)} of {len(load.registered)}; {len(registered)} rows"),
        ("marks answered applied in the database", not lost_marks,
         f"{len(load.marked) - len(lost_marks)} of {len(load.marked)}"),
        ("print job done", job.status == job.Status.DONE,
         f"{job.status} {job.done}/{job.total} {job.error[:200]}"),
        ("ZIP: one entry per certificate, none twice", len(names) == total == len(set(names)),
         f"{len(names)} entries, {len(set(names))} names, {total} certificates"),
        ("bench certificates not issued twice", bench_serials == total, f"{bench_serials} rows for {total}"),
        ("completion decided, one certificate per completed enrolment",
         decided and completion.get("error") is None and completed.count() == len(issued) == PARTICIPANTS
         and max(issued.values(), default=0) == 1,
         f"decided {decided}; {completed.count()} completed, {sum(issued.values())} certificates; "
         f"in the bench process {completion}"),
    ]  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30, help="how long the load runs (default 30)")
    parser.add_argument("--clients", type=int, default=12, help="client threads (default 12)")
    parser.add_argument("--delegates", type=int, default=300)
    parser.add_argument("--seats", type=int, default=100)
    parser.add_argument("--certificates", type=int, default=500)
    parser.add_argument("--job-wait", type=float, default=900, help="seconds to wait for the print job (default 900)")
    args = parser.parse_args()
    seconds = max(1.0, min(args.seconds, 600))

    extra = {"CERTIFICATES_VERIFY_PER_MINUTE": "1000000"}
    with production(extra=extra) as (urls, env):
        os.environ.update(env)
        import django

        django.setup()
        from bench import production_data
        from certificates.jobs import PRINT
        from documents.jobs import job_start

        world = production_data.build(delegates=max(1, args.delegates), seats=max(0, args.seats),
                                      participants=PARTICIPANTS, certificates=max(1, args.certificates),
                                      trainer_clients=max(1, args.clients))  # fmt: skip
        print(f"production on {' and '.join(urls)}; machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
        print(f"edition {world.slug}: {args.seats} seats, {len(world.delegates)} delegates; roll-call of "
              f"{PARTICIPANTS}; {len(world.certificate_ids)} certificates; {args.clients} clients for "
              f"{seconds:.0f} s")  # fmt: skip
        for base in urls:  # warm both servers' workers
            for _ in range(4):
                send(base, "GET", f"/en/forum/{world.slug}/programme/")
        job = job_start(kind=PRINT, ids=world.certificate_ids, title=f"Production bench {world.tag}", by=None)
        job_began = time.perf_counter()
        completion: dict = {}
        decider = decide_in_background(seconds / 3, completion)
        load = Load(urls, world, seconds)
        threads = [threading.Thread(target=load.client, args=(i,)) for i in range(args.clients)]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - began
        unexpected = report(load, wall)
        decider.join(timeout=300)
        job = wait_for_job(job.pk, args.job_wait)
        job_seconds = time.perf_counter() - job_began
        print(f"print job of {job.total}: {job.status} after {job_seconds:.1f} s from its start "
              f"({job_seconds * 1000 / job.total:.0f} ms a certificate, under the load for the first "
              f"{wall:.0f} s)")  # fmt: skip
        if "seconds" in completion:
            print(f"completion decision in the bench process: {completion}")
        results = checks(world, load, job, completion)
    print("\nchecks:")
    for name, ok, detail in results:
        print(f"  {'ok  ' if ok else 'FAIL'} {name}: {detail}")
    print(f"  answers other than the expected ones: {unexpected} (not a failed check by itself)")
    return 0 if all(ok for _name, ok, _detail in results) else 1


if __name__ == "__main__":
    sys.exit(main())
