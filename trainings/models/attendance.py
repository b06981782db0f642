"""The roll-call: one attendance record per person and session, the history of every mark, an organiser's unlock
of a locked session, and the short-lived codes of self check-in."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from people.models import actor_field

from .courses import TrainingSession
from .enrolment import Enrollment


class AttendanceRecord(models.Model):
    """Whether a participant attended a session (no record yet means no one has marked them)."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        EXCUSED = "excused", _("Excused")
        ABSENT = "absent", _("Absent")

    session = models.ForeignKey(
        TrainingSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendance"
    )
    enrollment = models.ForeignKey(
        Enrollment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="attendance"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = actor_field(_("updated by"), related_name="attendance_marked")

    class Meta:
        verbose_name = _("attendance record")
        verbose_name_plural = _("attendance records")
        ordering = ["session", "enrollment"]
        constraints = [
            models.UniqueConstraint(fields=["session", "enrollment"], name="trainings_attendance_once_per_session"),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} – {self.session}: {self.get_status_display()}"


class AttendanceChange(models.Model):
    """One applied mark: who, when, the status before and after, and how it came in.

    `client_mark_id` is the id the trainer's page gave the mark; a mark sent twice (a retry after a dropped
    connection) is recognised by it and applied once.
    """

    class How(models.TextChoices):
        TAP = "tap", _("Tap on the roll-call")
        SELF_CHECKIN = "self_checkin", _("Self check-in")
        OFFLINE_SYNC = "offline_sync", _("Sent after being offline")
        FORM = "form", _("Form without JavaScript")

    session = models.ForeignKey(
        TrainingSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendance_changes"
    )
    enrollment = models.ForeignKey(
        Enrollment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="attendance_changes"
    )
    record = models.ForeignKey(
        AttendanceRecord, verbose_name=_("attendance record"), on_delete=models.CASCADE, related_name="changes"
    )
    old_status = models.CharField(_("old status"), max_length=10, choices=AttendanceRecord.Status.choices, blank=True)
    new_status = models.CharField(_("new status"), max_length=10, choices=AttendanceRecord.Status.choices)
    how = models.CharField(_("how"), max_length=20, choices=How.choices)
    changed_by = actor_field(_("changed by"), related_name="attendance_changes")
    changed_at = models.DateTimeField(_("changed at"), db_index=True)
    client_marked_at = models.DateTimeField(
        _("marked on the device at"), null=True, blank=True, help_text=_("The time on the trainer's device.")
    )
    client_mark_id = models.UUIDField(_("mark id"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("attendance change")
        verbose_name_plural = _("attendance changes")
        ordering = ["-changed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["client_mark_id"],
                condition=Q(client_mark_id__isnull=False),
                name="trainings_attendance_change_mark_once",
            ),
            models.CheckConstraint(
                condition=Q(new_status__in=AttendanceRecord.Status.values),
                name="trainings_attendance_change_new_status",
            ),
        ]
        indexes = [models.Index(fields=["session", "changed_at"], name="trainings_attchg_session")]

    def __str__(self) -> str:
        return f"{self.record}: {self.old_status or '–'} → {self.new_status}"


class AttendanceUnlock(models.Model):
    """An organiser reopened a session's attendance after it locked, until `until`."""

    session = models.OneToOneField(
        TrainingSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendance_unlock"
    )
    unlocked_by = actor_field(_("unlocked by"), related_name="attendance_unlocks", blank=False)
    unlocked_at = models.DateTimeField(_("unlocked at"))
    until = models.DateTimeField(_("open until"))

    class Meta:
        verbose_name = _("attendance unlock")
        verbose_name_plural = _("attendance unlocks")
        constraints = [
            models.CheckConstraint(condition=Q(until__gt=F("unlocked_at")), name="trainings_attendance_unlock_until"),
        ]

    def __str__(self) -> str:
        return f"{self.session} (until {self.until:%Y-%m-%d %H:%M})"


class CheckInCode(models.Model):
    """A short code (and its QR link) that participants use to mark themselves present, valid briefly."""

    session = models.ForeignKey(
        TrainingSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="checkin_codes"
    )
    code = models.CharField(_("code"), max_length=12, unique=True)
    created_by = actor_field(_("shown by"), related_name="checkin_codes_shown", blank=False)
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("check-in code")
        verbose_name_plural = _("check-in codes")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=F("created_at")), name="trainings_checkin_code_expiry"),
        ]
        indexes = [models.Index(fields=["session", "expires_at"], name="trainings_checkin_session")]

    def __str__(self) -> str:
        return self.code
