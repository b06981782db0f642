"""Badge check-in credentials: the opaque secret a badge's QR code carries (forum.models.CheckInCredential).

A credential is issued when a registration is approved (lifecycle.record, which every change of status passes
through), not when a badge or a QR code is first needed. So reading never writes: "my registration", the print
and e-mail jobs and the stations' manifest find it ready, a delegate's QR on their phone is the one printed on
their badge, and two readers at once never race to create one. Registrations approved before credentials existed
got theirs from migration forum 0008; `credentials_issue_missing` fills any gap left by rows written around the
services (demo data, tests) when badges are printed or e-mailed.

A reissue (a lost badge) revokes the valid credential and issues a new one in one transaction: from its commit the
old QR admits nobody (`forum.selectors.badges.credential_check`), and stations learn it at their next sync.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import User

from ..errors import BadgeError
from ..models import CheckInCredential, Registration
from .seats import registration_lock


def credential_issue(*, registration: Registration) -> CheckInCredential:
    """The registration's valid credential, created if it has none. Idempotent, also under parallel calls: the
    partial unique constraint (one valid credential per registration) decides, and the loser reads the winner's."""
    valid = CheckInCredential.objects.filter(registration=registration, revoked_at__isnull=True)
    existing = valid.first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return CheckInCredential.objects.create(registration=registration)
    except IntegrityError:
        return valid.get()


def credential_issue_new(*, registration: Registration) -> CheckInCredential:
    """The credential of a registration created in the current transaction: nobody else sees it before the commit,
    so it has none yet and it is created without looking (one query, where credential_issue takes four)."""
    return CheckInCredential.objects.create(registration=registration)


def credentials_issue_missing(*, registrations: Iterable[Registration]) -> dict[int, CheckInCredential]:
    """The valid credential of each approved registration among `registrations`, by registration id; the missing
    ones are created. Two queries when none is missing, four otherwise, whatever the number."""
    ids = [registration.pk for registration in registrations if registration.holds_seat]

    def valid(among: list[int]) -> dict[int, CheckInCredential]:
        found = CheckInCredential.objects.filter(registration_id__in=among, revoked_at__isnull=True)
        return {credential.registration_id: credential for credential in found}

    credentials = valid(ids)
    missing = [pk for pk in ids if pk not in credentials]
    if missing:
        # A parallel issue of the same credential loses nothing: the conflict is ignored and its row read back.
        CheckInCredential.objects.bulk_create(
            [CheckInCredential(registration_id=pk) for pk in missing], ignore_conflicts=True
        )
        credentials.update(valid(missing))
    return credentials


@transaction.atomic
def credential_reissue(*, registration: Registration, by: User | None) -> CheckInCredential:
    """A new credential for a lost badge. The valid one is revoked at once (when, by whom), so its QR code admits
    nobody from the commit on. Only an approved registration has a badge (BadgeError otherwise). Takes the edition
    lock (forum.services.seats), as every write to a registration does, so two reissues run one after the other."""
    registration_lock(registration=registration)
    if not registration.holds_seat:
        raise BadgeError(
            _("The registration %(reference)s is %(status)s: only an approved registration has a badge.")
            % {"reference": registration.reference, "status": registration.get_status_display()}
        )
    CheckInCredential.objects.filter(registration=registration, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=by
    )
    return CheckInCredential.objects.create(registration=registration)
