"""The work of a delivery job: each item e-mailed by its kind, sent or failed recorded per recipient."""

import logging
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.emails import message_id_of
from people.mail import message_id_fixed
from people.tasks import is_transient

from .errors import DeliveryRefused, DeliverySkipped, JobFailed, JobTryLater
from .kinds import DeliveryKind
from .models import PrintJob, PrintJobItem
from .storage_errors import storage_down

logger = logging.getLogger(__name__)


def job_deliver(job: PrintJob, kind: DeliveryKind, *, chunk_size: int, progress: Callable[[int], None]) -> None:
    """Send every item not sent (or skipped) yet, in chunks: a retried job tries only those that failed.

    An item the kind refuses to send (DeliverySkipped: a revoked certificate) is reported as skipped and the job
    goes on. Raises JobFailed when any item failed, so the organiser can retry those.
    """
    items = list(job.items.order_by("pk"))
    done = sum(item.is_settled for item in items)
    progress(done)
    pending = [item for item in items if not item.is_settled]
    failed = for_now = 0
    for start in range(0, len(pending), chunk_size):
        part = pending[start : start + chunk_size]
        objects = {obj.pk: obj for obj in kind.items([item.item_id for item in part])}
        for item in part:
            transient = _deliver_one(kind, item, objects.get(item.item_id), attempt=job.attempts)
            if not item.is_settled:
                failed += 1
                for_now += transient
            done += 1
        progress(done)
    if failed:
        error = JobTryLater if for_now == failed else JobFailed
        raise error(
            _("%(failed)d of %(total)d e-mails could not be sent; see the report below.")
            % {"failed": failed, "total": job.total}
        )


def _deliver_one(kind: DeliveryKind, item: PrintJobItem, obj, *, attempt: int) -> bool:
    """Send one item and record what happened; True when it failed only for now (the server may take it later)."""
    transient = False
    item.email = kind.address(obj) if obj is not None else ""
    item.error = ""
    try:
        if obj is None:
            raise DeliveryRefused(_("It no longer exists."))
        if not item.email:
            raise DeliveryRefused(_("No e-mail address."))
        # At least once: an item sent when its worker died is sent again by the next, with the same Message-ID.
        with message_id_fixed(message_id_of("job", item.job_id, "item", item.pk)):
            kind.deliver(obj)
    except DeliverySkipped as skip:
        item.delivery, item.error = PrintJobItem.Delivery.SKIPPED, str(skip.message)[:500]
    except DeliveryRefused as refusal:
        item.delivery, item.error = PrintJobItem.Delivery.FAILED, str(refusal.message)[:500]
    except Exception as exc:  # SMTP refusals and rendering errors: reported per recipient
        logger.warning("Delivering item %s of job %s failed: %s", item.item_id, item.job_id, exc)
        transient = is_transient(exc) or storage_down(exc)  # S3 down for now: the job is tried again later
        tried = _("attempt %(number)d") % {"number": attempt}
        item.delivery, item.error = PrintJobItem.Delivery.FAILED, f"{type(exc).__name__}: {exc} ({tried})"[:500]
    else:
        item.delivery, item.sent_at = PrintJobItem.Delivery.SENT, timezone.now()
    item.save(update_fields=["delivery", "email", "error", "sent_at"])
    return transient
