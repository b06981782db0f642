"""Test takers: N participants answer their pre-test at the same moment, one request per answer as their phones send
them; the server's time per saved answer, against /healthz on the same server in the same run.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/atf_cop .venv/bin/python bench/assessments.py [-n 50]
(or `make bench`). Needs PostgreSQL: it migrates a throwaway database (the DATABASE_URL's name +
"_assessments_bench", dropped and created afresh; a name already ending in "_bench" is used as given), creates a
course with a bank of 32 questions (one right answer, several, true or false), a pre-test of 10 questions with a
time limit, a cohort whose first session is in three days (the pre-test is open) with N enrolled participants, and
starts each one's attempt through the service (trainings.services.assessments.attempt_start); each person's
session is made directly (bench.common.logged_in_session). Then gunicorn (4 workers, DEBUG off, as
bench/registration_rush.py) serves the site and N client threads, one per participant, each post their 10 answers
to the JSON endpoint (trainings:test_answers) in order, with the headers and body static/js/assessment.js sends
through the offline layer's outbox. Printed: answers per second, p50/p95 per answer as the clients saw it and as
gunicorn timed it (its access log's %(D)s: the server's own time, free of the client threads' overhead), the same
for /healthz under the same N clients, the ratios, and, read back from the database, that every answer was saved
exactly once with the choices sent. Bounded: at most 500 participants, 30 s per request, and gunicorn is stopped
at the end whatever happens. Tests never assert a time; this script measures.
"""

import argparse
import json
import os
import random
import secrets
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.certificates import recreate_database  # noqa: E402
from bench.common import (  # noqa: E402
    bench_companies,
    bench_people,
    django_on,
    gunicorn,
    http_call,
    logged_in_session,
    throwaway_database_url,
)
from bench.registration_rush import REQUEST_TIMEOUT, fire, request, summary  # noqa: E402

BENCH_DIR = ROOT / "var" / "bench"
PRIVATE = BENCH_DIR / "assessments-private"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/atf_cop"
EMAIL_DOMAIN = "tests.bench.example.org"
BANK = 32
QUESTIONS = 10
MAX_PARTICIPANTS = 500


def build_bank(course) -> None:
    """BANK questions of the course, each with its first version: four choices (the first right; the first two for
    several right answers), or True and False."""
    from trainings.models import Choice, Question, QuestionVersion

    kinds = [Question.Kind.SINGLE, Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.TRUE_FALSE]
    questions = Question.objects.bulk_create(Question(course=course, kind=kinds[i % 4]) for i in range(BANK))
    versions = QuestionVersion.objects.bulk_create(
        QuestionVersion(
            question=question,
            number=1,
            text_en=f"Question {i + 1}: what should a company do first when a child is at risk online?",
            text_km=f"សំណួរ {i + 1}៖ តើក្រុមហ៊ុនគួរធ្វើអ្វីមុនគេ?",
            explanation_en="Because the guidelines say so.",
        )
        for i, question in enumerate(questions)
    )
    choices = []
    for question, version in zip(questions, versions, strict=True):
        texts = ["True", "False"] if question.kind == Question.Kind.TRUE_FALSE else ["A", "B", "C", "D"]
        right = 2 if question.takes_several else 1
        choices += [
            Choice(version=version, position=p, text_en=text, is_correct=p <= right)
            for p, text in enumerate(texts, start=1)
        ]
    Choice.objects.bulk_create(choices)


