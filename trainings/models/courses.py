"""What is taught and when: courses (with their completion rule), cohorts (runs of a course) and their sessions."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from people.i18n import LocalizedTitle, localized
from people.validators import validate_no_control_characters

PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


class Course(LocalizedTitle, models.Model):
    """What is taught, in English and Khmer, and the rule that decides who completed it."""

    title_en = models.CharField(_("title (English)"), max_length=200, validators=[validate_no_control_characters])
    title_km = models.CharField(
        _("title (Khmer)"), max_length=200, blank=True, validators=[validate_no_control_characters]
    )
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_km = models.TextField(_("summary (Khmer)"), blank=True)
    outcomes_en = models.TextField(_("learning outcomes (English)"), blank=True, help_text=_("One outcome per line."))
    outcomes_km = models.TextField(_("learning outcomes (Khmer)"), blank=True, help_text=_("One outcome per line."))
    hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    guideline_version = models.CharField(
        _("guideline version"),
        max_length=50,
        blank=True,
        help_text=_("The version of the ministry's guidelines for technology companies that the course teaches."),
    )
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"),
        default=80,
        validators=PERCENT_VALIDATORS,
        help_text=_("The share of sessions a person must attend to complete the course."),
    )
    late_counts_as_attended = models.BooleanField(_("late counts as attended"), default=True)
    excused_excluded = models.BooleanField(
        _("excused sessions leave the count"),
        default=True,
        help_text=_("An excused absence is neither attended nor missed."),
    )
    has_assessment = models.BooleanField(_("has an assessment"), default=False)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark"),
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
        help_text=_("Out of 100. Only for courses with an assessment."),
    )
    attendance_lock_days = models.PositiveSmallIntegerField(
        _("attendance locks after (days)"),
        default=3,
        help_text=_("Trainers can change attendance until this many days after a session."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title_en"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0),
                name="trainings_course_hours_positive",
                violation_error_message=_("A course lasts more than zero hours."),
            ),
            models.CheckConstraint(
                condition=Q(min_attendance_percent__lte=100), name="trainings_course_min_attendance_percent"
            ),
            models.CheckConstraint(
                condition=Q(has_assessment=False, pass_mark__isnull=True)
                | Q(has_assessment=True, pass_mark__isnull=False, pass_mark__lte=100),
                name="trainings_course_pass_mark_with_assessment",
                violation_error_message=_("A course with an assessment needs a pass mark, and only then."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def summary(self) -> str:
        return localized(self, "summary")

    @property
    def outcomes(self) -> list[str]:
        return [line.strip() for line in localized(self, "outcomes").splitlines() if line.strip()]

    def clean(self) -> None:
        super().clean()
        if self.has_assessment and self.pass_mark is None:
            raise ValidationError({"pass_mark": _("Give the pass mark of the assessment.")})
        if not self.has_assessment:
            self.pass_mark = None


class Cohort(models.Model):
    """One run of a course: dates, place, language, places and trainers."""

    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="cohorts")
    code = models.CharField(
        _("code"), max_length=30, unique=True, help_text=_("A short reference, for example COP-2027-01.")
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    venue = models.CharField(_("venue"), max_length=200, blank=True, validators=[validate_no_control_characters])
    online_url = models.URLField(_("online meeting link"), blank=True)
    language = models.CharField(_("language of teaching"), max_length=10, choices=settings.LANGUAGES, default="km")
    capacity = models.PositiveIntegerField(_("places"))
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("trainers"), blank=True, related_name="cohorts_taught"
    )
    is_open_for_enrolment = models.BooleanField(_("open for enrolment"), default=True)
    enrolment_closes_at = models.DateTimeField(
        _("enrolment closes"),
        null=True,
        blank=True,
        help_text=_("Leave empty to keep enrolment open until you close it."),
    )
    completion_decided_at = models.DateTimeField(_("completion decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-starts_on", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="trainings_cohort_dates",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            models.CheckConstraint(condition=Q(capacity__gte=0), name="trainings_cohort_capacity"),
        ]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The last day cannot be before the first day.")})


class TrainingSession(models.Model):
    """One meeting of a cohort."""

    cohort = models.ForeignKey(Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    topic = models.CharField(_("topic"), max_length=200, validators=[validate_no_control_characters])
    room = models.CharField(_("room"), max_length=100, blank=True, validators=[validate_no_control_characters])

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="trainings_session_ends_after_start",
                violation_error_message=_("A session must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cohort.code}: {self.topic}"

    def clean(self) -> None:
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})
