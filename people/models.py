from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .fields import CountryField
from .reach import WHY_ASKED, AgeBand, Sex
from .validators import validate_no_control_characters, validate_printable_name


def actor_field(verbose_name, *, related_name: str = "+", help_text: str = "", blank: bool = True) -> models.ForeignKey:
    """Who did something (created, recorded, confirmed, reviewed...): the link becomes empty, and the record stays,
    when that account is deleted. `blank=False` where a form may not leave it empty."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=blank,
        related_name=related_name,
        help_text=help_text,
    )


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("is_organiser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person: e-mail is the login; names in Latin script and in the person's own script."""

    email = models.EmailField(_("e-mail address"), unique=True)
    given_name = models.CharField(
        _("given name"),
        max_length=100,
        blank=True,
        validators=[validate_no_control_characters, validate_printable_name],
    )
    family_name = models.CharField(
        _("family name"),
        max_length=100,
        blank=True,
        validators=[validate_no_control_characters, validate_printable_name],
    )
    native_name = models.CharField(
        _("name in your own script"),
        max_length=200,
        blank=True,
        validators=[validate_no_control_characters, validate_printable_name],
        help_text=_("As you write it, for example in Khmer, Thai or Vietnamese. Printed on badges and certificates."),
    )
    language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("E-mails and certificates are sent in this language."),
    )
    country = CountryField(_("country"), blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True, validators=[validate_no_control_characters])
    # Optional, for the reports only (people.reach): never on badges, certificates or lists.
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, blank=True, help_text=WHY_ASKED)
    age_band = models.CharField(_("age"), max_length=10, choices=AgeBand.choices, blank=True, help_text=WHY_ASKED)
    # When the person was first asked (answered or not): the question is put once.
    reach_asked_at = models.DateTimeField(_("asked whom we reach at"), null=True, blank=True, editable=False)
    is_organiser = models.BooleanField(
        _("organiser"), default=False, help_text=_("Organisers review registrations and run the programme.")
    )
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["family_name", "given_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="people_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def reach_question_due(self) -> bool:
        """Whether the optional question of whom we reach is still to be put to this person (it is put once)."""
        return self.reach_asked_at is None

    def get_full_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part)

    def get_short_name(self) -> str:
        return self.given_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()


class Organisation(models.Model):
    """An organisation people belong to: a ministry, a technology company, an NGO, a UN agency..."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government ministry")
        LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
        TECH_COMPANY = "tech_company", _("Technology company")
        NGO = "ngo", _("NGO / civil society")
        INTERNATIONAL = "international", _("UN or international organisation")
        ACADEMIA = "academia", _("Academia")
        MEDIA = "media", _("Media")
        OTHER = "other", _("Other")

    class Sector(models.TextChoices):
        TELECOM = "telecom", _("Telecom operator")
        ISP = "isp", _("Internet service provider")
        SOCIAL_MEDIA = "social_media", _("Social media or content platform")
        APP_GAME = "app_game", _("App or game developer")
        ECOMMERCE = "ecommerce", _("E-commerce or fintech")
        DEVICE = "device", _("Device maker or retailer")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, validators=[validate_no_control_characters])
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    sector = models.CharField(
        _("sector"),
        max_length=30,
        choices=Sector.choices,
        blank=True,
        help_text=_("For technology companies only."),
    )
    country = CountryField(_("country"))
    is_verified = models.BooleanField(
        _("reviewed by organisers"),
        default=False,
        help_text=_("Organisations added by delegates wait for an organiser's review."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = actor_field(_("created by"), related_name="organisations_created")

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "country", name="people_organisation_name_country_unique"),
            models.CheckConstraint(
                condition=models.Q(kind="tech_company") | models.Q(sector=""),
                name="people_organisation_sector_only_for_companies",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's place in an organisation; focal points enrol their company's staff."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        CONFIRMED = "confirmed", _("Confirmed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="memberships"
    )
    is_focal_point = models.BooleanField(_("focal point"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = actor_field(_("confirmed by"), related_name="memberships_confirmed")

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "user__family_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="people_membership_unique"),
            models.CheckConstraint(
                condition=models.Q(is_focal_point=False) | models.Q(status="confirmed"),
                name="people_membership_focal_point_confirmed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation}"


class SentEmail(models.Model):
    """An e-mail the site delivered: to whom, what it was about and when (never its text, which may carry personal
    links). People find theirs in the download of their own data; people.tasks forgets them after
    settings.SENT_EMAIL_KEEP_DAYS."""

    address = models.EmailField(_("to"), db_index=True)
    subject = models.CharField(_("subject"), max_length=300)
    language = models.CharField(_("language"), max_length=10, blank=True)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("e-mail sent")
        verbose_name_plural = _("e-mails sent")
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class PersonalDataAccess(models.Model):
    """An organiser's action that revealed personal data in bulk (an export, a visa-letter batch, a passport shown,
    a batch of badges or certificates): who, when, what and of how many people. Organisers read these at
    /organiser/privacy/; people.access writes them."""

    class Kind(models.TextChoices):
        EXPORT = "export", _("Export")
        VISA_LETTERS = "visa_letters", _("Visa letters")
        PASSPORT = "passport", _("Passport details shown")
        PRINT = "print", _("Badges or certificates printed")
        CONSENT = "consent", _("Consent document opened")

    actor = actor_field(_("by"))
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    subject = models.CharField(
        _("of"), max_length=300, help_text=_("What was revealed, e.g. an edition's registrations.")
    )
    people = models.PositiveIntegerField(_("people"), default=0)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("access to personal data")
        verbose_name_plural = _("accesses to personal data")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"
