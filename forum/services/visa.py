"""Passport details for a visa invitation letter, and their review.

Only a registration that needs a letter keeps passport details (unticking the box deletes them). A delegate who
changes them, or adds them, after approval sends them back to the organisers: the letter on the ministry's
letterhead prints them only once an organiser has checked them (`visa_letter_review`; approving a registration
reviews it too).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import User
from people.permissions import is_organiser

from ..errors import ForumError
from ..models import Registration, VisaRequest
from .seats import registration_lock

VISA_FIELDS = ("passport_name", "nationality", "passport_number", "passport_expiry")


def visa_request_prepare(*, registration: Registration, visa: dict | None) -> VisaRequest:
    """The registration's visa request with `visa`'s details (not saved, not checked)."""
    if not visa:
        raise ForumError(_("Give your passport details for the visa invitation letter."))
    request = None
    if registration.pk:
        request = VisaRequest.objects.filter(registration=registration).first()
    request = request or VisaRequest(registration=registration)
    for name in VISA_FIELDS:
        setattr(request, name, visa.get(name))
    return request


def visa_save(*, registration: Registration, visa: dict | None, review_changes: bool = False) -> None:
    """Passport details only when a letter is needed; unticking the box deletes what was stored.

    With `review_changes` (a delegate's change of an approved registration), new or changed details wait for an
    organiser's review before the letter prints them."""
    if not registration.needs_visa_letter:
        VisaRequest.objects.filter(registration=registration).delete()
        return
    request = visa_request_prepare(registration=registration, visa=visa)
    request.full_clean()
    if review_changes:
        before = VisaRequest.objects.filter(pk=request.pk).values(*VISA_FIELDS).first() if request.pk else None
        if before is None or any(str(before[name]) != str(getattr(request, name)) for name in VISA_FIELDS):
            request.needs_review = True
            request.changed_at = timezone.now()
    request.save()


def visa_reviewed(*, registration: Registration, by: User) -> int:
    """Mark changed details as checked by `by` (in the caller's transaction); how many requests were waiting."""
    return VisaRequest.objects.filter(registration=registration, needs_review=True).update(
        needs_review=False, reviewed_at=timezone.now(), reviewed_by=by
    )


@transaction.atomic
def visa_letter_review(*, registration: Registration, by: User) -> Registration:
    """An organiser has checked passport details changed after approval: the letter is available again."""
    if not is_organiser(by):
        raise ForumError(_("Only the organisers can review visa details."))
    registration_lock(registration=registration)
    if not visa_reviewed(registration=registration, by=by):
        raise ForumError(_("No visa details wait for a review."))
    return registration
