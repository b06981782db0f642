"""Server time of the organiser's dashboard and build time of the programme report: a world of 10 registrations and
10 enrolments against one of 5,000 forum registrations and 2,000 training enrolments, in the same run.

Run: .venv/bin/python bench/dashboard.py (a throwaway SQLite database under var/bench/, migrated afresh), or with
DATABASE_URL=postgres://... as `make bench` does (the URL's database name + "_dashboard_bench", dropped and created
afresh; a name already ending in "_bench" is used as given). Each world has a year of its own and the dashboard is
asked for it (`?period=<year>`), so each measurement counts its world only: the small world's forum edition and
cohorts in SMALL_YEAR, the large one's in LARGE_YEAR. Both years are past, so the rules that count only what has
happened do their full work (whom a begun edition reached: who attended, forum.selectors.attendance; training
sessions held so far, trainings.selectors.enrolment). The tables are analysed once built, as autovacuum would have
done on a live database: a freshly bulk-loaded one misleads PostgreSQL's planner (it takes thousands of rows for one).

The large world: 5,000 registrations across the ten ASEAN countries (quotas, every status, category and
organisation type, sexes and age bands, youth delegates with their guardians' answers, visa letters, first
approvals over the registration window, check-ins at the day and room doors on the forum's three days, whom it
reached copied as the edition's start copies it), and 2,000 enrolments in 20 cohorts of 4 courses for 8 companies
(attendance records, completion decided, certificates, pre- and post-test attempts, whom they reached copied for
the decided cohorts). Rows are bulk-created, consistent with the models' constraints.

Printed: the dashboard's median server time over RUNS in-process requests (Django's test Client, an organiser with
an authenticator, after one warm-up) and its queries; the report's median build time (reports.building.report_build:
the sections, the PDF and the XLSX) in English and in Khmer, and the PDF's size; each against the small world, with
the ratio and the goal (the dashboard: at most 3x). Tests never assert a time; this script measures.
"""

import contextlib
import datetime
import io
import os
import random
import shutil
import statistics
import sys
import time
import uuid
import warnings
import zoneinfo
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.certificates import recreate_database  # noqa: E402
from bench.common import bench_organiser, django_on, django_on_fresh_sqlite, throwaway_database_url  # noqa: E402

PRIVATE = ROOT / "var" / "bench" / "dashboard-private"
URL = os.environ.get("DATABASE_URL", "")
if URL.startswith(("postgres://", "postgresql://")):
    BENCH_URL, BENCH_NAME, _maintenance = throwaway_database_url(URL, "_dashboard_bench")
    recreate_database(_maintenance, BENCH_NAME)
    shutil.rmtree(PRIVATE, ignore_errors=True)
    django_on(BENCH_URL, private_root=PRIVATE)
    DATABASE = f"PostgreSQL {BENCH_NAME}"
else:
    DATABASE = f"SQLite {django_on_fresh_sqlite('dashboard').relative_to(ROOT)}"

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from certificates.models import Certificate, CertificateTemplate, CertificateTemplateVersion  # noqa: E402
from forum.models import (  # noqa: E402
    CheckIn,
    CheckInCredential,
    CountryQuota,
    ForumEdition,
    Participation,
    PolicyDocument,
    Registration,
    RegistrationEvent,
    Room,
    Session,
    Station,
    VisaRequest,
    YouthDetails,
)
from forum.services.reach import reach_record_edition  # noqa: E402
from people.models import Organisation, User  # noqa: E402
from reports.building import report_build  # noqa: E402
from reports.models import Report  # noqa: E402
from trainings.models import (  # noqa: E402
    Assessment,
    Attempt,
    AttendanceRecord,
    Cohort,
    Course,
    Enrollment,
    TrainingSession,
)
from trainings.services.reach import reach_record_cohort  # noqa: E402

