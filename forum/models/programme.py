"""The forum programme: rooms, sessions, speakers, personal agendas."""

import secrets

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from people.i18n import LocalizedTitle, localized
from people.validators import validate_no_control_characters


class ProgrammeSettings(models.Model):
    """Programme state per edition, kept here because ForumEdition belongs to the registration code."""

    edition = models.OneToOneField(
        "forum.ForumEdition",
        verbose_name=_("forum edition"),
        on_delete=models.CASCADE,
        related_name="programme_settings",
    )
    published_at = models.DateTimeField(_("programme published at"), null=True, blank=True)
    # One more with every write of the programme (forum.services.programme.programme_changed): the public
    # programme's cached parts are kept under it, so an edit is seen at once by every server process.
    version = models.PositiveIntegerField(_("programme version"), default=0, editable=False)

    class Meta:
        verbose_name = _("programme settings")
        verbose_name_plural = _("programme settings")

    def __str__(self) -> str:
        return str(self.edition)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Room(models.Model):
    edition = models.ForeignKey(
        "forum.ForumEdition", verbose_name=_("forum edition"), on_delete=models.CASCADE, related_name="rooms"
    )
    name = models.CharField(_("name"), max_length=100, validators=[validate_no_control_characters])
    capacity = models.PositiveIntegerField(_("capacity"))
    directions = models.CharField(
        _("floor and directions"), max_length=200, blank=True, validators=[validate_no_control_characters]
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["edition", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "name"], name="forum_room_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Session(LocalizedTitle, models.Model):
    """One slot of the programme in one room. `sequence` grows with each change of time, room or title."""

    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Plenary")
        PANEL = "panel", _("Panel")
        WORKSHOP = "workshop", _("Workshop")
        BREAKOUT = "breakout", _("Breakout")
        SIDE_EVENT = "side_event", _("Side event")
        BREAK = "break", _("Break")

    class Language(models.TextChoices):
        EN = "en", _("English")
        KM = "km", _("Khmer")
        EN_KM = "en_km", _("English with Khmer interpretation")

    edition = models.ForeignKey(
        "forum.ForumEdition", verbose_name=_("forum edition"), on_delete=models.CASCADE, related_name="sessions"
    )
    room = models.ForeignKey(Room, verbose_name=_("room"), on_delete=models.PROTECT, related_name="sessions")
    title_en = models.CharField(_("title (English)"), max_length=200, validators=[validate_no_control_characters])
    title_km = models.CharField(
        _("title (Khmer)"), max_length=200, blank=True, validators=[validate_no_control_characters]
    )
    description_en = models.TextField(_("description (English)"), blank=True)
    description_km = models.TextField(_("description (Khmer)"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PANEL)
    track = models.CharField(_("track"), max_length=80, blank=True, validators=[validate_no_control_characters])
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    language = models.CharField(_("language"), max_length=10, choices=Language.choices, default=Language.EN)
    requires_signup = models.BooleanField(_("requires sign-up"), default=False)
    signup_capacity = models.PositiveIntegerField(_("sign-up places"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["edition", "starts_at", "room__position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="forum_session_ends_after_start"),
            models.CheckConstraint(
                condition=Q(requires_signup=False) | Q(signup_capacity__isnull=False),
                name="forum_session_signup_has_capacity",
            ),
        ]
        indexes = [models.Index(fields=["edition", "starts_at"], name="forum_session_start_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_break(self) -> bool:
        """A break (coffee, lunch): shown in the programme, not a session to choose or open."""
        return self.kind == self.Kind.BREAK

    @property
    def description(self) -> str:
        return localized(self, "description")


class SessionSpeaker(models.Model):
    """A speaker or moderator: an approved delegate of the edition, or an invited guest."""

    class Role(models.TextChoices):
        SPEAKER = "speaker", _("Speaker")
        MODERATOR = "moderator", _("Moderator")

    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="speakers")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.SPEAKER)
    registration = models.ForeignKey(
        "forum.Registration",
        verbose_name=_("delegate"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="speaking",
    )
    guest_name = models.CharField(
        _("guest name"), max_length=150, blank=True, validators=[validate_no_control_characters]
    )
    guest_title = models.CharField(
        _("guest title"), max_length=150, blank=True, validators=[validate_no_control_characters]
    )
    guest_organisation = models.CharField(
        _("guest organisation"), max_length=150, blank=True, validators=[validate_no_control_characters]
    )
    guest_email = models.EmailField(_("guest e-mail"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("session speaker")
        verbose_name_plural = _("session speakers")
        ordering = ["session", "role", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(registration__isnull=False) & Q(guest_name=""))
                | (Q(registration__isnull=True) & ~Q(guest_name="")),
                name="forum_speaker_delegate_or_guest",
            ),
            models.UniqueConstraint(
                fields=["session", "registration"],
                condition=Q(registration__isnull=False),
                name="forum_speaker_once_per_session",
            ),
        ]

    def __str__(self) -> str:
        # A guest's name, or the delegate's registration reference: never a minor's name (public pages print
        # forum.privacy.public_name).
        return self.guest_name or str(self.registration)

    @property
    def is_moderator(self) -> bool:
        return self.role == self.Role.MODERATOR

    @property
    def may_receive_certificate(self) -> bool:
        """A guest, or a delegate whose registration is still approved."""
        return self.registration_id is None or self.registration.holds_seat


class AgendaChoice(models.Model):
    """A session in an approved delegate's personal agenda (holds a place when the session needs sign-up)."""

    registration = models.ForeignKey(
        "forum.Registration", verbose_name=_("registration"), on_delete=models.CASCADE, related_name="agenda"
    )
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="agenda_choices"
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("agenda choice")
        verbose_name_plural = _("agenda choices")
        ordering = ["registration", "session__starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "session"], name="forum_agenda_once"),
        ]

    def __str__(self) -> str:
        return f"{self.registration} – {self.session}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class AgendaFeed(models.Model):
    """The secret address of a delegate's agenda calendar. Renewing replaces the token; revoking clears it."""

    registration = models.OneToOneField(
        "forum.Registration", verbose_name=_("registration"), on_delete=models.CASCADE, related_name="agenda_feed"
    )
    token = models.CharField(_("token"), max_length=64, unique=True, null=True, blank=True, default=new_feed_token)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("agenda calendar feed")
        verbose_name_plural = _("agenda calendar feeds")

    def __str__(self) -> str:
        return str(self.registration)


class CancelledSession(LocalizedTitle, models.Model):
    """A session taken out of a published programme. Calendars that imported the programme or an agenda keep an
    event until told otherwise, so the feeds publish it as cancelled (same UID, a higher SEQUENCE) until
    CANCELLED_SESSION_DAYS after the edition's last day."""

    edition = models.ForeignKey(
        "forum.ForumEdition",
        verbose_name=_("forum edition"),
        on_delete=models.CASCADE,
        related_name="cancelled_sessions",
    )
    session_number = models.PositiveBigIntegerField(_("number of the session"), unique=True)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_km = models.CharField(_("title (Khmer)"), max_length=200, blank=True)
    room_name = models.CharField(_("room"), max_length=100)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    sequence = models.PositiveIntegerField(_("calendar sequence"))
    cancelled_at = models.DateTimeField(_("cancelled at"), auto_now_add=True)
    registrations = models.ManyToManyField(
        "forum.Registration",
        verbose_name=_("in the agendas of"),
        related_name="cancelled_sessions",
        blank=True,
    )

    class Meta:
        verbose_name = _("cancelled session")
        verbose_name_plural = _("cancelled sessions")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.title_en
