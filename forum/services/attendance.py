"""An organiser's attendance override: the decision that a delegate attended the forum whatever the day doors'
check-ins say (a paper list, a badge left at the hotel, a station that failed), with its reason, and taking it back.
The rule that asks it is forum.selectors.attendance.with_attendance.

Both lock the registration's row, as issuing participation certificates does (forum.services.certificates), so an
override cannot be removed while a certificate is being issued on its strength. Removing an override leaves an
issued certificate as it is: it stands until an organiser revokes it (certificates' own pages).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import User

from ..errors import ForumCertificateError
from ..models import AttendanceOverride, Registration


def _locked(registration: Registration) -> Registration:
    return Registration.objects.select_for_update().get(pk=registration.pk)


@transaction.atomic
def attendance_override_grant(*, registration: Registration, reason: str, by: User | None) -> AttendanceOverride:
    """Record that an approved delegate attended, with the organiser's reason (required). Refused when the
    registration is not approved or already has an active override."""
    reason = (reason or "").strip()
    if not reason:
        raise ForumCertificateError(_("Say why this delegate counts as having attended."), field="reason")
    registration = _locked(registration)
    if not registration.holds_seat:
        raise ForumCertificateError(_("Only an approved delegate can be marked as having attended."))
    if registration.attendance_overrides.filter(removed_at__isnull=True).exists():
        raise ForumCertificateError(_("This delegate is already marked as having attended."))
    return AttendanceOverride.objects.create(registration=registration, reason=reason, created_by=by)


@transaction.atomic
def attendance_override_remove(*, registration: Registration, reason: str = "", by: User | None) -> AttendanceOverride:
    """Take back the registration's active override (the row stays, with who removed it, when and why). Whether
    the delegate attended falls back to their check-ins."""
    _locked(registration)
    override = registration.attendance_overrides.filter(removed_at__isnull=True).first()
    if override is None:
        raise ForumCertificateError(_("This delegate has no override to remove."))
    override.removed_at = timezone.now()
    override.removed_by = by
    override.removal_reason = (reason or "").strip()
    override.save(update_fields=["removed_at", "removed_by", "removal_reason"])
    return override
