"""A person's place in a cohort, and the outcome of the completion decision."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from people.models import actor_field
from people.reach import ReachFields

from .courses import PERCENT_VALIDATORS, Cohort


class Enrollment(ReachFields, models.Model):
    """A person's place in a cohort, for a company (or for themselves), and its outcome.

    The outcome's reason is rendered when shown, in the reader's language, from the numbers kept here
    at the time of the decision (attended and counted sessions, the rule's minimum, score and pass mark).
    """

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        COMPLETED = "completed", _("Completed")
        NOT_COMPLETED = "not_completed", _("Not completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Statuses that hold a place in the cohort, and those the completion decision gives.
    HOLDING_PLACE = (Status.ENROLLED, Status.COMPLETED, Status.NOT_COMPLETED)
    DECIDED = (Status.COMPLETED, Status.NOT_COMPLETED)

    cohort = models.ForeignKey(Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="enrollments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="enrollments"
    )
    organisation = models.ForeignKey(
        "people.Organisation",
        verbose_name=_("company"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrollments",
        help_text=_("The company the person is trained for; empty when they enrolled for themselves."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ENROLLED)
    enrolled_by = actor_field(_("enrolled by"), related_name="enrollments_made")
    enrolled_at = models.DateTimeField(_("enrolled at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    assessment_score = models.PositiveSmallIntegerField(
        _("assessment score"), null=True, blank=True, validators=PERCENT_VALIDATORS
    )
    decided_at = models.DateTimeField(_("completion decided at"), null=True, blank=True)
    sessions_attended = models.PositiveSmallIntegerField(_("sessions attended"), null=True, blank=True)
    sessions_counted = models.PositiveSmallIntegerField(_("sessions counted"), null=True, blank=True)
    decided_min_attendance_percent = models.PositiveSmallIntegerField(
        _("minimum attendance when decided (%)"), null=True, blank=True
    )
    decided_score = models.PositiveSmallIntegerField(_("score when decided"), null=True, blank=True)
    decided_pass_mark = models.PositiveSmallIntegerField(_("pass mark when decided"), null=True, blank=True)
    decided_attempt = models.ForeignKey(
        "trainings.Attempt",
        verbose_name=_("post-test attempt that decided"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The attempt whose score the decision compared with the pass mark; empty for a score typed in."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["cohort", "user__family_name", "user__given_name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user"], name="trainings_enrollment_once_per_cohort"),
            models.CheckConstraint(
                condition=Q(assessment_score__isnull=True) | Q(assessment_score__lte=100),
                name="trainings_enrollment_score_range",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | Q(withdrawn_at__isnull=False),
                name="trainings_enrollment_withdrawn_at",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["completed", "not_completed"]) | Q(decided_at__isnull=False),
                name="trainings_enrollment_decided_at",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="trainings_enr_org_status")]

    def __str__(self) -> str:
        return f"{self.user} – {self.cohort}"

    @property
    def holds_place(self) -> bool:
        """Enrolled, or decided either way: the person counts against the cohort's places, takes the roll-call's
        marks and may be given a certificate. Only a withdrawal gives the place up."""
        return self.status in self.HOLDING_PLACE

    @property
    def is_decided(self) -> bool:
        return self.status in self.DECIDED

    def may_be_withdrawn(self, *, by_organiser: bool = False) -> bool:
        """Whether a withdrawal is allowed now: before completion is decided by whoever manages the enrolment (the
        person, their company's focal point, an organiser); once decided only by an organiser, since it undoes the
        decision. A withdrawn enrolment has nothing left to withdraw."""
        return self.holds_place and (by_organiser or not self.is_decided)

    @property
    def can_be_withdrawn(self) -> bool:
        """`may_be_withdrawn` for the person or their focal point (the cohort and company pages)."""
        return self.may_be_withdrawn()

    @property
    def can_be_withdrawn_by_organiser(self) -> bool:
        return self.may_be_withdrawn(by_organiser=True)

    @property
    def certificate_source_key(self) -> str:
        """What the enrolment's completion certificates carry as `source_key` (certificates/README.md)."""
        return f"enrollment:{self.pk}"

    def decision_clear(self) -> None:
        """Forget the completion decision's outcome and numbers (on withdrawal, or a new enrolment); not saved."""
        self.decided_at = None
        self.sessions_attended = None
        self.sessions_counted = None
        self.decided_min_attendance_percent = None
        self.decided_score = None
        self.decided_pass_mark = None
        self.decided_attempt = None

    @property
    def completion_reason(self) -> str:
        """Why the enrolment was decided as it was, in the active language ("" before a decision)."""
        if self.decided_at is None or self.sessions_counted is None:
            return ""
        parts = [
            ngettext(
                "attended %(attended)s of %(counted)s session (%(minimum)s%% required)",
                "attended %(attended)s of %(counted)s sessions (%(minimum)s%% required)",
                self.sessions_counted,
            )
            % {
                "attended": self.sessions_attended,
                "counted": self.sessions_counted,
                "minimum": self.decided_min_attendance_percent,
            }
        ]
        if self.decided_pass_mark is not None:
            if self.decided_score is None:
                parts.append(
                    gettext("no assessment score, pass mark %(pass_mark)s") % {"pass_mark": self.decided_pass_mark}
                )
            elif self.decided_attempt_id is not None:
                parts.append(
                    gettext("best post-test score %(score)s, pass mark %(pass_mark)s")
                    % {"score": self.decided_score, "pass_mark": self.decided_pass_mark}
                )
            else:
                parts.append(
                    gettext("assessment %(score)s, pass mark %(pass_mark)s")
                    % {"score": self.decided_score, "pass_mark": self.decided_pass_mark}
                )
        return "; ".join(parts)