def prepare(n: int) -> tuple[list[dict], list[int]]:
    """The course, its bank and pre-test, the cohort with `n` participants, each one's attempt started, session and
    answers: ([{"key", "csrf", "path", "answers": [{"position", "choices"}], "start"}], attempt ids)."""
    import datetime

    from django.core.management import call_command
    from django.urls import reverse
    from django.utils import timezone, translation

    from trainings.models import Assessment, Cohort, Course, Enrollment, TrainingSession
    from trainings.services.assessments import attempt_start

    call_command("migrate", verbosity=0)
    now = timezone.now()
    first_day = timezone.localdate(now) + datetime.timedelta(days=3)
    course = Course.objects.create(title_en="Bench: children's rights and risks online", hours=6)
    build_bank(course)
    test = Assessment.objects.create(
        course=course, kind=Assessment.Kind.PRE, question_count=QUESTIONS, time_limit_minutes=30
    )
    cohort = Cohort.objects.create(
        course=course, code="bench-tests", starts_on=first_day, ends_on=first_day, capacity=n
    )
    starts_at = now + datetime.timedelta(days=3)
    TrainingSession.objects.create(
        cohort=cohort, topic="Opening", starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=3)
    )
    companies = bench_companies("bench ")
    people = bench_people(n, email=lambda i: f"p{i:03d}@{EMAIL_DOMAIN}", given_name=lambda i: f"Participant{i:03d}")
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(cohort=cohort, user=user, organisation=companies[i % 4]) for i, user in enumerate(people)
    )
    takers, attempt_ids = [], []
    pick = random.Random(16)
    for user, enrollment in zip(people, enrollments, strict=True):
        attempt = attempt_start(enrollment=enrollment, assessment=test)
        attempt_ids.append(attempt.pk)
        answers = [
            {"position": item.position, "choices": pick.sample(item.choice_order, 2 if several else 1)}
            for item, several in (
                (item, item.version.question.takes_several)
                for item in attempt.items.select_related("version__question").order_by("position")
            )
        ]
        with translation.override("en"):
            path = reverse("trainings:test_answers", args=[cohort.pk, test.kind, attempt.number])
            start = reverse("trainings:test", args=[cohort.pk, test.kind])
        # 32 characters: an unmasked CSRF secret, as the csrftoken cookie holds.
        key, csrf = logged_in_session(user), secrets.token_hex(16)
        takers.append({"key": key, "csrf": csrf, "path": path, "answers": answers, "start": start})
    return takers, attempt_ids


def post_answer(port: int, taker: dict, answer: dict, outcomes: list) -> tuple[int, float]:
    """One answer as the page's outbox sends it: {"answers": [item]}, JSON, X-CSRFToken, the session's cookies."""
    at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    item = {**answer, "id": str(uuid.uuid4()), "at": at, "offline": False}
    body = json.dumps({"answers": [item]}).encode()
    headers = {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRFToken": taker["csrf"],
        "Cookie": f"sessionid={taker['key']}; csrftoken={taker['csrf']}",
    }
    status, elapsed, data = http_call(port, "POST", taker["path"], body, headers, timeout=REQUEST_TIMEOUT)
    if status == 200:
        outcomes.extend(result["outcome"] for result in json.loads(data)["results"])
    return status, elapsed


def in_turn(calls):
    """A client's job: the calls one after the other (a participant answers in order), their results."""
    return lambda: [call() for call in calls]


def flatten(results: list[list]) -> list:
    return [result for client in results for result in client]


def server_times(access_log: Path, marker: str) -> list[float]:
    """gunicorn's own times (ms, its access log's %(D)s microseconds) of the requests whose line holds `marker`."""
    times = []
    for line in access_log.read_text().splitlines():
        if marker in line:
            times.append(int(line.rsplit(" ", 1)[1]) / 1000)
    return sorted(times)


def percentiles(times: list[float]) -> tuple[float, float]:
    return statistics.median(times), times[max(0, int(round(0.95 * len(times))) - 1)]