RUNS = 7
REPORT_RUNS = 3
GOAL = 3.0
SMALL_YEAR, LARGE_YEAR = 2024, 2025
ZONE = zoneinfo.ZoneInfo("Asia/Phnom_Penh")
COUNTRIES = {"KH": 30, "TH": 12, "VN": 12, "PH": 10, "ID": 10, "MY": 8, "LA": 6, "MM": 5, "SG": 4, "BN": 3}
C, S = Registration.Category, Registration.Status
CATEGORIES = {C.GOVERNMENT: 20, C.LAW_ENFORCEMENT: 10, C.TECH_COMPANY: 25, C.CIVIL_SOCIETY: 15, C.INTERNATIONAL: 8,
              C.ACADEMIA: 8, C.MEDIA: 6, C.GUEST: 2, C.STAFF: 2}  # fmt: skip
KIND_OF = {C.GOVERNMENT: "government", C.LAW_ENFORCEMENT: "law_enforcement", C.TECH_COMPANY: "tech_company",
           C.CIVIL_SOCIETY: "ngo", C.INTERNATIONAL: "international", C.ACADEMIA: "academia", C.MEDIA: "media",
           C.YOUTH: "ngo", C.GUEST: "international", C.STAFF: "other"}  # fmt: skip
STATUSES = {S.APPROVED: 62, S.SUBMITTED: 10, S.WAITLISTED: 10, S.REJECTED: 6, S.CANCELLED: 12}
SEXES = {"female": 46, "male": 44, "another": 2, "unsaid": 3, "": 5}
AGES = {"18_24": 22, "25_39": 45, "40_plus": 25, "": 8}
CONSENTS = {Participation.GIVEN: 60, Participation.PENDING: 20, Participation.REFUSED: 10, Participation.WITHDRAWN: 10}
SESSION_TIMES = ((0, 9), (1, 9), (2, 9), (2, 14))  # a cohort's sessions: (day from its first, hour)
MARKS = {"present": 80, "late": 8, "excused": 4, "absent": 8}


def pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@contextlib.contextmanager
def times_as_given(*fields):
    """bulk_create keeps the given values of these auto_now_add fields (a bench world has a past)."""
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now_add = True


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZONE)


def people(rng, tag: str, count: int) -> list[User]:
    unusable = make_password(None)
    return User.objects.bulk_create(
        User(email=f"{tag}-{i}@bench.example.org", given_name=f"Person {i}", family_name=tag.title(),
             password=unusable, country=pick(rng, COUNTRIES),
             sex=pick(rng, SEXES), age_band=pick(rng, AGES), language=rng.choice(["en", "km"]))
        for i in range(count)
    )  # fmt: skip


def organisations(tag: str) -> dict[tuple[str, str], Organisation]:
    rows = Organisation.objects.bulk_create(
        Organisation(name=f"{tag} {kind} {country}", kind=kind, country=country, is_verified=True)
        for country in COUNTRIES
        for kind in sorted(set(KIND_OF.values()))
    )
    return {(row.country, row.kind): row for row in rows}


# --- The forum -------------------------------------------------------------------------------------------------


