"""Safeguarding concerns about a child's safety, reported by anyone (with or without an account, with or without a
name) and handled in confidence by the safeguarding officers alone (DESIGN.md).

- `Officer`: a role of its own, named by organisers; being an organiser gives no access. Every appointment and
  removal is kept in the `AccessLog` and told to the other officers.
- `Concern`: a case: what the reporter told (`what_happened`, `happened_when`, `place`, `who_involved`,
  `danger_now`, an optional way to reach them), its reference, the reporter's follow-up link (only its SHA-256 kept),
  and how it is handled: status, owner, notes, actions, referrals and messages with the reporter.
- `AccessLog`: every view and change of a case, with who and when; the officers read it.
- `EmergencyContacts`: what a reporter reads first when a child is in danger now: the venue's safeguarding officer's
  phone, the national child helpline and the police, set by the organisers for each forum edition (and once for
  everything else).
- `Retention`: how long a closed case is kept before its content is erased (a periodic job); only a count remains.
"""

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from people.models import actor_field
from people.validators import validate_no_control_characters


def private_storage():
    return storages["private"]


# What the reporter told and how to reach them: emptied when a closed case's retention ends (erased_at). The list
# of cases never loads them either.
CONTENT_FIELDS = (
    "what_happened",
    "happened_when",
    "place_details",
    "who_involved",
    "reporter_name",
    "reporter_contact",
)


