import datetime
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from people.validators import validate_no_control_characters


def _localized(obj, field: str) -> str:
    """The Khmer text on /km/ when there is one, else the English."""
    if translation.get_language() == "km":
        value = getattr(obj, f"{field}_km", "")
        if value:
            return value
    return getattr(obj, f"{field}_en")


class ForumEdition(models.Model):
    """One edition of the regional forum: dates, venue, seats and how registrations are decided."""

    class Mode(models.TextChoices):
        AUTO = "auto", _("Approve automatically while seats are left")
        REVIEW = "review", _("Organisers review every registration")

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
    show_seats_left = models.BooleanField(_("show seats left to delegates"), default=True)
    is_published = models.BooleanField(_("published"), default=False)
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
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return _localized(self, "title")

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
    def time_zone_label(self) -> str:
        """The forum's time zone as people read it: "Phnom Penh, UTC+07:00" (offset on the forum's first day)."""
        return time_zone_label(self.time_zone, self.starts_on)

    @property
    def description(self) -> str:
        return _localized(self, "description")


def time_zone_label(name: str, on: datetime.date | None = None) -> str:
    try:
        zone = zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return name
    moment = datetime.datetime.combine(on or timezone.localdate(), datetime.time(12), tzinfo=zone)
    offset = moment.utcoffset() or datetime.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    city = name.rsplit("/", 1)[-1].replace("_", " ")
    return f"{city}, UTC{sign}{hours:02d}:{minutes:02d}"


class PolicyDocument(models.Model):
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

    @property
    def text(self) -> str:
        return _localized(self, "text")


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


class Registration(models.Model):
    """A delegate's registration for an edition. Only approved registrations hold a seat."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        WAITLISTED = "waitlisted", _("On the waiting list")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")

    class Category(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
        TECH_COMPANY = "tech_company", _("Technology company")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        INTERNATIONAL = "international", _("UN / international organisation")
        ACADEMIA = "academia", _("Academia")
        MEDIA = "media", _("Media")
        YOUTH = "youth", _("Youth")

    ACTIVE_STATUSES = (Status.SUBMITTED, Status.APPROVED, Status.WAITLISTED)

    edition = models.ForeignKey(
        ForumEdition, verbose_name=_("forum edition"), on_delete=models.PROTECT, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("delegate"), on_delete=models.PROTECT, related_name="registrations"
    )
    number = models.PositiveIntegerField(_("number"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    category = models.CharField(_("delegate category"), max_length=30, choices=Category.choices)
    organisation = models.ForeignKey(
        "people.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="forum_registrations",
    )
    position = models.CharField(_("position"), max_length=150, blank=True, validators=[validate_no_control_characters])
    country = CountryField(_("country represented"), help_text=_("Counts against this country's quota."))
    is_youth = models.BooleanField(
        _("youth delegate"), default=False, help_text=_("Under 18 on the forum's first day.")
    )
    dietary_needs = models.CharField(
        _("dietary needs"), max_length=300, blank=True, validators=[validate_no_control_characters]
    )
    accessibility_needs = models.CharField(
        _("accessibility needs"), max_length=300, blank=True, validators=[validate_no_control_characters]
    )
    photo_consent = models.BooleanField(_("agrees to be photographed"), default=False)
    code_of_conduct = models.ForeignKey(
        PolicyDocument,
        verbose_name=_("code of conduct agreed to"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    privacy_notice = models.ForeignKey(
        PolicyDocument,
        verbose_name=_("privacy notice agreed to"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    needs_visa_letter = models.BooleanField(_("needs a visa invitation letter"), default=False)
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    status_changed_at = models.DateTimeField(_("status changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["edition", "number"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "user"], name="forum_registration_one_per_person"),
            models.UniqueConstraint(fields=["edition", "number"], name="forum_registration_number_unique"),
        ]
        indexes = [models.Index(fields=["edition", "status", "created_at"], name="forum_reg_status_idx")]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"{self.edition.reference_prefix}-{self.number:04d}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES


class VisaRequest(models.Model):
    """Passport details for a visa invitation letter: seen by the delegate and organisers only."""

    registration = models.OneToOneField(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="visa_request"
    )
    passport_name = models.CharField(
        _("name as in passport"), max_length=200, validators=[validate_no_control_characters]
    )
    nationality = CountryField(_("nationality"))
    passport_number = models.CharField(_("passport number"), max_length=30, validators=[validate_no_control_characters])
    passport_expiry = models.DateField(_("passport expiry date"))
    needs_review = models.BooleanField(
        _("waits for the organisers' review"),
        default=False,
        help_text=_("The details changed after approval: no letter until an organiser has checked them."),
    )
    changed_at = models.DateTimeField(_("details changed at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("visa letter request")
        verbose_name_plural = _("visa letter requests")

    def __str__(self) -> str:
        return str(self.registration)


class RegistrationEvent(models.Model):
    """One change of a registration: who, when, why. The history is never edited."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Registration.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Registration.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registration_events",
        help_text=_("Empty when the system decided (automatic approval, waiting-list promotion)."),
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("registration change")
        verbose_name_plural = _("registration changes")
        ordering = ["registration", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.registration}: {self.from_status} → {self.to_status}"


from .programme_models import *  # noqa: E402,F403  (the programme lives in its own module)
from .youth_models import *  # noqa: E402,F403  (youth delegates: guardian consent, chaperones)
