"""Forgetting what a registration says about a person, in one place: the youth retention (forum.services.consent),
the retention of past editions and a person's erasure (privacy) all call these. What stays is what the reports
count: the registration itself (its status, category, organisation, country, whom it reached), its check-ins
and its history of statuses, without the reasons typed there."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ..models import (
    AttendanceOverride,
    ConsentLink,
    GuardianConsent,
    Nomination,
    Registration,
    RegistrationEvent,
    VisaRequest,
    YouthDetails,
)

# What an attendance override's reason says once forgotten.
ERASED_REASON = "—"


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


def youth_details_purge(details: YouthDetails) -> int:
    """Delete a youth delegate's consent documents, the guardian's and the chaperone's details and the date of
    birth (the caller holds the row's lock). What stays: the state of consent and each decision (how, when, what,
    text version) without who signed it. Returns how many documents went."""
    consents = list(GuardianConsent.objects.filter(youth=details))
    documents = _delete_documents(consents)
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
    return documents


def passports_erase(registrations) -> int:
    """Delete the passport details (name as in the passport, number, expiry) of `registrations` (a queryset);
    returns how many went. A visa letter cannot be printed again afterwards."""
    return VisaRequest.objects.filter(registration__in=registrations).delete()[0]


def nominations_anonymise(nominations) -> int:
    """Forget the names and addresses typed for `nominations` (a queryset): each keeps its delegation and status,
    under an address that reaches no one."""
    count = 0
    for pk in nominations.exclude(name="", email__endswith="@erased.invalid").values_list("pk", flat=True):
        count += Nomination.objects.filter(pk=pk).update(name="", email=f"nomination-{pk}@erased.invalid")
    return count


@transaction.atomic
def registration_anonymise(registration: Registration) -> None:
    """Forget what `registration` says of its person beyond the counts: position, dietary and accessibility needs,
    passport details, the youth details, the reasons typed in its history and attendance corrections, and the
    nomination's typed name and address. The account (people) is the caller's business."""
    Registration.objects.filter(pk=registration.pk).update(position="", dietary_needs="", accessibility_needs="")
    registration.position = registration.dietary_needs = registration.accessibility_needs = ""
    passports_erase(Registration.objects.filter(pk=registration.pk))
    details = YouthDetails.objects.select_for_update().filter(registration=registration, purged_at__isnull=True)
    for youth in details:
        youth_details_purge(youth)
    RegistrationEvent.objects.filter(registration=registration).exclude(reason="").update(reason="")
    # An override's reason is never empty (a check constraint): the dash pages show for what is not known.
    AttendanceOverride.objects.filter(registration=registration).update(reason=ERASED_REASON, removal_reason="")
    nominations_anonymise(Nomination.objects.filter(registration=registration))
