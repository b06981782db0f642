"""Server time of the programme page and the .ics feed: 10 sessions against 300 sessions (8 rooms, 3 days).

Run: .venv/bin/python bench/programme.py. Builds a throwaway SQLite database under var/bench/ (migrated afresh each
run), renders each page in-process with Django's test Client (no network, no template recording: as a server
renders) and prints the median milliseconds of three cases, the queries of each and the ratio 300 / 10:
- cold: the first request after an organiser's edit (each run saves a room first, as the room form does), which
  renders the programme afresh;
- warm: the next requests of signed-out visitors;
- logged in: an approved delegate with ten sessions in their agenda (their "Add" and "Remove" buttons).
The goal (at most 3x) holds for warm and logged in; the cold figure is shown beside them. Every session has two
guest speakers, and one in ten a delegate speaking too. Tests never assert a time; this script measures.
"""

import datetime
import io
import os
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import common  # noqa: E402

BENCH_DB = common.django_on_fresh_sqlite("programme")

from django.core.management import call_command  # noqa: E402

from forum.models import AgendaChoice, ForumEdition, Registration, Room, Session, SessionSpeaker  # noqa: E402
from forum.services.programme import programme_publish, room_update  # noqa: E402

RUNS = 15
GOAL = 3.0
AGENDA = 10


def build(slug: str, sessions: int) -> tuple[ForumEdition, Registration]:
    """The edition of `sessions` sessions, published, and an approved delegate with AGENDA of them in their agenda."""
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
    speaking = made[::10]
    users = common.bench_people(
        len(speaking) + 1, email=lambda i: f"{slug}-{i}@bench.example.org", given_name=lambda i: f"Delegate{i}"
    )
    company = common.bench_companies(f"{slug} ")[0]
    delegate, *speakers = common.bench_badged_delegates(
        edition, users, category=lambda i: "tech_company", organisation=lambda i: company, country=lambda i: "KH"
    )
    SessionSpeaker.objects.bulk_create(
        SessionSpeaker(session=session, registration=credential.registration, position=2)
        for session, credential in zip(speaking, speakers, strict=True)
    )
    AgendaChoice.objects.bulk_create(AgendaChoice(registration=delegate.registration, session=s) for s in made[:AGENDA])
    programme_publish(edition=edition)
    return edition, delegate.registration


def edit(edition: ForumEdition) -> None:
    """What an organiser's save of a room writes (the same values): the programme counts as changed."""
    room = Room.objects.filter(edition=edition).order_by("position").first()
    room_update(room=room, name=room.name, capacity=room.capacity, directions=room.directions, position=room.position)


def measure(client, path: str, before=None) -> tuple[float, int, int]:
    """The median of RUNS requests of `path` (`before` called ahead of each, untimed), its queries and its size."""
    ms, queries, response = common.in_process_median(lambda: client.get(path), RUNS, before)
    assert response.status_code == 200, response.status_code
    return ms, queries, len(response.content)


def main() -> None:
    call_command("migrate", verbosity=0, stdout=io.StringIO())
    warnings.filterwarnings("ignore", message="No directory at")  # static files are not collected for this
    worlds = {10: build("bench-small", 10), 300: build("bench-large", 300)}
    visitor = common.in_process_client()
    print(f"forum programme, median of {RUNS} in-process requests (SQLite {BENCH_DB.relative_to(ROOT)})")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (other work inflates the times)")
    print(f"\n  {'what':44} {'10':>8} {'300':>8} {'ratio':>6}  queries   KiB (300)  goal")
    for label, suffix in (("programme page", "programme/"), ("programme.ics", "programme.ics")):
        cases = [("cold (after an edit)", False, True), ("warm", False, False)]
        if suffix == "programme/":
            cases.append((f"logged in, {AGENDA} in the agenda", True, False))
        for case, signed_in, cold in cases:
            results = {}
            for n, (edition, registration) in worlds.items():
                client = common.in_process_client(registration.user) if signed_in else visitor
                before = (lambda edition=edition: edit(edition)) if cold else None
                results[n] = measure(client, f"/en/forum/{edition.slug}/{suffix}", before)
            ratio = results[300][0] / results[10][0]
            goal = "shown" if cold else f"<= {GOAL:.0f}x"
            print(f"  {label + ', ' + case:44} {results[10][0]:8.1f} {results[300][0]:8.1f} {ratio:5.1f}x  "
                  f"{results[10][1]:3d}/{results[300][1]:<3d}  {results[300][2] / 1024:9.1f}  {goal}")  # fmt: skip
    print("\n  ms per request; queries at 10/300 sessions; every session has 2 guest speakers, 1 in 10 a delegate")


if __name__ == "__main__":
    main()
