"""Server time of the register form (its first view, and shown again with errors) and of the organisers'
registrations list: the form with 10 organisations in the directory against 300, the list with 10 registrations
against 1,000 (50 a page), in the same run.

Run: .venv/bin/python bench/register_form.py. Builds a throwaway SQLite database under var/bench/ (migrated afresh
each run) and renders each page in-process with Django's test Client (no network, no template recording: as a
server renders), a signed-in delegate for the form (in English and in Khmer: the country list is sorted in the
page's language) and an organiser with an authenticator for the list. Printed: the median milliseconds of RUNS
requests after one warm-up, the queries of one request, each against the small case with the ratio, and the
goals (the form under 150 ms in both cases; the list at most 3x). Tests never assert a time; this script measures.
"""

import datetime
import io
import os
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RUNS = 15
FORM_GOAL_MS = 150
LIST_GOAL = 3.0
SMALL, LARGE_DIRECTORY, LARGE_LIST = 10, 300, 1000

from bench import common  # noqa: E402

BENCH_DB = common.django_on_fresh_sqlite("register_form")

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from forum.models import ForumEdition, PolicyDocument, Registration  # noqa: E402
from people.models import Organisation  # noqa: E402

# What a delegate who forgot the agreements and the passport details posts: the form comes back with errors.
WITH_ERRORS = {"category": "tech_company", "position": "Trust and safety lead", "country": "KH",
               "needs_visa_letter": "on", "new_organisation_name": ""}  # fmt: skip


def edition(slug: str) -> ForumEdition:
    """A published edition whose registration is open, with version 1 of both policies."""
    now = timezone.now()
    made = ForumEdition.objects.create(
        slug=slug, reference_prefix=slug[-8:].upper(), title_en=f"Bench {slug}", title_km=f"វេទិកា {slug}",
        starts_on=now.date() + datetime.timedelta(days=60), ends_on=now.date() + datetime.timedelta(days=62),
        venue="Venue", city="Phnom Penh", registration_opens_at=now - datetime.timedelta(days=1),
        registration_closes_at=now + datetime.timedelta(days=30), capacity=2000, is_published=True,
    )  # fmt: skip
    for kind in PolicyDocument.Kind.values:
        PolicyDocument.objects.create(edition=made, kind=kind, version=1, text_en="Bench policy.", text_km="គោលការណ៍។")
    return made


def organisations(count: int) -> list[Organisation]:
    """The directory grown to `count` organisations (every kind, the ten ASEAN countries)."""
    have = Organisation.objects.count()
    kinds, countries = Organisation.Kind.values, ["KH", "TH", "VN", "PH", "MY", "ID", "SG", "LA", "MM", "BN"]
    Organisation.objects.bulk_create(
        Organisation(name=f"Organisation {i:04d}", kind=kinds[i % len(kinds)], country=countries[i % 10])
        for i in range(have, count)
    )
    return list(Organisation.objects.order_by("pk"))


def registrations(slug: str, count: int, directory: list[Organisation]) -> ForumEdition:
    """An edition with `count` registrations of every status, from the directory's organisations."""
    made = edition(slug)
    code, privacy = PolicyDocument.objects.filter(edition=made).order_by("kind")
    users = common.bench_people(
        count, email=lambda i: f"{slug}-{i}@bench.example.org", given_name=lambda i: f"Delegate{i}"
    )
    statuses = Registration.Status.values
    Registration.objects.bulk_create(
        Registration(
            edition=made, user=user, number=i + 1, status=statuses[i % len(statuses)], category="tech_company",
            organisation=directory[i % len(directory)], country="KH", position="Trust and safety lead",
            code_of_conduct=code, privacy_notice=privacy, needs_visa_letter=i % 7 == 0,
        )
        for i, user in enumerate(users)
    )  # fmt: skip
    return made


def measure(call) -> tuple[float, int]:
    """The median of RUNS calls of `call` (a response of 200 each) after a warm-up, and the queries of one."""
    ms, queries, response = common.in_process_median(call, RUNS)
    assert response.status_code == 200, response.status_code
    return ms, queries


def form_cases(client, slug: str) -> list[tuple[str, tuple[float, int]]]:
    rows = []
    for language in ("en", "km"):
        path = f"/{language}/forum/{slug}/register/"
        rows.append((f"register form, first view ({language})", measure(lambda path=path: client.get(path))))
        shown_again = measure(lambda path=path: client.post(path, WITH_ERRORS))
        rows.append((f"register form, with errors ({language})", shown_again))
    return rows


def main() -> None:
    call_command("migrate", verbosity=0, stdout=io.StringIO())
    warnings.filterwarnings("ignore", message="No directory at")  # static files are not collected for this
    print(f"register form and registrations list, median of {RUNS} in-process requests "
          f"(SQLite {BENCH_DB.relative_to(ROOT)})")  # fmt: skip
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (other work inflates the times)")
    form = edition("bench-register")
    delegate = common.bench_people(1, email=lambda i: "delegate@bench.example.org", given_name=lambda i: "Dara")[0]
    client = common.in_process_client(delegate)
    directory = organisations(SMALL)
    small = form_cases(client, form.slug)
    directory = organisations(LARGE_DIRECTORY)
    large = form_cases(client, form.slug)
    rows = [(what, a, b, f"< {FORM_GOAL_MS} ms") for (what, a), (_w, b) in zip(small, large, strict=True)]
    by = common.in_process_client(common.bench_organiser())
    lists = [registrations(f"bench-list-{n}", n, directory) for n in (SMALL, LARGE_LIST)]
    small, large = (measure(lambda e=e: by.get(f"/en/organiser/forum/{e.slug}/registrations/")) for e in lists)
    rows.append(("registrations list (50 a page)", small, large, f"<= {LIST_GOAL:.0f}x"))
    print(f"\n  {'what':40} {'small':>8} {'large':>8} {'ratio':>6}  queries  goal")
    for what, (small_ms, small_q), (large_ms, large_q), goal in rows:
        print(f"  {what:40} {small_ms:8.1f} {large_ms:8.1f} {large_ms / small_ms:5.1f}x  {small_q:3d}/{large_q:<3d}  "
              f"{goal}")  # fmt: skip
    print(f"\n  ms per request; the form: {SMALL} against {LARGE_DIRECTORY} organisations in the directory; the list: "
          f"{SMALL} against {LARGE_LIST:,} registrations of one edition")  # fmt: skip


if __name__ == "__main__":
    main()
