"""Youth delegates: guardian, chaperone, consent records, consent links and the document access log.

Everything here is about a minor: organisers only (and the consent page, to the guardian holding a link). The
retention purge (forum.services.youth) blanks the personal details and deletes the documents a set time after the
forum, keeping only the fact that consent was given (`YouthDetails.participation`, `consent_given_at` and the
decisions of each `GuardianConsent`).
"""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from people.models import actor_field
from people.validators import validate_no_control_characters


def private_storage():
    return storages["private"]


class Participation(models.TextChoices):
    PENDING = "pending", _("Waiting for the guardian")
    GIVEN = "given", _("Given")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# What the youth delegate reads about their guardian's answer (their page, the e-mail they get), and what the guardian
# reads once they have answered.
DELEGATE_MESSAGES = {
    Participation.PENDING: _("We are waiting for your parent's or guardian's answer."),
    Participation.GIVEN: _("Your parent or guardian agreed."),
    Participation.REFUSED: _("Your parent or guardian did not agree."),
    Participation.WITHDRAWN: _("Your parent or guardian withdrew their consent."),
}
DELEGATE_ANSWER_MESSAGES = {
    Participation.GIVEN: _("Your parent or guardian agreed that you take part in the forum."),
    Participation.WITHDRAWN: _("Your parent or guardian withdrew their consent: your registration is cancelled."),
    Participation.REFUSED: _(
        "Your parent or guardian did not agree that you take part: your registration is cancelled."
    ),
}
GUARDIAN_ANSWER_MESSAGES = {
    Participation.GIVEN: _(
        "Your consent is recorded. You will get an e-mail with a link to change your choices or withdraw later."
    ),
    Participation.WITHDRAWN: _("Your consent is withdrawn: the registration is cancelled."),
    Participation.REFUSED: _("Your answer is recorded: you do not agree, so the registration is cancelled."),
}


