"""The work of a building job (documents.kinds.BuildKind): its one item's files, made by its kind step by step.

The kind says how many steps the item takes (the progress bar's whole) and reports each one done; the files it
returns are attached to the job (saved by the caller, documents.jobs.job_run), under a random name in private
storage.
"""

from collections.abc import Callable

from django.core.files.base import ContentFile
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _

from .errors import JobFailed
from .kinds import BuildKind
from .models import PrintJob


def job_build(job: PrintJob, kind: BuildKind, *, progress: Callable[[int], None]) -> None:
    """Build the job's item and attach each of the kind's parts to `job`. Raises JobFailed when the item is gone;
    the kind's own failures propagate (documents.jobs.job_run marks the job failed with their reason)."""
    item_id = job.items.order_by("pk").values_list("item_id", flat=True).first()
    item = kind.items([item_id]).first() if item_id is not None else None
    if item is None:
        raise JobFailed(_("It no longer exists."))
    job.total = max(1, kind.steps(item))
    job.save(update_fields=["total", "updated_at"])
    progress(0)
    files = kind.build(item, progress)
    token = get_random_string(12)
    for part in kind.parts:
        job.result_file(part).save(f"{job.pk}-{token}.{part}", ContentFile(files[part]), save=False)
