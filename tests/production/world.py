"""What a fault test makes and reads in the site's own database (the throwaway cluster), run in a process of its own
by servers.in_site: `python -m tests.production.world <function> '<json arguments>'` prints the function's answer
as one JSON line. The test's own Django stays on the suite's database."""

import json
import secrets
import sys


def forum(*, delegates: int, seats: int) -> dict:
    """An edition open for registration in automatic mode with `seats` seats, its policies, a published programme of
    six sessions, one organisation, `delegates` people logged in (a session and a CSRF secret each), and a
    certificate to verify."""
    from django.contrib.auth.hashers import make_password

    from bench.common import logged_in_session
    from forum.models import ForumEdition
    from people.models import Organisation, User
    from tests.factories import (
        CertificateFactory,
        ForumEditionFactory,
        ProgrammeSettingsFactory,
        RoomFactory,
        SessionFactory,
    )
    from tests.factories.programme import forum_time

    tag = secrets.token_hex(3)
    edition = ForumEditionFactory(
        slug=f"faults-{tag}", reference_prefix=f"F{tag}".upper(), capacity=seats, mode=ForumEdition.Mode.AUTO
    )
    ProgrammeSettingsFactory(edition=edition)
    room = RoomFactory(edition=edition)
    for hour in range(9, 15):
        SessionFactory(room=room, starts_at=forum_time(edition, 0, hour))
    organisation = Organisation.objects.create(name=f"Faults {tag}", country="KH", kind="other", is_verified=True)
    unusable = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"d{i}-{tag}@faults.example.org", given_name=f"Delegate {i}", password=unusable, country="KH")
        for i in range(delegates)
    )
    sessions = [[logged_in_session(user), secrets.token_hex(16)] for user in users]
    return {
        "slug": edition.slug,
        "organisation": organisation.pk,
        "sessions": sessions,
        "certificate": CertificateFactory().code,
    }


def registrations(*, slug: str) -> dict:
    """The edition's registrations and those not whole (no number, no history, a last event that is not its status,
    approved without a check-in credential); the seats taken against the capacity."""
    from forum.models import ForumEdition, Registration

    edition = ForumEdition.objects.get(slug=slug)
    rows = Registration.objects.filter(edition=edition)
    broken = []
    for registration in rows.prefetch_related("events", "credentials"):
        events = list(registration.events.all())
        whole = bool(events) and events[-1].to_status == registration.status and registration.number
        if registration.status == Registration.Status.APPROVED:
            whole = whole and bool(registration.credentials.all())
        if not whole:
            broken.append(registration.pk)
    approved = rows.filter(status=Registration.Status.APPROVED).count()
    return {"count": rows.count(), "broken": broken, "approved": approved, "capacity": edition.capacity}


def print_job(*, certificates: int) -> dict:
    """`certificates` certificates and a print job of them, queued for the workers."""
    from certificates.jobs import PRINT
    from documents.jobs import job_start
    from tests.factories import CertificateFactory

    made = CertificateFactory.create_batch(certificates)
    job = job_start(kind=PRINT, ids=[c.pk for c in made], title="Faults", by=None)
    return {"job": job.pk}


def emails(*, count: int, tag: str) -> dict:
    """`count` e-mails queued for the workers, to mail-<i>-<tag>@faults.example.org."""
    from people.emails import queue_message
    from people.mail import Message

    for number in range(count):
        message = Message(subject=f"Badge {number}", body="Show it at the door.", to=[f"mail-{number}-{tag}@x.org"])
        queue_message(message, language="en")
    return {"queued": count}


def job(*, job: int) -> dict:
    """The print job's state, its ZIP's entries, and the certificates that exist."""
    import io
    import zipfile

    from certificates.models import Certificate
    from documents.models import PrintJob

    row = PrintJob.objects.get(pk=job)
    names = []
    if row.zip_file:
        with zipfile.ZipFile(io.BytesIO(row.zip_file.read())) as archive:
            names = archive.namelist()
    return {
        "status": row.status,
        "done": row.done,
        "total": row.total,
        "attempts": row.attempts,
        "zip_entries": names,
        "certificates": Certificate.objects.count(),
        "error": row.error,
    }


def tasks(*, path: str) -> dict:
    """The tasks of `path` by status, their return values and their workers."""
    from collections import Counter

    from django_tasks_db.models import DBTaskResult

    rows = list(DBTaskResult.objects.filter(task_path=path).order_by("enqueued_at"))
    return {
        "statuses": dict(Counter(row.status for row in rows)),
        "returns": [row.return_value for row in rows],
        "workers": [row.worker_ids for row in rows],
        "errors": [row.exception_class_path for row in rows if row.exception_class_path],
    }


if __name__ == "__main__":
    import django

    django.setup()
    function, arguments = sys.argv[1], json.loads(sys.argv[2])
    print(json.dumps(globals()[function](**arguments), default=str))
