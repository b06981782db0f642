"""What people learned: a course's question bank (versioned as answers arrive), its pre-test and post-test, and
each person's attempts with the questions drawn for them and the answers they gave.

A question's text, choices and explanation live in its versions: an edit of a question that has been answered
makes a new version, and an attempt keeps pointing at the version it was shown, so a score never changes under
an answer (as certificate templates are versioned under certificates). A question that is not answered yet is
edited in place.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.i18n import LocalizedText, localized
from people.models import actor_field
from people.validators import validate_no_control_characters

from .courses import PERCENT_VALIDATORS, Course
from .enrolment import Enrollment

DEFAULT_GRACE_SECONDS = 120


class Question(models.Model):
    """A question of a course's bank; what it says is in its versions (the newest is the one drawn)."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("One right answer")
        MULTIPLE = "multiple", _("Several right answers")
        TRUE_FALSE = "true_false", _("True or false")

    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SINGLE)
    is_active = models.BooleanField(
        _("in use"), default=True, help_text=_("A question out of use is no longer drawn; past answers keep it.")
    )
    created_by = actor_field(_("written by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["course", "pk"]

    def __str__(self) -> str:
        return f"{self.course_id}/{self.pk}"

    @property
    def takes_several(self) -> bool:
        """Answered by ticking every right choice (check boxes); the other kinds take exactly one (radio buttons)."""
        return self.kind == self.Kind.MULTIPLE


class QuestionVersion(LocalizedText, models.Model):
    """What a question says at one time: text, explanation and (through its choices) the right answers."""

    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    text_en = models.TextField(_("question (English)"), validators=[validate_no_control_characters])
    text_km = models.TextField(_("question (Khmer)"), blank=True, validators=[validate_no_control_characters])
    explanation_en = models.TextField(
        _("explanation (English)"),
        blank=True,
        validators=[validate_no_control_characters],
        help_text=_("Shown with the right answer once the attempt is submitted."),
    )
    explanation_km = models.TextField(_("explanation (Khmer)"), blank=True, validators=[validate_no_control_characters])
    created_by = actor_field(_("written by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("question version")
        verbose_name_plural = _("question versions")
        ordering = ["question", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["question", "number"], name="trainings_question_version_once"),
            models.CheckConstraint(condition=Q(number__gte=1), name="trainings_question_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id} v{self.number}"

    @property
    def explanation(self) -> str:
        return localized(self, "explanation")


class Choice(LocalizedText, models.Model):
    """One answer a version offers, right or not."""

    version = models.ForeignKey(
        QuestionVersion, verbose_name=_("question version"), on_delete=models.CASCADE, related_name="choices"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text_en = models.CharField(_("answer (English)"), max_length=500, validators=[validate_no_control_characters])
    text_km = models.CharField(
        _("answer (Khmer)"), max_length=500, blank=True, validators=[validate_no_control_characters]
    )
    is_correct = models.BooleanField(_("right answer"), default=False)

    class Meta:
        verbose_name = _("answer choice")
        verbose_name_plural = _("answer choices")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="trainings_choice_position_once"),
        ]

    def __str__(self) -> str:
        return self.text_en


class Assessment(models.Model):
    """A course's pre-test (open until the cohort's first session starts) or post-test (open from the start of
    the last session until `closes_after_days` after it ends). The post-test's best score is what the
    completion rule compares with the course's pass mark."""

    class Kind(models.TextChoices):
        PRE = "pre", _("Pre-test")
        POST = "post", _("Post-test")

    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    question_count = models.PositiveSmallIntegerField(
        _("questions per attempt"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
        help_text=_("Drawn at random from the questions in use, in a new order for each attempt."),
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_("Leave empty for no time limit."),
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    grace_seconds = models.PositiveSmallIntegerField(
        _("grace for answers sent late (seconds)"),
        default=DEFAULT_GRACE_SECONDS,
        validators=[MaxValueValidator(1800)],
        help_text=_(
            "Answers given before the time ran out but received by the server up to this long after it still count "
            "(a phone that lost its connection sends them when it is back)."
        ),
    )
    closes_after_days = models.PositiveSmallIntegerField(
        _("post-test closes (days after the last session)"),
        default=7,
        validators=[MaxValueValidator(365)],
        help_text=_("Only for the post-test."),
    )
    is_open = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("test")
        verbose_name_plural = _("tests")
        ordering = ["course", "-kind"]
        constraints = [
            models.UniqueConstraint(fields=["course", "kind"], name="trainings_assessment_once_per_kind"),
            models.CheckConstraint(condition=Q(kind__in=["pre", "post"]), name="trainings_assessment_kind"),
            models.CheckConstraint(condition=Q(question_count__gte=1), name="trainings_assessment_question_count"),
            models.CheckConstraint(condition=Q(attempts_allowed__gte=1), name="trainings_assessment_attempts"),
        ]

    def __str__(self) -> str:
        return f"{self.course} – {self.get_kind_display()}"


class Attempt(models.Model):
    """One go at a test by an enrolled person: the questions drawn for it, when it must end, and its score once
    submitted (by the person, or by the server when its time and grace are over)."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("test"), on_delete=models.PROTECT, related_name="attempts"
    )
    enrollment = models.ForeignKey(
        Enrollment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="attempts"
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    ends_at = models.DateTimeField(
        _("time runs out at"),
        null=True,
        blank=True,
        help_text=_("The time limit from the start, or the test's closing if sooner (or without a limit)."),
    )
    grace_seconds = models.PositiveSmallIntegerField(_("grace (seconds)"), default=DEFAULT_GRACE_SECONDS)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True, validators=PERCENT_VALIDATORS)
    correct_count = models.PositiveSmallIntegerField(_("right answers"), null=True, blank=True)

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["enrollment", "assessment", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "enrollment", "number"], name="trainings_attempt_number_once"
            ),
            # At most one attempt in progress per person and test (two tabs cannot start two).
            models.UniqueConstraint(
                fields=["assessment", "enrollment"],
                condition=Q(submitted_at__isnull=True),
                name="trainings_attempt_one_in_progress",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="trainings_attempt_number"),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True, score__isnull=True)
                | Q(submitted_at__isnull=False, score__isnull=False, score__lte=100),
                name="trainings_attempt_scored_when_submitted",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("started_at")),
                name="trainings_attempt_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} – {self.assessment.get_kind_display()} #{self.number}"


class AttemptQuestion(models.Model):
    """A question as drawn for one attempt, at its place in the attempt's order, with the answer given (the
    choices picked, replaced by each new answer until the attempt is submitted)."""

    attempt = models.ForeignKey(Attempt, verbose_name=_("attempt"), on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"))
    version = models.ForeignKey(
        QuestionVersion, verbose_name=_("question version"), on_delete=models.PROTECT, related_name="+"
    )
    choice_order = models.JSONField(_("order of the choices"), default=list)
    selected = models.ManyToManyField(Choice, verbose_name=_("answer given"), blank=True, related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    is_correct = models.BooleanField(_("answered right"), null=True, blank=True)

    class Meta:
        verbose_name = _("question of an attempt")
        verbose_name_plural = _("questions of an attempt")
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="trainings_attempt_item_position_once"),
            models.UniqueConstraint(fields=["attempt", "version"], name="trainings_attempt_item_version_once"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}:{self.position}"
