"""Nominations: the people who name a delegation (a member state's focal point, an organisation's), their places,
and each person they invite. An open invitation reserves a place (forum.services.seats); taken up, it leads into
the normal registration path."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from people.fields import CountryField
from people.models import actor_field
from people.validators import validate_no_control_characters

from .edition import ForumEdition
from .registration import Registration


class Nominator(models.Model):
    """Someone an organiser named to send a delegation: for a member state (its country) or for an organisation (its
    organisation, representing its country), with a number of places and a deadline for invitations."""

    class Kind(models.TextChoices):
        COUNTRY = "country", _("Member state's focal point")
        ORGANISATION = "organisation", _("Organisation's focal point")

    edition = models.ForeignKey(
        ForumEdition, verbose_name=_("forum edition"), on_delete=models.CASCADE, related_name="nominators"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("nominator"), on_delete=models.PROTECT, related_name="nominator_roles"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COUNTRY)
    country = CountryField(_("country"), help_text=_("The country the delegation represents: its quota counts them."))
    organisation = models.ForeignKey(
        "people.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominators",
        help_text=_("An organisation's focal point: every nominee registers for this organisation."),
    )
    places = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1), MaxValueValidator(500)])
    deadline = models.DateTimeField(_("deadline"), help_text=_("Invitations not taken up by then release their place."))
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    created_by = actor_field(_("named by"))
    created_at = models.DateTimeField(_("named at"), auto_now_add=True)

    class Meta:
        verbose_name = _("nominator")
        verbose_name_plural = _("nominators")
        ordering = ["edition", "country", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "user"], name="forum_nominator_one_per_person"),
            models.CheckConstraint(condition=Q(places__gte=1), name="forum_nominator_places_positive"),
            models.CheckConstraint(
                condition=Q(kind="country", organisation__isnull=True)
                | Q(kind="organisation", organisation__isnull=False),
                name="forum_nominator_kind_organisation",
            ),
        ]

    def __str__(self) -> str:
        if self.organisation_id:
            return f"{self.organisation} ({self.country.name})"
        return str(self.country.name)

    @property
    def delegation_name(self) -> str:
        """What the delegation is called: its organisation's name, or its country's."""
        return self.organisation.name if self.organisation_id else str(self.country.name)


class Nomination(models.Model):
    """One person a nominator invited: the name and e-mail they typed, the language of the e-mail, the personal link
    (only its SHA-256 kept) and what became of it."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        TAKEN = "taken", _("Registered")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REPLACED = "replaced", _("Replaced")
        EXPIRED = "expired", _("Not taken up by the deadline")

    # The statuses in which a nomination stands for a person of the delegation (one per e-mail and edition).
    STANDING = (Status.INVITED, Status.TAKEN)
    # What a nominator may do, by status (forum.nomination_rules.nomination_can adds: a taken one's registration
    # is active).
    TRANSITIONS = {
        "resend": (Status.INVITED,),
        "withdraw": (Status.INVITED,),
        "replace": (Status.INVITED, Status.TAKEN),
        "head": (Status.INVITED, Status.TAKEN),
    }

    nominator = models.ForeignKey(
        Nominator, verbose_name=_("nominator"), on_delete=models.CASCADE, related_name="nominations"
    )
    edition = models.ForeignKey(
        ForumEdition, verbose_name=_("forum edition"), on_delete=models.CASCADE, related_name="nominations"
    )
    name = models.CharField(_("name"), max_length=200, validators=[validate_no_control_characters])
    email = models.EmailField(_("e-mail"), help_text=_("Kept in lower case: one nomination per address."))
    language = models.CharField(_("language of the e-mail"), max_length=10, choices=settings.LANGUAGES, default="en")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.INVITED)
    token_hash = models.CharField(_("link's digest"), max_length=64, blank=True, db_index=True)
    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="nomination",
    )
    is_head = models.BooleanField(_("head of delegation"), default=False)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaced_by",
    )
    sent_at = models.DateTimeField(_("last sent at"), null=True, blank=True)
    times_sent = models.PositiveSmallIntegerField(_("times sent"), default=0)
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["nominator", "created_at", "pk"]
        constraints = [
            # Nothing saved twice: one standing nomination per address and edition, whoever nominated it.
            models.UniqueConstraint(
                fields=["edition", "email"],
                condition=Q(status__in=["invited", "taken"]),
                name="forum_nomination_one_per_email",
            ),
            models.UniqueConstraint(fields=["nominator"], condition=Q(is_head=True), name="forum_nomination_one_head"),
            models.CheckConstraint(
                condition=Q(registration__isnull=True) | Q(status="taken") | Q(status="replaced"),
                name="forum_nomination_registration_taken",
            ),
        ]
        indexes = [models.Index(fields=["edition", "status"], name="forum_nomination_status_idx")]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    def can(self, action: str) -> bool:
        return self.status in self.TRANSITIONS[action]