def forum_world(rng, tag: str, year: int, count: int, sessions: int) -> ForumEdition:
    first = datetime.date(year, 3, 18)
    opens, closes = at(datetime.date(year - 1, 12, 1), 9), at(datetime.date(year, 3, 10), 17)
    edition = ForumEdition.objects.create(
        slug=f"bench-{tag}", reference_prefix=tag.upper()[:10], title_en=f"ASEAN forum {year}",
        title_km=f"វេទិកាអាស៊ាន {year}", starts_on=first, ends_on=first + datetime.timedelta(days=2), venue="Venue",
        city="Phnom Penh", registration_opens_at=opens, registration_closes_at=closes, capacity=1, is_published=True,
    )  # fmt: skip
    code, privacy = (
        PolicyDocument.objects.create(edition=edition, kind=kind, version=1, text_en="Bench policy.")
        for kind in (PolicyDocument.Kind.CODE_OF_CONDUCT, PolicyDocument.Kind.PRIVACY)
    )
    orgs = organisations(tag)
    users = people(rng, f"{tag}-delegate", count)
    window = (closes - opens).total_seconds()
    rows, consents = [], {}
    for i, user in enumerate(users):
        youth = i % 33 == 0
        category = C.YOUTH if youth else pick(rng, CATEGORIES)
        if youth:
            consents[i] = pick(rng, CONSENTS) if i % 5 else None  # a fifth have no details on file yet
            consent = consents[i] or Participation.PENDING
            status = {Participation.GIVEN: S.APPROVED, Participation.PENDING: S.SUBMITTED}.get(consent, S.CANCELLED)
        else:
            status = pick(rng, STATUSES)
        created = opens + datetime.timedelta(seconds=window * rng.betavariate(1.3, 2.2))
        rows.append(
            Registration(edition=edition, user=user, number=i + 1, status=status, category=category,
                         organisation=orgs[(user.country, KIND_OF[category])], country=user.country, is_youth=youth,
                         code_of_conduct=code, privacy_notice=privacy, created_at=created, status_changed_at=created,
                         needs_visa_letter=user.country != "KH" and rng.random() < 0.3)
        )  # fmt: skip
    created_at = Registration._meta.get_field("created_at"), Registration._meta.get_field("status_changed_at")
    with times_as_given(*created_at):
        registrations = Registration.objects.bulk_create(rows, batch_size=500)
    history(rng, registrations, closes)
    YouthDetails.objects.bulk_create(
        YouthDetails(registration=registrations[i], participation=state, date_of_birth=datetime.date(year - 15, 5, 1),
                     guardian_name="Guardian", guardian_email=f"guardian{i}@bench.example.org",
                     consent_given_at=opens if state == Participation.GIVEN else None)
        for i, state in consents.items()
        if state
    )  # fmt: skip
    VisaRequest.objects.bulk_create(
        VisaRequest(registration=r, passport_name=f"PERSON {r.number}", nationality=r.country,
                    passport_number=f"P{r.number:07d}", passport_expiry=datetime.date(year + 5, 1, 1),
                    needs_review=rng.random() < 0.1)
        for r in registrations
        if r.needs_visa_letter and rng.random() < 0.7
    )  # fmt: skip
    seated = [r for r in registrations if r.status == S.APPROVED and r.category not in Registration.SEATLESS_CATEGORIES]
    edition.capacity = len(seated) + count // 10 + 5
    edition.save(update_fields=["capacity"])
    by_country = {code: sum(1 for r in seated if r.country == code) for code in COUNTRIES}
    CountryQuota.objects.bulk_create(
        CountryQuota(edition=edition, country=code, seats=n + n // 8 + 2)
        for code, n in by_country.items()
        if code != "SG"  # one country without a quota
    )
    venue(rng, edition, [r for r in registrations if r.status == S.APPROVED], sessions)
    reach_record_edition(edition=edition)  # as the edition's start does: whom it reached, copied
    return edition


def history(rng, registrations: list[Registration], closes: datetime.datetime) -> None:
    """Each registration's events: submitted, then approved (waitlisted first for some), cancelled or rejected."""
    events = []
    for r in registrations:
        moment, steps = r.created_at, [S.SUBMITTED]
        if r.status in (S.APPROVED, S.WAITLISTED) or (r.status == S.CANCELLED and rng.random() < 0.5):
            steps += [S.WAITLISTED] if rng.random() < 0.15 or r.status == S.WAITLISTED else []
            steps += [] if r.status == S.WAITLISTED else [S.APPROVED]
        steps += [r.status] if r.status in (S.CANCELLED, S.REJECTED) else []
        previous = ""
        for step in steps:
            events.append(RegistrationEvent(registration=r, from_status=previous, to_status=step, created_at=moment))
            previous, moment = step, min(moment + datetime.timedelta(hours=rng.uniform(2, 120)), closes)
    with times_as_given(RegistrationEvent._meta.get_field("created_at")):
        RegistrationEvent.objects.bulk_create(events, batch_size=1000)


def venue(rng, edition: ForumEdition, approved: list[Registration], count: int) -> None:
    """Rooms and sessions over the forum's days; day-door and room-door stations; who came each day and to which
    session (every scan kept: admitted ones count, a second scan says "already")."""
    rooms = Room.objects.bulk_create(
        Room(edition=edition, name=f"Room {n}", capacity=400, position=n) for n in range(3)
    )
    days = edition.days
    sessions = Session.objects.bulk_create(
        Session(edition=edition, room=rooms[(n // 3) % 3], title_en=f"Session {n}", title_km=f"វគ្គ {n}",
                kind=Session.Kind.BREAK if n % 7 == 6 else rng.choice(["plenary", "panel", "workshop"]),
                starts_at=at(days[n % 3], 9 + n // 9), ends_at=at(days[n % 3], 9 + n // 9, 50))
        for n in range(count)
    )  # fmt: skip
    expires = at(edition.ends_on, 23)
    doors = {
        day: Station.objects.create(edition=edition, name=f"Door {day}", day=day, expires_at=expires) for day in days
    }
    rooms_doors = Station.objects.bulk_create(
        Station(edition=edition, name=f"Room door {s.pk}", session=s, expires_at=expires) for s in sessions
    )
    credentials = CheckInCredential.objects.bulk_create(CheckInCredential(registration=r) for r in approved)
    scans = []

    def scan(station, credential, day, moment, *, session=None, counts=True):
        scans.append(
            CheckIn(station=station, registration=credential.registration, credential=credential, day=day,
                    session=session, scan_id=uuid.uuid4(), scanned_at=moment, counts=counts,
                    outcome="admitted" if counts else "already")
        )  # fmt: skip

    for index, day in enumerate(days):
        came = [c for c in credentials if rng.random() < (0.9, 0.8, 0.7)[index]]
        for credential in came:
            scan(doors[day], credential, day, at(day, 8, rng.randrange(60)))
            if rng.random() < 0.05:
                scan(doors[day], credential, day, at(day, 12, rng.randrange(60)), counts=False)
        for session, door in zip(sessions, rooms_doors, strict=True):
            if session.starts_at.date() == day and session.kind != Session.Kind.BREAK:
                for credential in came:
                    if rng.random() < 0.25:
                        scan(door, credential, day, session.starts_at, session=session)
    CheckIn.objects.bulk_create(scans, batch_size=2000)


# --- The training programme ------------------------------------------------------------------------------------


def training_world(rng, tag: str, year: int, count: int, courses: int, cohorts: int, companies: int) -> None:
    template = CertificateTemplate.objects.get_or_create(
        key="bench-completion", defaults={"kind": "training_completion", "name": "Bench completion"}
    )[0]
    version = CertificateTemplateVersion.objects.get_or_create(
        template=template, version=1, defaults={"title_en": "Certificate", "title_km": "វិញ្ញាបនបត្រ",
                                                "body_en": "Completed.", "body_km": "បានបញ្ចប់។"}
    )[0]  # fmt: skip
    firms = Organisation.objects.bulk_create(
        Organisation(name=f"{tag} Company {n}", kind="tech_company", country=list(COUNTRIES)[n % 4], is_verified=True)
        for n in range(companies)
    )
    made = Course.objects.bulk_create(
        Course(title_en=f"Child online protection {n + 1}", title_km=f"ការការពារកុមារលើអ៊ីនធឺណិត {n + 1}",
               hours=Decimal("12"), min_attendance_percent=75, has_assessment=n != courses - 1 or courses == 1,
               pass_mark=60 if n != courses - 1 or courses == 1 else None)
        for n in range(courses)
    )  # fmt: skip
    tests = {
        (a.course_id, a.kind): a
        for course in made
        if course.has_assessment
        for a in (
            Assessment.objects.create(course=course, kind="pre"),
            Assessment.objects.create(course=course, kind="post"),
        )
    }
    users = people(rng, f"{tag}-trainee", count)
    per_cohort, n = count // (courses * cohorts), 0
    for c, course in enumerate(made):
        for k in range(cohorts):
            starts = datetime.date(year, 1, 8) + datetime.timedelta(
                days=(340 * (k * courses + c)) // (courses * cohorts)
            )
            decided = k < cohorts - 1 or cohorts == 1  # the last cohort of each course waits for its decision
            cohort = Cohort.objects.create(
                course=course, code=f"{tag.upper()}-{c}-{k}", starts_on=starts, capacity=per_cohort + 5,
                ends_on=starts + datetime.timedelta(days=2), is_open_for_enrolment=False,
                completion_decided_at=at(starts + datetime.timedelta(days=3), 10) if decided else None,
            )  # fmt: skip
            cohort_users = users[n : n + per_cohort]
            n += per_cohort
            cohort_enrolments(rng, cohort, cohort_users, firms, tests, version, decided=decided)
            if decided:
                reach_record_cohort(cohort=cohort)


def cohort_enrolments(rng, cohort, users, firms, tests, version, *, decided: bool) -> None:
    course = cohort.course
    sessions = TrainingSession.objects.bulk_create(
        TrainingSession(cohort=cohort, starts_at=at(day, hour), ends_at=at(day, hour + 3), topic=f"Topic {day} {hour}")
        for day, hour in [(cohort.starts_on + datetime.timedelta(days=d), h) for d, h in SESSION_TIMES]
    )  # fmt: skip
    decided_at = cohort.completion_decided_at
    rows = []
    for user in users:
        withdrawn = rng.random() < 0.05
        rows.append(
            Enrollment(cohort=cohort, user=user, organisation=None if rng.random() < 0.05 else rng.choice(firms),
                       status=Enrollment.Status.WITHDRAWN if withdrawn else Enrollment.Status.ENROLLED,
                       enrolled_at=at(cohort.starts_on - datetime.timedelta(days=20), 10),
                       withdrawn_at=at(cohort.starts_on - datetime.timedelta(days=5), 10) if withdrawn else None)
        )  # fmt: skip
    enrolments = Enrollment.objects.bulk_create(rows)
    holding = [e for e in enrolments if e.status != Enrollment.Status.WITHDRAWN]
    marks, attempts, attended = [], [], {}
    for e in holding:
        for session in sessions:
            if rng.random() < 0.98:
                marks.append(AttendanceRecord(session=session, enrollment=e, status=pick(rng, MARKS)))
                attended[e.pk] = attended.get(e.pk, 0) + (marks[-1].status in ("present", "late"))
    AttendanceRecord.objects.bulk_create(marks, batch_size=2000)
    best = {}
    for e in holding if course.has_assessment else []:
        pre_start, post_start = sessions[0].starts_at - datetime.timedelta(days=2), sessions[-1].starts_at
        if rng.random() < 0.92:
            attempts.append(attempt(tests[(course.pk, "pre")], e, 1, pre_start, rng.gauss(52, 15)))
        for number in (1, 2):
            if rng.random() < (0.88 if number == 1 else 0.5) and best.get(e.pk, 0) < course.pass_mark:
                started = post_start + datetime.timedelta(hours=number)
                attempts.append(attempt(tests[(course.pk, "post")], e, number, started, rng.gauss(74, 13)))
                best[e.pk] = max(best.get(e.pk, 0), attempts[-1].score)
    Attempt.objects.bulk_create(attempts, batch_size=1000)
    if not decided:
        return
    certificates = []
    for e in holding:
        passed = not course.has_assessment or best.get(e.pk, 0) >= course.pass_mark
        done = attended.get(e.pk, 0) * 100 >= course.min_attendance_percent * len(sessions) and passed
        e.status = Enrollment.Status.COMPLETED if done else Enrollment.Status.NOT_COMPLETED
        e.decided_at, e.sessions_attended, e.sessions_counted = decided_at, attended.get(e.pk, 0), len(sessions)
        e.decided_min_attendance_percent, e.decided_score = course.min_attendance_percent, best.get(e.pk)
        e.decided_pass_mark = course.pass_mark
        if done:
            certificates.append(
                Certificate(kind="training_completion", template_version=version, serial=f"{cohort.code}-{e.pk}",
                            source_key=f"enrollment:{e.pk}", recipient=e.user, recipient_name_latin=str(e.user),
                            language=e.user.language, organisation=e.organisation, subject_en=course.title_en,
                            subject_km=course.title_km, starts_on=cohort.starts_on, ends_on=cohort.ends_on,
                            hours=course.hours, issued_at=decided_at)
            )  # fmt: skip
    Enrollment.objects.bulk_update(
        holding, ["status", "decided_at", "sessions_attended", "sessions_counted", "decided_min_attendance_percent",
                  "decided_score", "decided_pass_mark"], batch_size=500,
    )  # fmt: skip
    for revoked in certificates[::97]:  # a few revoked: they no longer count
        revoked.status, revoked.revoked_at, revoked.revoked_reason = "revoked", decided_at, "Issued in error."
    Certificate.objects.bulk_create(certificates, batch_size=1000)


def attempt(assessment, enrollment, number, started, score) -> Attempt:
    score = max(0, min(100, round(score)))
    minutes = datetime.timedelta(minutes=1)
    return Attempt(assessment=assessment, enrollment=enrollment, number=number, started_at=started,
                   ends_at=started + 30 * minutes, submitted_at=started + 20 * minutes, score=score,
                   correct_count=score // 10)  # fmt: skip


# --- Measuring -------------------------------------------------------------------------------------------------


def median_ms(call, runs: int) -> tuple[float, object]:
    """The median of `runs` timed calls of `call`, in milliseconds, and what its last call gave."""
    times, result = [], None
    for _run in range(runs):
        began = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), result


def dashboard(client: Client, year: int) -> tuple[float, int, int]:
    """The dashboard of `year`: its median server time after a warm-up, its queries and its size."""
    path = f"/en/organiser/?period={year}"
    assert client.get(path).status_code == 200  # warm templates and caches
    ms, response = median_ms(lambda: client.get(path), RUNS)
    assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return ms, len(queries), len(response.content)


def report(by: User, year: int, language: str) -> tuple[float, int, int]:
    """The median build time of the year's report in `language` (sections, PDF and XLSX), its PDF's and XLSX's size."""
    made = Report.objects.create(period="year", starts_on=datetime.date(year, 1, 1),
                                 ends_on=datetime.date(year, 12, 31), language=language, created_by=by)  # fmt: skip
    ms, files = median_ms(lambda: report_build(made, progress=lambda step: None), REPORT_RUNS)
    return ms, len(files["pdf"]), len(files["xlsx"])


def main() -> None:
    call_command("migrate", verbosity=0, stdout=io.StringIO())
    setup_test_environment()
    rng = random.Random(17)
    began = time.perf_counter()
    forum_world(rng, "small", SMALL_YEAR, 10, sessions=3)
    training_world(rng, "small", SMALL_YEAR, 10, courses=2, cohorts=1, companies=2)
    forum_world(rng, "large", LARGE_YEAR, 5000, sessions=30)
    training_world(rng, "large", LARGE_YEAR, 2000, courses=4, cohorts=5, companies=8)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    built = time.perf_counter() - began
    warnings.filterwarnings("ignore", message="No directory at")  # static files are not collected for this
    print(f"dashboard and programme report ({DATABASE}; worlds built in {built:.0f} s)")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (other work inflates the times)")
    by = bench_organiser()
    client = Client()
    client.force_login(by)
    rows = []
    small, large = dashboard(client, SMALL_YEAR), dashboard(client, LARGE_YEAR)
    rows += [(f"dashboard server time, ms (median of {RUNS})", small[0], large[0], f"<= {GOAL:.0f}x")]
    rows += [
        ("dashboard queries", small[1], large[1], "the same"),
        ("dashboard page, KiB", small[2] / 1024, large[2] / 1024, ""),
    ]
    report(by, SMALL_YEAR - 1, "en")  # warm WeasyPrint's fonts and the templates on an empty year
    for language in ("en", "km"):
        small, large = report(by, SMALL_YEAR, language), report(by, LARGE_YEAR, language)
        rows += [(f"report build ({language}), ms (median of {REPORT_RUNS})", small[0], large[0], "")]
        rows += [(f"report PDF ({language}), KiB", small[1] / 1024, large[1] / 1024, "")]
        rows += [(f"report XLSX ({language}), KiB", small[2] / 1024, large[2] / 1024, "")]
    print(f"\n  {'what':44} {'small':>9} {'large':>9} {'ratio':>7}  goal")
    for what, small, large, goal in rows:
        ratio = large / small if small else float("nan")
        print(f"  {what:44} {small:9.1f} {large:9.1f} {ratio:6.1f}x  {goal}")
    print(f"\n  small: 10 registrations, 10 enrolments ({SMALL_YEAR}); large: 5,000 registrations, 2,000 enrolments "
          f"({LARGE_YEAR}); {os.cpu_count()} CPUs")  # fmt: skip
    shutil.rmtree(PRIVATE, ignore_errors=True)


if __name__ == "__main__":
    main()
