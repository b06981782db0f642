"""Demo check-in stations for the demo forum's first day: a main door, a room door for the first open session,
and a walk-in desk; and a first day of check-ins (most approved delegates at the main door, some at the
room door, one badge admitted twice while a station was offline, so the organisers' report has something to show);
and everyone's A6 badges as a print job, which the task worker prints once `make run` has started it.

The check-ins are written directly, dated on the forum's first day (the sync dates a scan "made" in the future on
its arrival, so it cannot make them). The stations' opening links are not known to anyone: an organiser makes a
new link on the stations page to open one on a device.
"""

import datetime
import uuid

from django.utils import timezone

from people.models import User

from ..jobs import BADGES_A6, badge_job_everyone, job_titles
from ..models import CheckIn, ForumEdition, Registration, Session, Station
from ..rules import door_day
from ..services.credentials import credentials_issue_missing
from ..services.stations import station_create

SLUG = "atf-2027"


def _at(edition: ForumEdition, day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=edition.zone)


def seed(*, stdout) -> None:
    edition = ForumEdition.objects.filter(slug=SLUG).first()
    if edition is None or Station.objects.filter(edition=edition).exists():
        return
    organiser = User.objects.filter(is_organiser=True).order_by("pk").first()
    day = edition.starts_on
    until = max(_at(edition, edition.ends_on, 20, 0), timezone.now() + datetime.timedelta(days=1))
    room_session = (
        Session.objects.filter(edition=edition, requires_signup=True)
        .select_related("room")
        .order_by("starts_at")
        .first()
    )
    main, _token = station_create(edition=edition, by=organiser, name="Main door", day=day, expires_at=until)
    side, _token = station_create(edition=edition, by=organiser, name="Side door", day=day, expires_at=until)
    desk, _token = station_create(
        edition=edition, by=organiser, name="Walk-in desk", day=day, expires_at=until, admits_walk_ins=True
    )
    room = None
    if room_session is not None:
        room, _token = station_create(
            edition=edition,
            by=organiser,
            name=f"{room_session.room.name} door",
            session=room_session,
            expires_at=until,
            language="km",
        )

    approved = list(Registration.objects.holding_seat().filter(edition=edition).order_by("number"))
    credentials = credentials_issue_missing(registrations=approved)
    rows = []
    for index, registration in enumerate(approved[:-1]):  # the last one has not come yet: a no-show
        rows.append(
            CheckIn(
                station=main if index % 3 else side,
                registration=registration,
                credential=credentials[registration.pk],
                day=day,
                scan_id=uuid.uuid4(),
                scanned_at=_at(edition, day, 8, 15 + index),
                outcome=CheckIn.Outcome.ADMITTED,
                counts=True,
                offline=index % 5 == 0,
            )
        )
    if len(rows) > 1:
        twice = rows[1]  # admitted at the main door, then again by the side door while it was offline
        rows.append(
            CheckIn(
                station=side,
                registration=twice.registration,
                credential=twice.credential,
                day=day,
                scan_id=uuid.uuid4(),
                scanned_at=twice.scanned_at + datetime.timedelta(minutes=2),
                outcome=CheckIn.Outcome.ALREADY,
                counts=False,
                offline=True,
            )
        )
    if room is not None:
        for index, registration in enumerate(approved[:8]):  # an open session: every approved delegate may come
            rows.append(
                CheckIn(
                    station=room,
                    registration=registration,
                    credential=credentials.get(registration.pk),
                    day=door_day(edition, day=None, session=room_session),
                    session=room_session,
                    scan_id=uuid.uuid4(),
                    scanned_at=room_session.starts_at - datetime.timedelta(minutes=10 - index),
                    outcome=CheckIn.Outcome.ADMITTED,
                    counts=True,
                )
            )
    CheckIn.objects.bulk_create(rows)
    Station.objects.filter(pk__in=[main.pk, side.pk] + ([room.pk] if room else [])).update(
        last_synced_at=timezone.now(), opened_at=timezone.now()
    )
    badge_job_everyone(edition=edition, kind=BADGES_A6, title=job_titles(edition), by=organiser)
    stdout.write(
        f"Venue: stations Main door, Side door, Walk-in desk{' and a room door' if room else ''} for "
        f"{day:%d %B %Y}, with {len(rows)} check-ins of the first day (make a new link on the stations page to open "
        "one on a device); everyone's A6 badges queued for printing (Badges tab, print jobs)."
    )
