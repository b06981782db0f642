"""Batch jobs on certificates (issue 9): printing (one merged PDF + a ZIP) and e-mail delivery, with progress.

Imported at the end of `certificates/models.py`, so Django sees these models as part of the app.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .models import Certificate, private_storage


class CertificateJob(models.Model):
    class Kind(models.TextChoices):
        PRINT = "print", _("Print")
        DELIVER = "deliver", _("E-mail delivery")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    certificates = models.ManyToManyField(
        Certificate, verbose_name=_("certificates"), related_name="jobs", through="CertificateJobItem"
    )
    # sha256 of the kind and the sorted certificate ids: "the same set" for the refusal below.
    scope_key = models.CharField(_("scope"), max_length=64, editable=False)
    total = models.PositiveIntegerField(_("certificates"), default=0)
    done = models.PositiveIntegerField(_("processed"), default=0)
    error = models.TextField(_("reason of failure"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    back_url = models.CharField(_("back to"), max_length=300, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    # Moves with every chunk: a running job whose row stops moving is a crashed worker (see clean_print_jobs).
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    started_at = models.DateTimeField(_("running since"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("results kept until"), null=True, blank=True)
    purged_at = models.DateTimeField(_("results removed at"), null=True, blank=True)

    pdf_file = models.FileField(
        _("printable PDF"), storage=private_storage, upload_to="certificates/print/", blank=True, editable=False
    )
    zip_file = models.FileField(
        _("ZIP of PDFs"), storage=private_storage, upload_to="certificates/print/", blank=True, editable=False
    )

    class Meta:
        verbose_name = _("certificate job")
        verbose_name_plural = _("certificate jobs")
        ordering = ["-created_at", "-id"]
        constraints = [
            # Two jobs for the same set at once are refused (the service turns this into a polite message).
            models.UniqueConstraint(
                fields=["scope_key"],
                condition=Q(status__in=["queued", "running"]),
                name="certificates_one_active_job_per_scope",
            ),
            models.CheckConstraint(condition=Q(done__lte=F("total")), name="certificates_job_done_le_total"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, self.done * 100 // self.total)

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def has_results(self) -> bool:
        return self.status == self.Status.DONE and bool(self.pdf_file or self.zip_file) and self.purged_at is None


class CertificateJobItem(models.Model):
    """One certificate of a job; for delivery also what happened to its e-mail."""

    class Delivery(models.TextChoices):
        PENDING = "", _("Not sent yet")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    job = models.ForeignKey(CertificateJob, verbose_name=_("job"), on_delete=models.CASCADE, related_name="items")
    certificate = models.ForeignKey(
        Certificate, verbose_name=_("certificate"), on_delete=models.CASCADE, related_name="job_items"
    )
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices, blank=True, default="")
    email = models.EmailField(_("e-mail"), blank=True)
    error = models.CharField(_("reason of failure"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate job item")
        verbose_name_plural = _("certificate job items")
        ordering = ["job", "certificate__serial"]
        constraints = [
            models.UniqueConstraint(fields=["job", "certificate"], name="certificates_job_item_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.job_id}: {self.certificate_id}"
