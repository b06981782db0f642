"""The data bench/production.py loads the production with, made directly with the ORM in its database (Django set up
on it): an edition with seats and its delegates' sessions, a live training session with its trainer, an ended cohort
for the completion decision, and issued certificates for verification and the print job.

Imported by bench/production.py; it measures nothing itself, so `make bench`, which runs every bench/*.py, finds
nothing to print here. Every row of a run carries the run's tag (names, e-mails, serials): runs never collide and
nothing of another run, or of anyone else, is touched.
"""

import datetime
import secrets
from dataclasses import dataclass, field
from decimal import Decimal

EMAIL_DOMAIN = "production.bench.example.org"


@dataclass
class World:
    tag: str
    slug: str  # the edition delegates register for; its programme is published
    organisation_id: int
    seats: int
    delegates: list[tuple[int, str, str]]  # (user id, session key, CSRF secret), not registered yet
    rollcall_session_id: int  # a training session under way: its roll-call takes marks
    enrollment_ids: list[int]
    trainer_sessions: list[tuple[str, str]]  # (session key, CSRF secret) of the trainer, one per client
    ended_cohort_id: int  # over, not decided: the completion decision's cohort
    ended_enrollment_ids: list[int]
    certificate_ids: list[int] = field(default_factory=list)  # issued: printed by the job, verified by readers
    codes: list[str] = field(default_factory=list)


def _template_version():
    from certificates.models import CertificateTemplate, CertificateTemplateVersion, Kind

    template, _made = CertificateTemplate.objects.get_or_create(
        key="prod-bench", defaults={"kind": Kind.TRAINING_COMPLETION, "name": "Production bench"}
    )
    version, _made = CertificateTemplateVersion.objects.get_or_create(
        template=template,
        version=1,
        defaults={"title_en": "Certificate of completion", "title_km": "វិញ្ញាបនបត្របញ្ចប់ការសិក្សា",
                  "body_en": "{name} completed {subject} ({dates}, {hours} hours).",
                  "body_km": "{name} បានបញ្ចប់ {subject} ({dates}, {hours} ម៉ោង)។"},
    )  # fmt: skip
    return version