class YouthDetails(models.Model):
    """What a youth delegate tells about themselves, their guardian and their chaperone, and the current state of
    the guardian's consent (its history is in GuardianConsent)."""

    class Relationship(models.TextChoices):
        MOTHER = "mother", _("Mother")
        FATHER = "father", _("Father")
        LEGAL_GUARDIAN = "legal_guardian", _("Legal guardian")
        GRANDPARENT = "grandparent", _("Grandparent")
        OTHER_RELATIVE = "other_relative", _("Other relative")
        OTHER = "other", _("Other")

    registration = models.OneToOneField(
        "forum.Registration", verbose_name=_("registration"), on_delete=models.CASCADE, related_name="youth_details"
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    guardian_name = models.CharField(
        _("parent or guardian's name"), max_length=200, blank=True, validators=[validate_no_control_characters]
    )
    guardian_relationship = models.CharField(
        _("relationship to the delegate"), max_length=20, choices=Relationship.choices, blank=True
    )
    guardian_email = models.EmailField(_("parent or guardian's e-mail"), blank=True)
    guardian_phone = models.CharField(
        _("parent or guardian's phone"), max_length=40, blank=True, validators=[validate_no_control_characters]
    )
    guardian_language = models.CharField(
        _("parent or guardian's language"), max_length=10, choices=settings.LANGUAGES, default="km"
    )
    chaperone_name = models.CharField(
        _("chaperone's name"), max_length=200, blank=True, validators=[validate_no_control_characters]
    )
    chaperone_phone = models.CharField(
        _("chaperone's phone"), max_length=40, blank=True, validators=[validate_no_control_characters]
    )
    chaperone_email = models.EmailField(_("chaperone's e-mail"), blank=True)
    chaperone_registration = models.ForeignKey(
        "forum.Registration",
        verbose_name=_("chaperone's registration"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chaperoned_youth",
        help_text=_("When the chaperone is a registered delegate of the same forum."),
    )
    participation = models.CharField(
        _("consent to participation"), max_length=10, choices=Participation.choices, default=Participation.PENDING
    )
    name_consent = models.BooleanField(_("name may be shown publicly"), default=False)
    photo_consent = models.BooleanField(_("may be photographed and filmed"), default=False)
    consent_given_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    purged_at = models.DateTimeField(_("personal details deleted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("youth delegate details")
        verbose_name_plural = _("youth delegate details")
        constraints = [
            # Names and photos only with consent to participate.
            models.CheckConstraint(
                condition=Q(participation=Participation.GIVEN) | Q(name_consent=False, photo_consent=False),
                name="forum_youth_media_needs_participation",
            ),
            models.CheckConstraint(
                condition=~Q(participation=Participation.GIVEN) | Q(consent_given_at__isnull=False),
                name="forum_youth_consent_given_at",
            ),
            # Purged details stay purged: no guardian left behind.
            models.CheckConstraint(
                condition=Q(purged_at__isnull=True)
                | Q(guardian_email="", guardian_name="", date_of_birth__isnull=True),
                name="forum_youth_purged_is_empty",
            ),
        ]

    def __str__(self) -> str:
        return str(self.registration)

    @property
    def has_chaperone(self) -> bool:
        return bool(self.chaperone_registration_id or self.chaperone_name.strip())

    @property
    def consent_given(self) -> bool:
        """The guardian consented to participation (and has not withdrawn it)."""
        return self.participation == Participation.GIVEN

    @property
    def delegate_message(self) -> str:
        return DELEGATE_MESSAGES[self.participation]

    @property
    def guardian_email_masked(self) -> str:
        local, _at, domain = self.guardian_email.partition("@")
        if not domain:
            return ""
        return f"{local[:1]}•••@{domain}"


class GuardianConsent(models.Model):
    """One decision of a guardian, by link or on a signed paper form: never edited, kept after the purge (without
    the guardian's name and the document)."""

    class Method(models.TextChoices):
        LINK = "link", _("Consent link")
        PAPER = "paper", _("Signed paper form")

    youth = models.ForeignKey(
        YouthDetails, verbose_name=_("youth delegate"), on_delete=models.CASCADE, related_name="consents"
    )
    method = models.CharField(_("how"), max_length=10, choices=Method.choices)
    participation = models.CharField(_("participation"), max_length=10, choices=Participation.choices)
    name_consent = models.BooleanField(_("name may be shown publicly"), default=False)
    photo_consent = models.BooleanField(_("may be photographed and filmed"), default=False)
    text_version = models.CharField(_("consent text version"), max_length=20)
    signed_name = models.CharField(
        _("signed by"), max_length=200, blank=True, validators=[validate_no_control_characters]
    )
    recorded_by = actor_field(
        _("recorded by"),
        help_text=_("The organiser who recorded a paper form; empty when the guardian used the link."),
    )
    document = models.FileField(_("signed form"), storage=private_storage, upload_to="forum/youth-consent/", blank=True)
    document_type = models.CharField(_("document type"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("guardian consent")
        verbose_name_plural = _("guardian consents")
        ordering = ["youth", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(participation=Participation.GIVEN) | Q(name_consent=False, photo_consent=False),
                name="forum_consent_media_needs_participation",
            ),
            models.CheckConstraint(
                condition=~Q(participation=Participation.PENDING), name="forum_consent_is_a_decision"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.youth}: {self.get_participation_display()} ({self.get_method_display()})"

    @property
    def consent_given(self) -> bool:
        return self.participation == Participation.GIVEN


class ConsentLink(models.Model):
    """A link sent to the guardian. Only a hash of its secret is kept; it works once, until it expires or a newer
    link is sent."""

    youth = models.ForeignKey(
        YouthDetails, verbose_name=_("youth delegate"), on_delete=models.CASCADE, related_name="links"
    )
    secret_hash = models.CharField(_("hash of the secret"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("replaced at"), null=True, blank=True)
    sent_by = actor_field(_("sent by"))

    class Meta:
        verbose_name = _("consent link")
        verbose_name_plural = _("consent links")
        ordering = ["youth", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")), name="forum_consent_link_expiry"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.youth}: {self.created_at:%Y-%m-%d %H:%M}"


class ConsentDocumentAccess(models.Model):
    """Who opened or downloaded a minor's consent document, and when."""

    class Action(models.TextChoices):
        VIEWED = "viewed", _("Opened")
        DOWNLOADED = "downloaded", _("Downloaded")

    consent = models.ForeignKey(
        GuardianConsent, verbose_name=_("consent"), on_delete=models.CASCADE, related_name="accesses"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("what"), max_length=12, choices=Action.choices)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent document access")
        verbose_name_plural = _("consent document accesses")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.consent}: {self.action} by {self.user}"
