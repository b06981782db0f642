"""Forum editions: dates, venue, seats and how registrations are decided; their policy versions and country
quotas."""

import datetime
import zoneinfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.dates import time_zone_label
from people.fields import CountryField
from people.i18n import LocalizedText, LocalizedTitle, localized


class ForumEdition(LocalizedTitle, models.Model):
    """One edition of the regional forum: dates, venue, seats and how registrations are decided."""

    class Mode(models.TextChoices):
        AUTO = "auto", _("Approve automatically while seats are left")
        REVIEW = "review", _("Organisers review every registration")

    class Intake(models.TextChoices):
        OPEN = "open", _("Anyone may register")
        NOMINATION = "nomination", _("By nomination only")
        BOTH = "both", _("Open registration and nominations")

    slug = models.SlugField(_("short name in the address"), max_length=60, unique=True)
    reference_prefix = models.CharField(
        _("reference prefix"), max_length=10, help_text=_("Registration references start with it, e.g. ATF27.")
    )
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_km = models.CharField(_("title (Khmer)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_km = models.TextField(_("description (Khmer)"), blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    venue = models.CharField(_("venue"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    country = CountryField(_("country"), default="KH")
    time_zone = models.CharField(_("time zone"), max_length=60, default="Asia/Phnom_Penh")
    registration_opens_at = models.DateTimeField(_("registration opens"))
    registration_closes_at = models.DateTimeField(_("registration closes"))
    capacity = models.PositiveIntegerField(_("total seats"))
    mode = models.CharField(_("approval"), max_length=10, choices=Mode.choices, default=Mode.REVIEW)
    intake = models.CharField(
        _("who may register"),
        max_length=12,
        choices=Intake.choices,
        default=Intake.OPEN,
        help_text=_("Nominated delegates register from their personal link; others from the forum's page."),
    )
    show_seats_left = models.BooleanField(_("show seats left to delegates"), default=True)
    is_published = models.BooleanField(_("published"), default=False)
    days_for_certificate = models.PositiveSmallIntegerField(
        _("days checked in for a participation certificate"),
        default=1,
        help_text=_("A delegate checked in at the door on at least this many days gets a participation certificate."),
    )
    # Privacy (privacy.retention): passport details go the day after the last day; the rest of the registrations'
    # personal data `personal_data_days` after it. When each was done is kept.
    personal_data_days = models.PositiveSmallIntegerField(
        _("days personal data is kept after the forum"),
        default=365,
        validators=[MinValueValidator(30), MaxValueValidator(3650)],
        help_text=_(
            "Then what its registrations say of people (positions, needs, guardians' and chaperones' details, "
            "reasons typed) and the names typed for nominations are anonymised; counts for the reports stay. "
            "Passport details go the day after the forum ends."
        ),
    )
    passports_erased_at = models.DateTimeField(_("passport details erased at"), null=True, blank=True, editable=False)
    personal_data_erased_at = models.DateTimeField(
        _("personal data anonymised at"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("forum edition")
        verbose_name_plural = _("forum editions")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="forum_edition_dates"),
            models.CheckConstraint(
                condition=Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="forum_edition_registration_window",
            ),
            models.UniqueConstraint(fields=["reference_prefix"], name="forum_edition_reference_prefix_unique"),
            models.CheckConstraint(
                condition=Q(personal_data_days__gte=30, personal_data_days__lte=3650),
                name="forum_edition_personal_data_days_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The forum's time zone (the site's when the stored name is unknown to this machine)."""
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(settings.TIME_ZONE)

    @property
    def days(self) -> list[datetime.date]:
        """Every day of the forum, first to last."""
        return [self.starts_on + datetime.timedelta(days=n) for n in range((self.ends_on - self.starts_on).days + 1)]

    @property
    def has_begun(self) -> bool:
        """The forum's first day has come, in the forum's time zone."""
        return timezone.localdate(timezone=self.zone) >= self.starts_on

    @property
    def has_ended(self) -> bool:
        """The forum's last day is over, in the forum's time zone."""
        return timezone.localdate(timezone=self.zone) > self.ends_on

    @property
    def is_under_way(self) -> bool:
        """From the forum's first day to its last, both included, in the forum's time zone."""
        return self.has_begun and not self.has_ended

    @property
    def time_zone_label(self) -> str:
        """The forum's time zone as people read it: "Phnom Penh, UTC+07:00" (offset on the forum's first day)."""
        return time_zone_label(self.time_zone, self.starts_on)

    @property
    def takes_nominations(self) -> bool:
        return self.intake != self.Intake.OPEN

    @property
    def takes_self_registration(self) -> bool:
        return self.intake != self.Intake.NOMINATION

    @property
    def description(self) -> str:
        return localized(self, "description")


class PolicyDocument(LocalizedText, models.Model):
    """A version of the code of conduct or the privacy notice; a new version is a new row."""

    class Kind(models.TextChoices):
        CODE_OF_CONDUCT = "code_of_conduct", _("Code of conduct")
        PRIVACY = "privacy", _("Privacy notice")

    edition = models.ForeignKey(
        ForumEdition, verbose_name=_("forum edition"), on_delete=models.CASCADE, related_name="policies"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    version = models.PositiveIntegerField(_("version"))
    text_en = models.TextField(_("text (English)"))
    text_km = models.TextField(_("text (Khmer)"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        ordering = ["edition", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "kind", "version"], name="forum_policy_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"


class CountryQuota(models.Model):
    """At most `seats` approved delegates representing `country` (counted against the total too)."""

    edition = models.ForeignKey(
        ForumEdition, verbose_name=_("forum edition"), on_delete=models.CASCADE, related_name="quotas"
    )
    country = CountryField(_("country"))
    seats = models.PositiveIntegerField(_("seats"))

    class Meta:
        verbose_name = _("country quota")
        verbose_name_plural = _("country quotas")
        ordering = ["edition", "country"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "country"], name="forum_quota_unique_country"),
        ]

    def __str__(self) -> str:
        return f"{self.country.name}: {self.seats}"