def check(attempt_ids: list[int], takers: list[dict], outcomes: list[str]) -> bool:
    """Every answer sent is in the database once, with the choices sent; prints what it found."""
    from trainings.models import AttemptQuestion

    items = AttemptQuestion.objects.filter(attempt__in=attempt_ids)
    expected = {
        (attempt_id, answer["position"]): set(answer["choices"])
        for attempt_id, taker in zip(attempt_ids, takers, strict=True)
        for answer in taker["answers"]
    }
    found: dict[tuple[int, int], set[int]] = {}
    for attempt_id, position, choice_id in AttemptQuestion.selected.through.objects.filter(
        attemptquestion__attempt__in=attempt_ids
    ).values_list("attemptquestion__attempt_id", "attemptquestion__position", "choice_id"):
        found.setdefault((attempt_id, position), set()).add(choice_id)
    answered = items.filter(answered_at__isnull=False).count()
    rows = sum(len(choices) for choices in found.values())
    matching = sum(1 for key, choices in expected.items() if found.get(key) == choices)
    saved = outcomes.count("saved")
    total = len(expected)
    print(
        f"in the database: {answered} of {items.count()} items answered, {matching} of {total} with the choices "
        f"sent, {rows} choice rows for {sum(len(c) for c in expected.values())} choices sent; "
        f"responses 'saved': {saved} of {total}"
    )
    ok = answered == matching == saved == total and found.keys() == expected.keys()
    print(f"every answer saved exactly once: {'yes' if ok else 'NO'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--participants", type=int, default=50, help="test takers, one client each (50)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    args = parser.parse_args()
    n = max(1, min(args.participants, MAX_PARTICIPANTS))

    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        print("assessments needs PostgreSQL: set DATABASE_URL=postgres://...", file=sys.stderr)
        return 2
    bench_url, bench_name, maintenance_url = throwaway_database_url(url, "_assessments_bench")
    recreate_database(maintenance_url, bench_name)
    os.environ.update(
        {
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        }
    )
    django_on(bench_url, private_root=PRIVATE)
    takers, attempt_ids = prepare(n)
    print(f"database {bench_name}: a bank of {BANK} questions, a pre-test of {QUESTIONS}, {n} attempts started")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (other work inflates the times)")

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    log_path, access_path = BENCH_DIR / "assessments-gunicorn.log", BENCH_DIR / "assessments-access.log"
    access = ("--access-logfile", str(access_path), "--access-logformat", "%(r)s %(s)s %(D)s")
    access_path.unlink(missing_ok=True)  # gunicorn appends to it
    print(f"gunicorn's output: {log_path}; its access log (server times): {access_path}")
    outcomes: list[str] = []
    with (
        log_path.open("w") as log,
        gunicorn("config.wsgi", workers=args.workers, env=dict(os.environ), log=log, options=access) as port,
    ):
        # Warm every worker (imports, database connections, the test's page) before anything is timed.
        fire([lambda: request(port, "GET", "/healthz") for _ in range(args.workers * 10)], n)
        cookie = {"Cookie": f"sessionid={takers[0]['key']}"}
        fire([lambda: request(port, "GET", takers[0]["start"], headers=cookie) for _ in range(args.workers * 5)], n)

        timed = "/healthz?timed"
        jobs = [in_turn([lambda: request(port, "GET", timed)] * QUESTIONS) for _ in takers]
        healthz, healthz_wall = fire(jobs, n)
        jobs = [
            in_turn([lambda t=taker, a=answer: post_answer(port, t, a, outcomes) for answer in taker["answers"]])
            for taker in takers
        ]
        answers, answers_wall = fire(jobs, n)
        healthz, answers = flatten(healthz), flatten(answers)

    print()
    h, a = (
        summary(name, results, wall, [status for status, _ in results].count(200))
        for name, results, wall in (("/healthz", healthz, healthz_wall), ("answers", answers, answers_wall))
    )
    ratios = f"p50 {a['p50'] / h['p50']:.1f}x, p95 {a['p95'] / h['p95']:.1f}x"
    print(f"ratio answer/healthz (clients' times): {ratios}, throughput {h['rate'] / a['rate']:.1f}x lower")
    (h50, h95), (a50, a95) = (percentiles(server_times(access_path, marker)) for marker in (timed, "/answers/ "))
    print(
        f"server's own time (gunicorn): answer p50 {a50:.1f} ms, p95 {a95:.1f} ms; /healthz p50 {h50:.1f} ms, "
        f"p95 {h95:.1f} ms; ratio p50 {a50 / h50:.1f}x, p95 {a95 / h95:.1f}x"
    )
    return 0 if check(attempt_ids, takers, outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