def _edition(tag: str, seats: int, now):
    from forum.models import ForumEdition, PolicyDocument, ProgrammeSettings, Room, Session

    edition = ForumEdition.objects.create(
        slug=f"prod-bench-{tag}", reference_prefix=f"P{tag[-8:]}", title_en=f"Production bench {tag}",
        starts_on=now.date() + datetime.timedelta(days=60), ends_on=now.date() + datetime.timedelta(days=62),
        venue="Bench hall", city="Phnom Penh", registration_opens_at=now - datetime.timedelta(hours=1),
        registration_closes_at=now + datetime.timedelta(days=1), capacity=seats, mode=ForumEdition.Mode.AUTO,
        is_published=True,
    )  # fmt: skip
    for kind in PolicyDocument.Kind.values:
        PolicyDocument.objects.create(edition=edition, kind=kind, version=1, text_en="Bench policy.")
    rooms = Room.objects.bulk_create(
        Room(edition=edition, name=f"Room {i}", capacity=100, position=i) for i in range(4)
    )
    begins = datetime.datetime.combine(edition.starts_on, datetime.time(8), tzinfo=datetime.UTC)
    Session.objects.bulk_create(
        Session(edition=edition, room=rooms[i % 4], title_en=f"Session {i}", title_km=f"វគ្គ {i}", kind="panel",
                starts_at=begins + datetime.timedelta(minutes=45 * (i // 4)),
                ends_at=begins + datetime.timedelta(minutes=45 * (i // 4) + 40))
        for i in range(40)
    )  # fmt: skip
    ProgrammeSettings.objects.create(edition=edition, published_at=now)
    return edition


def _cohort(tag: str, course, *, participants: int, ended: bool, now, users):
    from people.models import Organisation
    from trainings.models import AttendanceRecord, Cohort, Enrollment, TrainingSession

    today = now.date()
    days = -10 if ended else 0
    cohort = Cohort.objects.create(
        course=course, code=f"PB-{'E' if ended else 'L'}-{tag}", starts_on=today + datetime.timedelta(days=days),
        ends_on=today + datetime.timedelta(days=days + (2 if ended else 0)), capacity=participants,
    )  # fmt: skip
    if ended:
        start = now - datetime.timedelta(days=10)
        sessions = TrainingSession.objects.bulk_create(
            TrainingSession(cohort=cohort, topic=f"Topic {day}", starts_at=start + datetime.timedelta(days=day),
                            ends_at=start + datetime.timedelta(days=day, hours=3))
            for day in range(3)
        )  # fmt: skip
    else:
        sessions = [
            TrainingSession.objects.create(cohort=cohort, topic="Children's rights and risks online", room="Room 1",
                                           starts_at=now - datetime.timedelta(minutes=10),
                                           ends_at=now + datetime.timedelta(hours=3))
        ]  # fmt: skip
    organisation, _made = Organisation.objects.get_or_create(
        name="Production bench company", country="KH", defaults={"kind": "tech_company"}
    )
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(cohort=cohort, user=user, organisation=organisation) for user in users
    )
    if ended:
        AttendanceRecord.objects.bulk_create(
            AttendanceRecord(session=session, enrollment=enrollment, status=AttendanceRecord.Status.PRESENT)
            for session in sessions
            for enrollment in enrollments
        )
    return cohort, sessions[0], enrollments


def _certificates(tag: str, count: int, now) -> list:
    from certificates.models import Certificate, Kind, generate_verification_code

    version = _template_version()
    return Certificate.objects.bulk_create(
        Certificate(
            kind=Kind.TRAINING_COMPLETION, template_version=version, serial=f"PB{tag[-8:]}-{index:04d}",
            code=generate_verification_code(), source_key=f"prod-bench:{tag}:{index}",
            recipient_email=f"holder{index}-{tag}@{EMAIL_DOMAIN}", recipient_name_latin=f"Sokha Chan {index}",
            recipient_name_native=f"ចាន់ សុខា {index}" if index % 2 else "", language="km" if index % 2 else "en",
            subject_en="Child online protection for technology companies",
            subject_km="ការការពារកុមារលើអ៊ីនធឺណិតសម្រាប់ក្រុមហ៊ុនបច្ចេកវិទ្យា",
            starts_on=datetime.date(2026, 3, 2), ends_on=datetime.date(2026, 3, 4), hours=Decimal("12"),
            guideline_version="2.0", issued_at=now,
        )
        for index in range(count)
    )  # fmt: skip


def build(*, delegates: int, seats: int, participants: int, certificates: int, trainer_clients: int) -> World:
    """Everything a run needs, tagged with the time (Django set up on the production's database)."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from bench.common import bench_people, logged_in_session
    from people.models import Organisation, User
    from trainings.models import Course

    now = timezone.now()
    tag = now.strftime("%m%d%H%M%S")
    edition = _edition(tag, seats, now)
    organisation, _made = Organisation.objects.get_or_create(
        name="Production bench ministry", country="KH", defaults={"kind": "other", "is_verified": True}
    )
    people = bench_people(
        delegates + 2 * participants,
        email=lambda i: f"p{i:04d}-{tag}@{EMAIL_DOMAIN}",
        given_name=lambda i: f"Person {i}",
    )
    delegates_made = people[:delegates]
    course = Course.objects.create(title_en=f"Production bench course {tag}", title_km="វគ្គ", hours=Decimal("12"))
    _template_version()  # completion issues certificates with it
    _cohort_live, live_session, live = _cohort(
        tag, course, participants=participants, ended=False, now=now, users=people[delegates : delegates + participants]
    )
    ended, _first, ended_enrollments = _cohort(
        tag, course, participants=participants, ended=True, now=now, users=people[delegates + participants :]
    )
    trainer = User.objects.create(
        email=f"trainer-{tag}@{EMAIL_DOMAIN}", given_name="Bench", family_name="Trainer", password=make_password(None)
    )
    _cohort_live.trainers.add(trainer)
    issued = _certificates(tag, certificates, now)
    # 32 hex characters: an unmasked CSRF secret, sent as the cookie and as the form's token.
    return World(
        tag=tag,
        slug=edition.slug,
        organisation_id=organisation.pk,
        seats=seats,
        delegates=[(user.pk, logged_in_session(user), secrets.token_hex(16)) for user in delegates_made],
        rollcall_session_id=live_session.pk,
        enrollment_ids=[enrollment.pk for enrollment in live],
        trainer_sessions=[(logged_in_session(trainer), secrets.token_hex(16)) for _ in range(trainer_clients)],
        ended_cohort_id=ended.pk,
        ended_enrollment_ids=[enrollment.pk for enrollment in ended_enrollments],
        certificate_ids=[certificate.pk for certificate in issued],
        codes=[certificate.code for certificate in issued],
    )
