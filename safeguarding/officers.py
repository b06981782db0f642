"""What organisers decide about safeguarding, without ever reading a case: who the officers are, the emergency
numbers a reporter reads first, and how long closed cases are kept; and the periodic job that erases the content
of closed cases at the end of that time (settings.PERIODIC_JOBS), leaving a count by status."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import User

from .errors import SafeguardingError
from .models import CONTENT_FIELDS, AccessLog, Attachment, CaseEntry, Concern, EmergencyContacts, Officer, Retention
from .services import email_on_commit, log

CONTACT_FIELDS = ("officer_phone", "helpline_name", "helpline_phone", "police_phone")


def _tell_other_officers(*, template: str, person: User, by: User, exclude_user: User) -> None:
    """The other officers learn who was named or removed, and by whom; with no other officer, the organisers do (a
    change of who reads the cases never goes unseen)."""
    officers = Officer.objects.select_related("user").exclude(user=exclude_user).filter(user__is_active=True)
    people = [officer.user for officer in officers] or list(
        User.objects.filter(is_organiser=True, is_active=True).exclude(pk__in=[exclude_user.pk, by.pk])
    )
    recipients = [(user.email, user.language or settings.LANGUAGE_CODE) for user in people]
    context = {"person": person.get_full_name() or person.email, "by": by.get_full_name() or by.email}
    email_on_commit(recipients, template=template, context=context, view="safeguarding:cases")


def _tell_the_person(user: User, *, template: str, name: str, by: User) -> None:
    """The person named or removed learns it, and by whom, in their own language."""
    recipients = [(user.email, user.language or settings.LANGUAGE_CODE)]
    context = {"person": name, "by": by.get_full_name() or by.email}
    email_on_commit(recipients, template=template, context=context, view="safeguarding:cases")


@transaction.atomic
def officer_appoint(*, email: str, by: User) -> Officer:
    """Name an officer by the e-mail of their account. They must set up two-factor authentication before opening
    a case; they are told, and so are the other officers."""
    user = User.objects.filter(email__iexact=(email or "").strip(), is_active=True).first()
    if user is None:
        raise SafeguardingError(
            _("No account uses this e-mail address. Ask the person to create an account first."), field="email"
        )
    if Officer.objects.filter(user=user).exists():
        raise SafeguardingError(_("This person is already a safeguarding officer."), field="email")
    if user.pk == by.pk:
        # Nobody gives themselves access to the cases: another organiser names them, and the officers are told.
        raise SafeguardingError(_("You cannot name yourself: ask another organiser."), field="email")
    officer = Officer.objects.create(user=user, appointed_by=by)
    log(concern=None, actor=by, action=AccessLog.Action.APPOINTED, detail=user.email)
    _tell_other_officers(template="safeguarding/email/officer_appointed", person=user, by=by, exclude_user=user)
    _tell_the_person(
        user, template="safeguarding/email/you_are_officer", name=user.get_short_name() or user.email, by=by
    )
    return officer


@transaction.atomic
def officer_remove(*, officer: Officer, by: User) -> None:
    """Remove an officer: the cases they owned have no owner until another officer takes them."""
    user = officer.user
    Concern.objects.filter(owner=officer).update(owner=None)
    officer.delete()
    log(concern=None, actor=by, action=AccessLog.Action.REMOVED, detail=user.email)
    _tell_other_officers(template="safeguarding/email/officer_removed", person=user, by=by, exclude_user=user)
    # The person removed is told too: a removal they did not expect is seen.
    _tell_the_person(
        user, template="safeguarding/email/officer_removed", name=user.get_full_name() or user.email, by=by
    )


@transaction.atomic
def contacts_save(*, edition, data: dict, by: User) -> EmergencyContacts:
    """The emergency numbers of an edition (or, `edition` None, of everything else)."""
    contacts = EmergencyContacts.objects.select_for_update().filter(edition=edition).first()
    contacts = contacts or EmergencyContacts(edition=edition)
    for field in CONTACT_FIELDS:
        setattr(contacts, field, (data.get(field) or "").strip())
    contacts.updated_by = by
    contacts.full_clean(exclude=["edition", "updated_by"], validate_constraints=False)
    contacts.save()
    return contacts


def retention_get() -> Retention:
    return Retention.objects.order_by("pk").first() or Retention()


@transaction.atomic
def retention_set(*, days: int, by: User) -> Retention:
    retention = Retention.objects.select_for_update().order_by("pk").first() or Retention()
    before = retention.days_after_closing if retention.pk else None
    retention.days_after_closing = days
    retention.updated_by = by
    retention.full_clean(exclude=["updated_by"])
    retention.save()
    if before != days:
        log(concern=None, actor=by, action=AccessLog.Action.CHANGED, detail=f"retention: {before} → {days} days")
    return retention


def erase_closed_cases() -> str:
    """The periodic job: closed cases whose retention has ended lose their content (what was reported, the
    reporter's name and contact, every note, action, referral, message and attachment, and the follow-up link);
    the case row stays with its status and dates, so reports still count it. Idempotent."""
    cutoff = timezone.now() - timezone.timedelta(days=retention_get().days_after_closing)
    due = Concern.objects.filter(status=Concern.Status.CLOSED, closed_at__lte=cutoff, erased_at__isnull=True)
    erased = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            # Read again under the lock: a case reopened meanwhile is left alone.
            concern = due.select_for_update().filter(pk=pk).first()
            if concern is None:
                continue
            attachments = list(Attachment.objects.filter(concern=concern))
            files = [(attachment.file.storage, attachment.file.name) for attachment in attachments]
            Attachment.objects.filter(concern=concern).delete()
            CaseEntry.objects.filter(concern=concern).delete()
            Concern.objects.filter(pk=concern.pk).update(
                **dict.fromkeys(CONTENT_FIELDS, ""),
                reporter_language="",
                token_hash="",
                owner=None,
                erased_at=timezone.now(),
            )
            log(concern=concern, actor=None, action=AccessLog.Action.ERASED)
            # The files go once the rows are gone for good (a rollback keeps both).
            transaction.on_commit(lambda files=files: [storage.delete(name) for storage, name in files])
            erased += 1
    return f"{erased} closed safeguarding cases erased at the end of their retention"
