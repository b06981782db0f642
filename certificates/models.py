"""Certificates: versioned templates, signatories, issued certificates (pinned to a template version).

`certificates` knows neither forum nor trainings: callers hand it what a certificate is for (see README.md).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from documents.models import private_storage  # migrations name it certificates.models.private_storage
from people.i18n import localized
from people.models import actor_field

from .validators import validate_image_upload

# Crockford base32 without the letters people confuse (0/O, 1/I/L) and U: 30 symbols, ~4.9 bits each.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 14  # 14 * log2(30) ~= 68.7 bits


def generate_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Kind(models.TextChoices):
    TRAINING_COMPLETION = "training_completion", _("Training completion")
    FORUM_PARTICIPATION = "forum_participation", _("Forum participation")
    FORUM_SPEAKER = "forum_speaker", _("Forum speaker")


class Signatory(models.Model):
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    # Private storage: no URL; the PDF embeds it as a data: URI.
    signature = models.FileField(
        _("signature image"),
        storage=private_storage,
        upload_to="certificates/signatures/",
        validators=[validate_image_upload],
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CertificateTemplate(models.Model):
    """A template family; its content lives in versions. Editing adds a version."""

    Kind = Kind

    key = models.SlugField(_("key"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = actor_field(_("created by"))

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    def latest_version(self):
        return self.versions.order_by("-version").first()


class CertificateTemplateVersion(models.Model):
    """One immutable version of a template. Placeholders: {name} {subject} {dates} {hours} {guideline_version}."""

    template = models.ForeignKey(
        CertificateTemplate, verbose_name=_("template"), on_delete=models.CASCADE, related_name="versions"
    )
    version = models.PositiveIntegerField(_("version"))
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_km = models.CharField(_("title (Khmer)"), max_length=200)
    body_en = models.TextField(_("text (English)"))
    body_km = models.TextField(_("text (Khmer)"))
    logo_left = models.ImageField(
        _("left logo"), upload_to="certificates/logos/", blank=True, validators=[validate_image_upload]
    )
    logo_right = models.ImageField(
        _("right logo"), upload_to="certificates/logos/", blank=True, validators=[validate_image_upload]
    )
    signatories = models.ManyToManyField(
        Signatory,
        verbose_name=_("signatories"),
        through="TemplateSignatory",
        related_name="template_versions",
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = actor_field(_("created by"))

    class Meta:
        verbose_name = _("certificate template version")
        verbose_name_plural = _("certificate template versions")
        ordering = ["template", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["template", "version"], name="certificates_template_version_unique"),
            models.CheckConstraint(condition=Q(version__gte=1), name="certificates_template_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.template} v{self.version}"

    def ordered_signatories(self):
        return [link.signatory for link in self.signatory_links.select_related("signatory").order_by("position")]


class TemplateSignatory(models.Model):
    version = models.ForeignKey(
        CertificateTemplateVersion,
        verbose_name=_("template version"),
        on_delete=models.CASCADE,
        related_name="signatory_links",
    )
    signatory = models.ForeignKey(
        Signatory, verbose_name=_("signatory"), on_delete=models.PROTECT, related_name="template_links"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("template signatory")
        verbose_name_plural = _("template signatories")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "signatory"], name="certificates_template_signatory_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.version}: {self.signatory}"


class SerialCounter(models.Model):
    """One row per issue year; locked with select_for_update while a serial is allocated."""

    year = models.PositiveIntegerField(_("year"), unique=True)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("serial counter")
        verbose_name_plural = _("serial counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Certificate(models.Model):
    Kind = Kind

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    template_version = models.ForeignKey(
        CertificateTemplateVersion,
        verbose_name=_("template version"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    serial = models.CharField(_("serial number"), max_length=20, unique=True)
    code = models.CharField(_("verification code"), max_length=20, unique=True, default=generate_verification_code)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.VALID)
    source_key = models.CharField(
        _("source"), max_length=100, help_text=_("What the certificate is for, e.g. enrollment:42.")
    )

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
    )
    recipient_email = models.EmailField(_("recipient e-mail"), blank=True)
    recipient_name_latin = models.CharField(_("name in Latin script"), max_length=200)
    recipient_name_native = models.CharField(_("name in own script"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    organisation = models.ForeignKey(
        "people.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
    )
    subject_en = models.CharField(_("subject (English)"), max_length=300)
    subject_km = models.CharField(_("subject (Khmer)"), max_length=300, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1, null=True, blank=True)
    guideline_version = models.CharField(_("guideline version"), max_length=50, blank=True)

    issued_at = models.DateTimeField(_("issued at"))
    issued_by = actor_field(_("issued by"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = actor_field(_("revoked by"))
    revoked_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True)
    # Revoked because its holder asked to be erased (privacy.erasure): it was earned, so it still counts as issued
    # (Certificate.counted_q) and its source gets no other.
    withdrawn_by_holder = models.BooleanField(_("withdrawn by the holder"), default=False)
    replaced_by = models.OneToOneField(
        "self",
        verbose_name=_("replaced by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
    )

    # The PDF is a cache of this row: rebuilt when pdf_version moves past pdf_cached_version.
    pdf_version = models.PositiveIntegerField(_("PDF version"), default=1)
    pdf_cached_version = models.PositiveIntegerField(_("cached PDF version"), default=0)
    pdf_file = models.FileField(
        _("PDF file"), storage=private_storage, upload_to="certificates/pdf/", blank=True, editable=False
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-id"]
        constraints = [
            # Issuing twice for the same thing returns the existing valid certificate.
            models.UniqueConstraint(
                fields=["source_key"], condition=Q(status="valid"), name="certificates_one_valid_per_source"
            ),
            models.CheckConstraint(condition=Q(starts_on__lte=models.F("ends_on")), name="certificates_dates_order"),
            models.CheckConstraint(
                condition=Q(status="valid") | ~Q(revoked_reason=""), name="certificates_revoked_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_by_holder=False) | Q(status="revoked"), name="certificates_withdrawn_revoked"
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gte=0), name="certificates_hours_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["source_key"], name="certificates_source_idx")]

    def __str__(self) -> str:
        return self.serial

    @property
    def is_valid(self) -> bool:
        return self.status == self.Status.VALID

    @property
    def is_counted(self) -> bool:
        """Its source has it (see counted_q): valid, or withdrawn by its holder."""
        return self.is_valid or self.withdrawn_by_holder

    @classmethod
    def counted_q(cls) -> Q:
        """The certificates a source has (issuing again returns them) and the reports count as issued: the valid
        ones and those their holder withdrew when erasing their account."""
        return Q(status=cls.Status.VALID) | Q(withdrawn_by_holder=True)

    @property
    def display_name(self) -> str:
        return self.recipient_name_native or self.recipient_name_latin

    @property
    def code_display(self) -> str:
        """The code in groups of four for reading aloud and typing (dashes are ignored when verifying)."""
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))

    def subject(self, language: str | None = None) -> str:
        """What the certificate is for, in `language` (default: the active one; templates call it so)."""
        return localized(self, "subject", language)

    def verification_path(self) -> str:
        # Unprefixed: opens in the reader's language.
        return f"/certificates/verify/{self.code}/"
