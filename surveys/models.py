"""Feedback surveys: reusable questions, surveys built from them about something that happened (a cohort, a
training session, a forum edition, each session of a forum edition), the invitations of the people who attended,
and their responses.

surveys knows neither forum nor trainings. What a survey is about is its `subject_kind` and `subject_id`; the app
that owns the subject registers the kind in its AppConfig.ready() (surveys.subjects): its label, when it ends
(the survey opens then), who attended (who is invited) and who, besides organisers, reads the results. A survey
of kind "each session of an edition" is answered once per session attended: its invitations and responses say
which session (`part_id`); for the other kinds `part_id` is the subject's own id.

Anonymous surveys are anonymous for real: a response keeps no link to the person (no user, no invitation, no
language, no time of day: a random id and the date only); the invitation records only *that* the person answered
(so nobody answers twice), never when. A date on both sides would match a response to its person whenever one
person alone answered that day, as the invitation's language (kept for its e-mails) would on a response whenever
one person alone reads Khmer.
"""

import datetime
import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.i18n import LocalizedText, LocalizedTitle, localized
from people.models import actor_field
from people.validators import validate_no_control_characters

RATING_MIN, RATING_MAX = 1, 5


class SurveyQuestion(LocalizedText, models.Model):
    """A question that surveys reuse: a rating from 1 to 5, one choice among options, or free text."""

    class Kind(models.TextChoices):
        RATING = "rating", _("Rating from 1 to 5")
        CHOICE = "choice", _("One choice")
        TEXT = "text", _("Free text")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.RATING)
    text_en = models.CharField(_("question (English)"), max_length=300, validators=[validate_no_control_characters])
    text_km = models.CharField(
        _("question (Khmer)"), max_length=300, blank=True, validators=[validate_no_control_characters]
    )
    is_active = models.BooleanField(_("offered for new surveys"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["text_en"]

    def __str__(self) -> str:
        return self.text_en


class SurveyOption(LocalizedText, models.Model):
    """One of the options of a choice question."""

    question = models.ForeignKey(
        SurveyQuestion, verbose_name=_("question"), on_delete=models.CASCADE, related_name="options"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text_en = models.CharField(_("option (English)"), max_length=200, validators=[validate_no_control_characters])
    text_km = models.CharField(
        _("option (Khmer)"), max_length=200, blank=True, validators=[validate_no_control_characters]
    )

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["question", "position"]
        constraints = [models.UniqueConstraint(fields=["question", "position"], name="surveys_option_position_once")]

    def __str__(self) -> str:
        return self.text_en


class Survey(LocalizedTitle, models.Model):
    """A survey about one subject (or each of its parts), open from when it ends for `open_days` (surveys.rules:
    the window); once open, its window is recorded and no longer moves, and once closed it stays closed."""

    title_en = models.CharField(_("title (English)"), max_length=200, validators=[validate_no_control_characters])
    title_km = models.CharField(
        _("title (Khmer)"), max_length=200, blank=True, validators=[validate_no_control_characters]
    )
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    intro_km = models.TextField(_("introduction (Khmer)"), blank=True)
    subject_kind = models.CharField(_("about"), max_length=40)
    subject_id = models.PositiveIntegerField(_("subject"))
    is_anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_("Answers are kept without any link to the person who gave them."),
    )
    open_days = models.PositiveSmallIntegerField(
        _("open for (days)"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
        help_text=_("The survey opens when what it is about ends, and closes this many days later."),
    )
    reminder_after_days = models.PositiveSmallIntegerField(
        _("reminder after (days)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("One reminder goes to those who have not answered yet."),
    )
    created_by = actor_field(_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    invitations_sent_at = models.DateTimeField(_("invitations sent at"), null=True, blank=True)
    reminders_sent_at = models.DateTimeField(_("reminders sent at"), null=True, blank=True)
    # The window as it happened, recorded by the periodic job (surveys.rules.window_to_record), so that a subject's
    # dates changed later (a session added to a finished cohort) reopen nothing: {part id: when it ended, ISO 8601}
    # for each part whose window has opened; and when the whole survey closed.
    part_ends = models.JSONField(_("when its parts ended"), default=dict, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["subject_kind", "subject_id"], name="surveys_subject_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(reminders_sent_at__isnull=True) | Q(invitations_sent_at__isnull=False),
                name="surveys_reminder_after_invitations",
            ),
        ]

    def __str__(self) -> str:
        return self.title_en

    @property
    def intro(self) -> str:
        return localized(self, "intro")

    def recorded_end(self, part_id: int) -> datetime.datetime | None:
        """When the part ended, as recorded once its window opened (None: not recorded)."""
        recorded = self.part_ends.get(str(part_id))
        return datetime.datetime.fromisoformat(recorded) if recorded else None


class SurveyItem(models.Model):
    """A question as it stands in one survey."""

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(
        SurveyQuestion, verbose_name=_("question"), on_delete=models.PROTECT, related_name="items"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    required = models.BooleanField(_("an answer is required"), default=False)

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="surveys_item_position_once"),
            models.UniqueConstraint(fields=["survey", "question"], name="surveys_item_question_once"),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.position}"


def _token() -> str:
    return secrets.token_urlsafe(24)


class SurveyInvitation(models.Model):
    """A person's invitation to answer a survey (about one part: a session, for a survey of each session), with
    its secret link; `has_answered` says the person has answered, and nothing says when (the response's date would
    match it)."""

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="survey_invitations",
    )
    part_id = models.PositiveIntegerField(_("part"))
    token = models.CharField(_("link token"), max_length=64, unique=True, default=_token, editable=False)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    has_answered = models.BooleanField(_("has answered"), default=False)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        ordering = ["survey", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "user", "part_id"], name="surveys_invitation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.part_id}"


class SurveyResponse(models.Model):
    """The answers one person gave, under a random id. In an anonymous survey `respondent` is empty and nothing
    else leads back to the person; `submitted_on` is a date, on purpose."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="responses")
    part_id = models.PositiveIntegerField(_("part"))
    submitted_on = models.DateField(_("submitted on"), default=timezone.localdate)
    respondent = actor_field(_("respondent"), help_text=_("Only in a survey that is not anonymous."))

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        # No ordering by time: there is none to order by.
        ordering = ["survey", "part_id", "submitted_on"]
        indexes = [models.Index(fields=["survey", "part_id"], name="surveys_response_part_idx")]

    def __str__(self) -> str:
        return str(self.id)


class SurveyAnswer(models.Model):
    """One answer of a response: a rating, an option, or a text, by the item's question kind."""

    response = models.ForeignKey(
        SurveyResponse, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    item = models.ForeignKey(SurveyItem, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers")
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)],
    )
    option = models.ForeignKey(
        SurveyOption, verbose_name=_("option"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("text"), blank=True, max_length=4000)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="surveys_answer_once_per_item"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=RATING_MIN, rating__lte=RATING_MAX),
                name="surveys_answer_rating_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.response_id}:{self.item_id}"