class Officer(models.Model):
    """A safeguarding officer: reads and handles every case. Named and removed by organisers."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.CASCADE,
        related_name="safeguarding_officer",
    )
    phone = models.CharField(
        _("phone"), max_length=40, blank=True, help_text=_("Given to the other officers only, for urgent cases.")
    )
    appointed_at = models.DateTimeField(_("named at"), auto_now_add=True)
    appointed_by = actor_field(_("named by"))

    class Meta:
        verbose_name = _("safeguarding officer")
        verbose_name_plural = _("safeguarding officers")
        ordering = ["user__family_name", "user__given_name", "pk"]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.email


class Concern(models.Model):
    """A safeguarding case: what was reported and how it is handled."""

    class Place(models.TextChoices):
        FORUM = "forum", _("At the forum")
        TRAINING = "training", _("At a training")
        ONLINE = "online", _("Online")
        ELSEWHERE = "elsewhere", _("Somewhere else")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        ASSESSING = "assessing", _("Being assessed")
        REFERRED = "referred", _("Referred")
        CLOSED = "closed", _("Closed")

    # The steps a case may take (safeguarding.rules.require): from each status, the statuses it may go to.
    TRANSITIONS = {
        Status.RECEIVED: (Status.ASSESSING, Status.REFERRED, Status.CLOSED),
        Status.ASSESSING: (Status.REFERRED, Status.CLOSED),
        Status.REFERRED: (Status.ASSESSING, Status.CLOSED),
        Status.CLOSED: (Status.ASSESSING,),
    }

    number = models.PositiveIntegerField(_("number"), unique=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    owner = models.ForeignKey(
        Officer, verbose_name=_("owner"), on_delete=models.SET_NULL, null=True, blank=True, related_name="cases"
    )
    # What the reporter told. Emptied when the case's retention ends (erased_at).
    what_happened = models.TextField(_("what happened"), validators=[validate_no_control_characters])
    happened_when = models.CharField(
        _("when it happened"), max_length=200, blank=True, validators=[validate_no_control_characters]
    )
    place = models.CharField(_("where"), max_length=20, choices=Place.choices)
    place_details = models.CharField(
        _("where exactly"), max_length=300, blank=True, validators=[validate_no_control_characters]
    )
    who_involved = models.TextField(_("who is involved"), blank=True, validators=[validate_no_control_characters])
    danger_now = models.BooleanField(_("a child is in danger now"), default=False)
    reporter_name = models.CharField(
        _("reporter's name"), max_length=200, blank=True, validators=[validate_no_control_characters]
    )
    reporter_contact = models.CharField(
        _("how to reach the reporter"), max_length=300, blank=True, validators=[validate_no_control_characters]
    )
    reporter_language = models.CharField(_("reporter's language"), max_length=10, default="en")
    token_hash = models.CharField(_("follow-up link's digest"), max_length=64, blank=True, db_index=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status changed at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    erased_at = models.DateTimeField(
        _("content erased at"), null=True, blank=True, help_text=_("Its retention ended: only its status is kept.")
    )

    class Meta:
        verbose_name = _("safeguarding concern")
        verbose_name_plural = _("safeguarding concerns")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="closed", closed_at__isnull=False)
                | (~Q(status="closed") & Q(closed_at__isnull=True)),
                name="safeguarding_concern_closed_at",
            ),
            models.CheckConstraint(
                condition=Q(erased_at__isnull=True) | Q(status="closed"), name="safeguarding_concern_erased_closed"
            ),
        ]
        indexes = [models.Index(fields=["status", "closed_at"], name="safeguarding_status_idx")]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"SG-{self.number:05d}"

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.status]

    @property
    def next_statuses(self) -> list[tuple[str, str]]:
        return [(status, self.Status(status).label) for status in self.TRANSITIONS[self.status]]

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class Attachment(models.Model):
    """A file the reporter attached (a photo, a screenshot, a PDF), in private storage; checked by type and size."""

    concern = models.ForeignKey(
        Concern, verbose_name=_("concern"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to="safeguarding/")
    content_type = models.CharField(_("type"), max_length=60)
    size = models.PositiveIntegerField(_("size in bytes"))
    added_by_reporter = models.BooleanField(_("added by the reporter"), default=True)
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["concern", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.concern}: {self.pk}"


class CaseEntry(models.Model):
    """One entry of a case's handling: an officer's note, an action with its date, a referral, or a message to or
    from the reporter. Entries are never edited; an action is marked done."""

    class Kind(models.TextChoices):
        NOTE = "note", _("Note")
        ACTION = "action", _("Action")
        REFERRAL = "referral", _("Referral")
        TO_REPORTER = "to_reporter", _("Message to the reporter")
        FROM_REPORTER = "from_reporter", _("Message from the reporter")

    class ReferredTo(models.TextChoices):
        HELPLINE = "helpline", _("Child helpline")
        POLICE = "police", _("Police")
        ORGANISATION = "organisation", _("The child's organisation")
        SOCIAL_SERVICES = "social_services", _("Social services")
        OTHER = "other", _("Other")

    concern = models.ForeignKey(Concern, verbose_name=_("concern"), on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text"), validators=[validate_no_control_characters])
    referred_to = models.CharField(_("referred to"), max_length=20, choices=ReferredTo.choices, blank=True)
    due_on = models.DateField(_("to do by"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    author = models.ForeignKey(
        Officer, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("case entry")
        verbose_name_plural = _("case entries")
        ordering = ["concern", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="referral", referred_to__gt="") | (~Q(kind="referral") & Q(referred_to="")),
                name="safeguarding_entry_referral",
            ),
            models.CheckConstraint(
                condition=Q(kind="action") | Q(due_on__isnull=True, done_at__isnull=True),
                name="safeguarding_entry_action_dates",
            ),
            models.CheckConstraint(
                condition=Q(kind="from_reporter", author__isnull=True) | ~Q(kind="from_reporter"),
                name="safeguarding_entry_reporter_no_author",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.concern}: {self.get_kind_display()}"

    @property
    def is_open_action(self) -> bool:
        return self.kind == self.Kind.ACTION and self.done_at is None


class AccessLog(models.Model):
    """Who viewed or changed what, and when: every case page an officer opens, every change, every attachment
    downloaded, and every appointment or removal of an officer. Never edited; kept when a case's content is
    erased (its `detail` names no content)."""

    class Action(models.TextChoices):
        VIEWED = "viewed", _("Viewed")
        CHANGED = "changed", _("Changed")
        DOWNLOADED = "downloaded", _("Downloaded an attachment")
        ERASED = "erased", _("Content erased at the end of its retention")
        APPOINTED = "appointed", _("Officer named")
        REMOVED = "removed", _("Officer removed")

    concern = models.ForeignKey(
        Concern, verbose_name=_("concern"), on_delete=models.CASCADE, null=True, blank=True, related_name="log"
    )
    actor = actor_field(_("by"))
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("safeguarding access")
        verbose_name_plural = _("safeguarding accesses")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["concern", "at"], name="safeguarding_log_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"


class EmergencyContacts(models.Model):
    """The numbers a reporter reads first when a child is in danger now. One set per forum edition (the venue's
    officer), and one without an edition for everything else (trainings, online)."""

    edition = models.OneToOneField(
        "forum.ForumEdition",
        verbose_name=_("forum edition"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="emergency_contacts",
    )
    officer_phone = models.CharField(
        _("safeguarding officer's phone at the venue"),
        max_length=40,
        blank=True,
        validators=[validate_no_control_characters],
    )
    helpline_name = models.CharField(
        _("child helpline"), max_length=100, blank=True, validators=[validate_no_control_characters]
    )
    helpline_phone = models.CharField(
        _("child helpline's number"), max_length=40, blank=True, validators=[validate_no_control_characters]
    )
    police_phone = models.CharField(
        _("police number"), max_length=40, blank=True, validators=[validate_no_control_characters]
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = actor_field(_("updated by"))

    class Meta:
        verbose_name = _("emergency contacts")
        verbose_name_plural = _("emergency contacts")
        constraints = [
            models.UniqueConstraint(
                fields=["edition"], condition=Q(edition__isnull=True), name="safeguarding_contacts_one_default"
            ),
        ]

    def __str__(self) -> str:
        return str(self.edition) if self.edition_id else str(_("Everywhere else"))


class Retention(models.Model):
    """How long closed cases are kept before their content is erased (one row)."""

    days_after_closing = models.PositiveIntegerField(
        _("days a closed case is kept"), default=365 * 3, validators=[MinValueValidator(30), MaxValueValidator(36500)]
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = actor_field(_("updated by"))

    class Meta:
        verbose_name = _("retention of safeguarding cases")
        verbose_name_plural = _("retention of safeguarding cases")
        constraints = [
            models.CheckConstraint(
                condition=Q(days_after_closing__gte=30, days_after_closing__lte=36500),
                name="safeguarding_retention_days_bounds",
            )
        ]

    def __str__(self) -> str:
        return str(self.days_after_closing)
