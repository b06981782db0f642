"""Whether a delegate attended the forum comes from the day doors' check-ins (forum.models.venue.CheckIn); an
organiser may decide otherwise for one delegate (a paper list, a badge left at the hotel, a station that failed):
an attendance override, with its reason. Removing one keeps its row, so the history of a delegate's overrides is
every row, active or removed: who decided, when and why, and who took it back."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import actor_field
from people.validators import validate_no_control_characters

from .registration import Registration


class AttendanceOverride(models.Model):
    """An organiser's decision that a delegate attended, whatever the check-ins say. One is active per
    registration at most (`removed_at` empty); the reason is never empty."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="attendance_overrides",
    )
    reason = models.TextField(_("reason"), max_length=500, validators=[validate_no_control_characters])
    # Not auto_now_add: the migration that keeps the ticks made before check-in existed dates them as they were.
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    created_by = actor_field(_("recorded by"), related_name="attendance_overrides_recorded")
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = actor_field(_("removed by"), related_name="attendance_overrides_removed")
    removal_reason = models.TextField(
        _("reason for removing it"), max_length=500, blank=True, validators=[validate_no_control_characters]
    )

    class Meta:
        verbose_name = _("attendance override")
        verbose_name_plural = _("attendance overrides")
        ordering = ["registration", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=Q(removed_at__isnull=True),
                name="forum_attendance_override_one_active",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="forum_attendance_override_has_reason"),
            models.CheckConstraint(
                condition=Q(removed_at__isnull=False) | Q(removal_reason=""),
                name="forum_attendance_override_removal_reason_when_removed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id}: {self.created_at:%Y-%m-%d}"

    @property
    def is_active(self) -> bool:
        return self.removed_at is None
