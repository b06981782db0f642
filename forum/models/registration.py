"""Registrations: a delegate's place at an edition, its passport details for a visa letter, and its history."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from people.fields import CountryField
from people.models import actor_field
from people.reach import ReachFields
from people.validators import validate_no_control_characters

from .edition import ForumEdition, PolicyDocument


class RegistrationQuerySet(models.QuerySet):
    def holding_seat(self):
        """Approved registrations: the only ones that hold a seat (the rule of Registration.holds_seat)."""
        return self.filter(status=Registration.Status.APPROVED)

    def active(self):
        return self.filter(status__in=Registration.ACTIVE_STATUSES)

    def taking_seats(self):
        """Approved delegates who take one of the edition's seats: invited guests and staff take none."""
        return self.holding_seat().exclude(category__in=Registration.SEATLESS_CATEGORIES)


class Registration(ReachFields, models.Model):
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
        # Added by organisers (forum.services.venue): everyone who wears a badge has a registration. They take
        # no delegate's seat (forum.services.seats).
        GUEST = "guest", _("Invited guest")
        STAFF = "staff", _("Organiser staff")

    ACTIVE_STATUSES = (Status.SUBMITTED, Status.APPROVED, Status.WAITLISTED)
    SEATLESS_CATEGORIES = (Category.GUEST, Category.STAFF)
    # The life cycle of DESIGN.md: the statuses each action may start from. The services refuse anything else
    # (forum.rules.require), the organiser's pages offer only what it allows and templates ask `can_be_*`.
    TRANSITIONS = {
        "change": ACTIVE_STATUSES,
        "approve": (Status.SUBMITTED, Status.WAITLISTED),
        "waitlist": (Status.SUBMITTED,),
        "reject": ACTIVE_STATUSES,
        "cancel": ACTIVE_STATUSES,
        "reopen": (Status.REJECTED, Status.CANCELLED),
    }
    # What the e-mail that tells the delegate of a change says of the new status (nothing for the others).
    EMAIL_STATUS_LINES = {
        Status.APPROVED: _("Your seat is confirmed. We look forward to seeing you."),
        Status.SUBMITTED: _("Organisers will review it; you will get another e-mail when they decide."),
        Status.WAITLISTED: _(
            "You are on the waiting list. If a seat frees, it is given to you automatically and you will get an e-mail."
        ),
    }
    # What the delegate reads about where their registration stands, by status.
    STATUS_EXPLANATIONS = {
        Status.APPROVED: _("Your seat is confirmed."),
        Status.SUBMITTED: _("Organisers will review your registration; you will get an e-mail."),
        Status.WAITLISTED: _(
            "You are on the waiting list. If a seat frees, you will get it automatically and an e-mail."
        ),
        Status.REJECTED: _("Your registration was not accepted."),
        Status.CANCELLED: _("Your registration is cancelled."),
    }

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

    objects = RegistrationQuerySet.as_manager()

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

    @property
    def holds_seat(self) -> bool:
        """Only an approved registration holds a seat (and may have an agenda, a badge, a certificate)."""
        return self.status == self.Status.APPROVED

    @property
    def takes_seat(self) -> bool:
        """Whether approving this registration uses one of the edition's seats (a delegate's: not a guest's or
        a staff member's)."""
        return self.category not in self.SEATLESS_CATEGORIES

    def can(self, action: str) -> bool:
        """Whether the life cycle lets `action` (a key of TRANSITIONS) start from the current status."""
        return self.status in self.TRANSITIONS[action]

    @property
    def can_be_approved(self) -> bool:
        return self.can("approve")

    @property
    def can_be_waitlisted(self) -> bool:
        return self.can("waitlist")

    @property
    def can_be_rejected(self) -> bool:
        return self.can("reject")

    @property
    def can_be_cancelled(self) -> bool:
        return self.can("cancel")

    @property
    def can_be_reopened(self) -> bool:
        return self.can("reopen")

    @property
    def status_explanation(self) -> str:
        if self.is_youth and self.status == self.Status.SUBMITTED:
            return _("Youth delegates are approved once their guardian has consented.")
        return self.STATUS_EXPLANATIONS[self.status]


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
    reviewed_by = actor_field(_("reviewed by"))

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
    actor = actor_field(
        _("by"),
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
