"""The forum's days at the venue: the check-in credential each badge carries, the check-in stations at the doors,
and every check-in they record.

A badge's QR code holds an opaque random secret and nothing else (no URL, id or name). Stations never receive it:
their manifest lists its SHA-256, so a stolen manifest admits nobody. Reissuing a lost badge revokes the old
credential everywhere, stations included at their next sync.
"""

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from people.models import actor_field
from people.validators import validate_no_control_characters


def new_credential_secret() -> str:
    """22 URL-safe characters (~130 bits): what a badge's QR code carries."""
    return secrets.token_urlsafe(16)


class CheckInCredential(models.Model):
    """The secret a badge's QR code carries. One is valid per registration; a reissue revokes the older one."""

    registration = models.ForeignKey(
        "forum.Registration", verbose_name=_("registration"), on_delete=models.CASCADE, related_name="credentials"
    )
    secret = models.CharField(_("secret"), max_length=64, unique=True, default=new_credential_secret)
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("replaced at"), null=True, blank=True)
    revoked_by = actor_field(_("replaced by"))

    class Meta:
        verbose_name = _("check-in credential")
        verbose_name_plural = _("check-in credentials")
        ordering = ["registration", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=Q(revoked_at__isnull=True),
                name="forum_credential_one_valid_per_registration",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration}: {self.created_at:%Y-%m-%d}"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class Station(models.Model):
    """A check-in station: a phone or laptop at a door, opened with a one-time link that is exchanged on first use
    for a device credential (kept by the device until the station expires or is revoked). A day door admits the
    approved delegates on its day; a session door admits those who may attend the session."""

    edition = models.ForeignKey(
        "forum.ForumEdition", verbose_name=_("forum edition"), on_delete=models.CASCADE, related_name="stations"
    )
    name = models.CharField(_("name"), max_length=100, validators=[validate_no_control_characters])
    day = models.DateField(_("day it admits"), null=True, blank=True)
    session = models.ForeignKey(
        "forum.Session",
        verbose_name=_("session it admits"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="stations",
    )
    language = models.CharField(_("language of the station"), max_length=10, default="en")
    admits_walk_ins = models.BooleanField(
        _("registers walk-ins"), default=False, help_text=_("An organiser's desk that registers people on the spot.")
    )
    expires_at = models.DateTimeField(_("works until"))
    link_hash = models.CharField(_("hash of the opening link"), max_length=64, blank=True)
    device_hash = models.CharField(_("hash of the device credential"), max_length=64, blank=True)
    opened_at = models.DateTimeField(_("opened on its device at"), null=True, blank=True)
    last_synced_at = models.DateTimeField(_("last synced at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = actor_field(_("created by"))

    class Meta:
        verbose_name = _("check-in station")
        verbose_name_plural = _("check-in stations")
        ordering = ["edition", "day", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(day__isnull=True) | Q(session__isnull=True), name="forum_station_day_or_session"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CheckIn(models.Model):
    """One scan (or typed look-up) at a station. Every scan is kept; per person one counts per day at the doors
    and one per session at a room door, the first to reach the server. Scans queued offline carry their device's
    id, so a scan sent twice is recorded once."""

    class Outcome(models.TextChoices):
        ADMITTED = "admitted", _("Admitted")
        ALREADY = "already", _("Already checked in")
        NOT_APPROVED = "not_approved", _("Not approved")
        WRONG_DAY = "wrong_day", _("Not for this day or session")
        REPLACED = "replaced", _("Badge replaced")
        FULL = "full", _("Session full")
        UNKNOWN = "unknown", _("Unknown badge")

    station = models.ForeignKey(Station, verbose_name=_("station"), on_delete=models.PROTECT, related_name="checkins")
    registration = models.ForeignKey(
        "forum.Registration",
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="checkins",
    )
    credential = models.ForeignKey(
        CheckInCredential,
        verbose_name=_("badge"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checkins",
        help_text=_("Empty when the person was found by name."),
    )
    day = models.DateField(_("day"))
    session = models.ForeignKey(
        "forum.Session",
        verbose_name=_("session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checkins",
    )
    scan_id = models.UUIDField(_("scan id (from the device)"), unique=True)
    scanned_at = models.DateTimeField(_("scanned at (on the device)"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    counts = models.BooleanField(_("counts as the check-in"), default=False)
    offline = models.BooleanField(_("recorded offline"), default=False)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-scanned_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "day"],
                condition=Q(counts=True, session__isnull=True),
                name="forum_checkin_once_a_day",
            ),
            models.UniqueConstraint(
                fields=["registration", "session"],
                condition=Q(counts=True, session__isnull=False),
                name="forum_checkin_once_a_session",
            ),
            models.CheckConstraint(
                condition=Q(counts=False) | Q(outcome="admitted", registration__isnull=False),
                name="forum_checkin_counts_only_admitted",
            ),
        ]
        indexes = [models.Index(fields=["station", "received_at"], name="forum_checkin_station_idx")]

    def __str__(self) -> str:
        return f"{self.station}: {self.get_outcome_display()}"
