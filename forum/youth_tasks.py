"""Retention of minors' data: run by `manage.py run_periodic` (settings.PERIODIC_JOBS), which production runs from
cron or a systemd timer (README). Idempotent: details already purged are skipped."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import ConsentLink, GuardianConsent, YouthDetails

logger = logging.getLogger(__name__)


def _delete_documents(consents) -> int:
    deleted = 0
    for consent in consents:
        if consent.document:
            name = consent.document.name
            storage = consent.document.storage
            # Delete the file once the row no longer names it (a failed commit keeps both).
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
            deleted += 1
    return deleted


def purge_expired_youth_data(*, today: datetime.date | None = None) -> str:
    """Delete the consent documents, the guardian's details, the date of birth and the chaperone's details of every
    youth delegate of a forum that ended more than settings.FORUM_YOUTH_RETENTION_DAYS days ago. What stays: the
    state of consent (`participation`, `consent_given_at`) and each decision (how, when, what, text version),
    without who signed it. Returns a summary ("" when there was nothing to do)."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.FORUM_YOUTH_RETENTION_DAYS)
    pending = YouthDetails.objects.filter(purged_at__isnull=True, registration__edition__ends_on__lt=cutoff)
    purged = documents = 0
    for pk in pending.values_list("pk", flat=True).iterator(chunk_size=200):
        with transaction.atomic():
            details = YouthDetails.objects.select_for_update().filter(pk=pk, purged_at__isnull=True).first()
            if details is None:
                continue
            consents = list(GuardianConsent.objects.filter(youth=details))
            documents += _delete_documents(consents)
            GuardianConsent.objects.filter(youth=details).update(signed_name="", document="", document_type="")
            ConsentLink.objects.filter(youth=details).delete()
            for field in ("guardian_name", "guardian_relationship", "guardian_email", "guardian_phone"):
                setattr(details, field, "")
            for field in ("chaperone_name", "chaperone_phone", "chaperone_email"):
                setattr(details, field, "")
            details.date_of_birth = None
            details.chaperone_registration = None
            details.purged_at = timezone.now()
            details.save()
            purged += 1
    if not purged:
        return ""
    logger.info("Youth data purged: %s delegates, %s documents", purged, documents)
    return f"purged the details of {purged} youth delegates and {documents} consent documents"
