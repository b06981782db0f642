"""Batch jobs over items of one kind (documents.kinds): printing (one merged PDF and a ZIP), e-mail delivery, or
building one item's files (a report's PDF and XLSX)."""

from django.core.files.storage import storages
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from people.i18n import LocalizedTitle
from people.models import actor_field

from . import kinds


def private_storage():
    """Where files that must never have a public URL live (settings.STORAGES["private"]); views that check
    permission serve them."""
    return storages["private"]


class PrintJob(LocalizedTitle, models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    # The name of a registered kind (documents.kinds), e.g. "certificates.print".
    kind = models.CharField(_("kind"), max_length=50)
    # Shown in the reader's language (`title`): stored in each when the job starts, as a page's words are.
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_km = models.CharField(_("title (Khmer)"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    # sha256 of the kind and the sorted item ids: "the same selection", refused while a job for it is under way.
    scope_key = models.CharField(_("scope"), max_length=64, editable=False)
    total = models.PositiveIntegerField(_("items"), default=0)
    done = models.PositiveIntegerField(_("processed"), default=0)
    error = models.TextField(_("reason of failure"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # The task that runs the job (django_tasks_db's id): given out again after its worker died (operations.tasks),
    # that same task takes the job back; any other finds it taken.
    task_id = models.CharField(_("task"), max_length=64, blank=True, default="")
    # A delivery the mail server refused for now waits until then to be tried again (documents.jobs._try_later).
    retry_at = models.DateTimeField(_("tried again at"), null=True, blank=True)
    back_url = models.CharField(_("back to"), max_length=300, blank=True)
    created_by = actor_field(_("started by"))
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    # Moves with every chunk: an active job whose row stops moving is lost (documents.jobs.jobs_clean).
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    started_at = models.DateTimeField(_("running since"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("results kept until"), null=True, blank=True)
    purged_at = models.DateTimeField(_("results removed at"), null=True, blank=True)
    pdf_file = models.FileField(
        _("printable PDF"), storage=private_storage, upload_to="documents/jobs/", blank=True, editable=False
    )
    zip_file = models.FileField(
        _("ZIP of PDFs"), storage=private_storage, upload_to="documents/jobs/", blank=True, editable=False
    )
    xlsx_file = models.FileField(
        _("spreadsheet"), storage=private_storage, upload_to="documents/jobs/", blank=True, editable=False
    )

    # The result files, by the part a download names (documents.urls.job_pages).
    PARTS = ("pdf", "zip", "xlsx")

    class Meta:
        verbose_name = _("print job")
        verbose_name_plural = _("print jobs")
        ordering = ["-created_at", "-id"]
        constraints = [
            # Two jobs for the same selection at once are refused (documents.jobs says so politely).
            models.UniqueConstraint(
                fields=["scope_key"],
                condition=Q(status__in=["queued", "running"]),
                name="documents_one_active_job_per_scope",
            ),
            models.CheckConstraint(condition=Q(done__lte=F("total")), name="documents_job_done_le_total"),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label}: {self.title}"

    @property
    def kind_label(self) -> str:
        kind = kinds.get(self.kind)
        return str(kind.label) if kind else self.kind

    @property
    def is_delivery(self) -> bool:
        return isinstance(kinds.get(self.kind), kinds.DeliveryKind)

    @property
    def is_build(self) -> bool:
        return isinstance(kinds.get(self.kind), kinds.BuildKind)

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, self.done * 100 // self.total)

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def is_over(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def can_be_retried(self) -> bool:
        return self.status == self.Status.FAILED

    def result_file(self, part: str):
        """The FileField of a result part ("pdf", "zip", "xlsx"); empty when the job made none."""
        if part not in self.PARTS:
            raise ValueError(f"No result part {part!r}")
        return getattr(self, f"{part}_file")

    @property
    def has_results(self) -> bool:
        made = any(self.result_file(part) for part in self.PARTS)
        return self.status == self.Status.DONE and made and self.purged_at is None


class PrintJobItem(models.Model):
    """One item of a job (an id its kind can load); for delivery also what happened to its e-mail."""

    class Delivery(models.TextChoices):
        PENDING = "", _("Not sent yet")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped")

    job = models.ForeignKey(PrintJob, verbose_name=_("job"), on_delete=models.CASCADE, related_name="items")
    # No foreign key: documents does not know the items' app; the job's kind loads them by id.
    item_id = models.PositiveBigIntegerField(_("item"))
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices, blank=True, default="")
    email = models.EmailField(_("e-mail"), blank=True)
    error = models.CharField(_("reason of failure"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("print job item")
        verbose_name_plural = _("print job items")
        # Created in the kind's order, so the primary key keeps it.
        ordering = ["job", "id"]
        constraints = [models.UniqueConstraint(fields=["job", "item_id"], name="documents_job_item_unique")]

    def __str__(self) -> str:
        return f"{self.job_id}: {self.item_id}"

    @property
    def is_sent(self) -> bool:
        return self.delivery == self.Delivery.SENT

    @property
    def is_settled(self) -> bool:
        """Nothing more to do for it: sent, or skipped because it must not be sent."""
        return self.delivery in (self.Delivery.SENT, self.Delivery.SKIPPED)
