"""Self check-in: the short-lived code a trainer shows (and its QR link), and a participant marking themselves
present with it, also when the code was scanned before logging in."""

import datetime
import secrets
import uuid

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from people.models import User

from ..errors import CheckInRefused
from ..models import AttendanceChange, AttendanceRecord, CheckInCode, Enrollment, TrainingSession
from .attendance import Mark, attendance_marks_apply

# Letters and digits that cannot be mistaken for one another when read off a projector (no 0/O, 1/I/L, 2/Z, 5/S, 8/B).
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6
CODE_LIFETIME = datetime.timedelta(minutes=5)
# A new code is shown once the current one has less than this left, so a code read off the screen still works.
CODE_RENEW_BEFORE = datetime.timedelta(minutes=2)
# Self check-in opens a little before the session starts.
CHECKIN_OPENS_BEFORE = datetime.timedelta(minutes=30)
# A code scanned before logging in still counts if the person logs in within this time.
PENDING_SCAN_MAX_AGE = datetime.timedelta(minutes=30)
PENDING_SCAN_SALT = "trainings.checkin.pending"
PENDING_SCAN_KEY = "trainings_checkin_pending"


def checkin_window(session: TrainingSession) -> tuple[datetime.datetime, datetime.datetime]:
    """When participants may check themselves in: from a little before the start until the end."""
    return session.starts_at - CHECKIN_OPENS_BEFORE, session.ends_at


def checkin_is_open(session: TrainingSession, now: datetime.datetime | None = None) -> bool:
    opens, closes = checkin_window(session)
    now = now or timezone.now()
    return opens <= now < closes


def normalise_code(text: str) -> str:
    """What a person typed, as a code: upper case, without spaces and dashes."""
    return "".join(character for character in (text or "").upper() if character.isalnum())[: CODE_LENGTH * 2]


@transaction.atomic
def checkin_code_current(*, session: TrainingSession, by: User) -> CheckInCode:
    """The code to show now: the latest one if it has a while left, else a new one.

    Raises CheckInRefused outside the check-in window. A new code never outlives the session.
    """
    now = timezone.now()
    if not checkin_is_open(session, now):
        raise CheckInRefused(_("Self check-in is open only from 30 minutes before the session until its end."))
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    latest = CheckInCode.objects.filter(session=session, expires_at__gt=now + CODE_RENEW_BEFORE).first()
    if latest is not None:
        return latest
    expires_at = min(now + CODE_LIFETIME, session.ends_at)
    for _attempt in range(10):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        try:
            with transaction.atomic():
                return CheckInCode.objects.create(
                    session=session, code=code, created_by=by, created_at=now, expires_at=expires_at
                )
        except IntegrityError:  # pragma: no cover - one chance in millions
            continue
    raise CheckInRefused  # pragma: no cover


def _checkin_code_valid_at(code_text: str, at: datetime.datetime) -> CheckInCode:
    code = CheckInCode.objects.select_related("session__cohort__course").filter(code=normalise_code(code_text)).first()
    if code is None:
        raise CheckInRefused(_("This check-in code does not exist. Check the code on the trainer's screen."))
    if at >= code.expires_at or at < code.created_at:
        raise CheckInRefused(_("This check-in code has expired. Ask the trainer for the current code."))
    if not checkin_is_open(code.session, at):
        raise CheckInRefused(_("This session is not taking check-ins now."))
    return code


@transaction.atomic
def checkin_self(
    *, user: User, code_text: str, scanned_at: datetime.datetime | None = None, session: TrainingSession | None = None
) -> tuple[TrainingSession, bool]:
    """Mark `user` present with a check-in code; returns (session, whether their status changed).

    `scanned_at` is when the code was read (before logging in); the code must have been valid then. If
    `session` is given, a code of another session is refused. Someone already marked present or late keeps it.
    """
    now = timezone.now()
    at = scanned_at or now
    if scanned_at is not None and (scanned_at > now or now - scanned_at > PENDING_SCAN_MAX_AGE):
        raise CheckInRefused(_("This scan is too old. Scan the current code again."))
    code = _checkin_code_valid_at(code_text, at)
    if session is not None and code.session_id != session.pk:
        raise CheckInRefused(_("This code belongs to another session."))
    session = code.session
    enrollment = Enrollment.objects.filter(
        cohort_id=session.cohort_id, user=user, status__in=Enrollment.HOLDING_PLACE
    ).first()
    if enrollment is None:
        own = (
            TrainingSession.objects.filter(
                cohort__enrollments__user=user,
                cohort__enrollments__status__in=Enrollment.HOLDING_PLACE,
                starts_at__lte=at + CHECKIN_OPENS_BEFORE,
                ends_at__gt=at,
            )
            .select_related("cohort")
            .first()
        )
        if own is not None:
            raise CheckInRefused(
                _("This code is for another session (%(other)s). Use the code shown in your session, %(own)s.")
                % {"other": f"{session.cohort.code}: {session.topic}", "own": f"{own.cohort.code}: {own.topic}"}
            )
        raise CheckInRefused(
            _("You are not enrolled in %(cohort)s, so you cannot check in to this session.")
            % {"cohort": session.cohort.code}
        )
    record = AttendanceRecord.objects.filter(session=session, enrollment=enrollment).first()
    if record is not None and record.status in (AttendanceRecord.Status.PRESENT, AttendanceRecord.Status.LATE):
        return session, False
    mark = Mark(
        enrollment_id=enrollment.pk,
        status=AttendanceRecord.Status.PRESENT,
        mark_id=uuid.uuid4(),
        marked_at=at,
        how=AttendanceChange.How.SELF_CHECKIN,
    )
    (result,) = attendance_marks_apply(session=session, marks=[mark], by=user)
    if result.outcome == "refused":
        raise CheckInRefused(result.message)
    return session, True


def pending_scan_remember(*, request_session, code_text: str, now: datetime.datetime | None = None) -> None:
    """Keep a code scanned before logging in, with when it was scanned (signed, in the visitor's session)."""
    now = now or timezone.now()
    request_session[PENDING_SCAN_KEY] = signing.dumps(
        {"code": normalise_code(code_text), "at": now.isoformat()}, salt=PENDING_SCAN_SALT
    )


def pending_scan_take(*, request_session) -> tuple[str, datetime.datetime] | None:
    """The remembered (code, scanned at), removed from the session; None when there is none or it was tampered."""
    value = request_session.pop(PENDING_SCAN_KEY, None)
    if not value:
        return None
    try:
        data = signing.loads(value, salt=PENDING_SCAN_SALT, max_age=PENDING_SCAN_MAX_AGE)
        scanned_at = parse_datetime(data["at"])
        return str(data["code"]), scanned_at
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
