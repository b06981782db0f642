"""What running the site on several machines needs to keep in the database."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult


class TaskLease(models.Model):
    """A running task's lease: its worker renews it while the task runs (operations.worker) and removes it when the
    task ends. A lease past `expires_at` belongs to a worker that died: the reaper (operations.tasks.tasks_reap)
    puts its task back in the queue for another worker."""

    task = models.OneToOneField(
        DBTaskResult, verbose_name=_("task"), on_delete=models.CASCADE, primary_key=True, related_name="lease"
    )
    worker_id = models.CharField(_("worker"), max_length=64)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("task lease")
        verbose_name_plural = _("task leases")

    def __str__(self) -> str:
        return f"{self.task_id} ({self.worker_id})"
