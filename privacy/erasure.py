"""Erasing a person at their request (/accounts/erase/): their account, registrations and attendance are anonymised,
the reports keep their counts, and their certificates stay verifiable with the name as printed or are revoked, as
they choose.

One transaction, under the account's lock, then the editions' locks in a fixed order (as the forum's services take
them), so nothing of theirs changes meanwhile and a refusal (privacy.rules.erasure_check, asked again here) leaves
everything as it was:

1. whom each of their registrations and enrolments reached is copied for the reports (forum and trainings' reach),
   so no total changes when the profile goes;
2. their registrations of editions not begun are cancelled through the forum's life cycle (the seat goes to the
   waiting list), without an e-mail to them; every registration forgets its personal data (forum.services.anonymise)
   and asks for no visa letter any more (its passport details are gone); their calendar feeds stop;
3. their invitations still open are withdrawn through the nominations' service (the place goes back, the link
   stops working, nobody is e-mailed); nominations of them, guest speaker rows with their address, their free-text
   survey answers and their addresses on print jobs are forgotten; enrolments, attendance and test attempts hold no
   personal text and stay;
4. their certificates (those issued to their account: `recipient`): kept ones lose only the e-mail address; revoked
   ones (and any revoked before) lose the names and their PDF;
5. the account: an address that reaches no one (`erased-<pk>@erased.invalid`), no names, position or whom they
   reached, no password, inactive, without its e-mail addresses and authenticators; the apps privacy may not read
   forget their part (people.erasure_sources);
6. the notes of e-mails sent to them, the queue's e-mails to them, the admin's log of their objects and the
   sessions of their devices are forgotten (privacy.traces).

"Their address" is the login or an address confirmed as theirs (privacy.selectors.addresses_of), never one added
and left unconfirmed: anyone can type anyone's address, and it would reach someone else's nominations, guest
speaker rows and e-mails.

What stays, by design: what a youth delegate's registration says of them as its parent, guardian or chaperone (the
names, addresses and phone numbers typed there, the consent signed) is that registration's data, not theirs: the
youth's consent and safety depend on it, and it goes with that registration at its forum's retention. E-mails to
other people that name them stay as privacy.traces says. The erase page says both.

Files (consent documents, certificate PDFs) are deleted once the transaction has committed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate
from certificates.services import certificate_revoke
from documents.models import PrintJobItem
from forum.models import ForumEdition, Nomination, Registration, SessionSpeaker
from forum.services import reach as forum_reach
from forum.services.agenda import agenda_feed_revoke
from forum.services.anonymise import nominations_anonymise, registration_anonymise
from forum.services.lifecycle import registration_cancel
from forum.services.nominations import nomination_withdraw
from forum.services.programme import guest_speakers_anonymise
from forum.services.seats import edition_lock
from people.erasure_sources import erasure_forget
from people.errors import DomainError
from people.models import User
from people.tasks import delivered_emails_prune
from surveys.models import SurveyAnswer
from trainings.services import reach as trainings_reach

from .rules import erasure_check
from .traces import Marks, admin_log_forget, queued_tasks_forget, sent_emails_forget, sessions_forget

KEEP, REVOKE = "keep", "revoke"
# Kept in the source language and translated when shown (certificates/verify_result.html): anyone who verifies the
# certificate reads it.
WITHDRAWN = _("Withdrawn by the holder.")
ERASED_DOMAIN = "erased.invalid"


class ErasureRefused(DomainError):
    """The account may not be erased now (privacy.rules), or the request was not complete."""


@dataclass(frozen=True)
class ErasureSummary:
    """What an erasure did, in counts."""

    registrations: int
    cancelled: int
    certificates_kept: int
    certificates_revoked: int
    emails_forgotten: int


def erased_address(user: User) -> str:
    return f"erased-{user.pk}@{ERASED_DOMAIN}"


def _on_commit_delete(storage, name: str) -> None:
    # The file goes once no row names it any more (a rollback keeps both).
    transaction.on_commit(lambda: storage.delete(name))


def _invitations(marks: Marks):
    """The person's invitations still open (to one of their addresses)."""
    return Nomination.objects.filter(_address_q("email", marks.addresses), status=Nomination.Status.INVITED)


def _editions_lock(user: User, marks: Marks) -> None:
    """Lock the editions of the person's registrations and open invitations, in the order of their ids (two erasures
    never wait for each other in a circle); a status changes only under its edition's lock (forum.services.seats)."""
    ids = set(Registration.objects.filter(user=user).values_list("edition_id", flat=True))
    ids |= set(_invitations(marks).values_list("edition_id", flat=True))
    for edition in ForumEdition.objects.filter(pk__in=ids).order_by("pk"):
        edition_lock(edition=edition)


def _registrations_erase(user: User) -> tuple[int, int]:
    """Step 2 (the editions are locked): (registrations anonymised, registrations cancelled)."""
    registrations = list(Registration.objects.filter(user=user).select_related("edition").order_by("pk"))
    cancelled = 0
    for registration in registrations:
        if not registration.edition.has_begun and registration.can_be_cancelled:
            # The person hears nothing of it; whoever gets the seat is told as always.
            registration_cancel(registration=registration, by=user, notify=False)
            cancelled += 1
        registration_anonymise(registration)
        agenda_feed_revoke(registration=registration)
    Registration.objects.filter(user=user, needs_visa_letter=True).update(needs_visa_letter=False)
    return len(registrations), cancelled


def _address_q(field: str, addresses: tuple[str, ...]) -> Q:
    """Rows whose `field` is one of `addresses`, whatever its case."""
    return reduce(or_, (Q(**{f"{field}__iexact": address}) for address in addresses), Q(pk__in=[]))


def _mentions_erase(user: User, marks: Marks) -> None:
    """Step 3 (the editions are locked)."""
    for nomination in _invitations(marks).order_by("pk"):
        # Its place goes back (to the delegation, and meanwhile to the waiting list); the person hears nothing.
        nomination_withdraw(nomination=nomination, by=user, notify=False)
    nominations_anonymise(Nomination.objects.filter(Q(registration__user=user) | _address_q("email", marks.addresses)))
    guest_speakers_anonymise(SessionSpeaker.objects.filter(_address_q("guest_email", marks.addresses)))
    SurveyAnswer.objects.filter(response__respondent=user).exclude(text="").update(text="")
    PrintJobItem.objects.filter(_address_q("email", marks.addresses)).update(email="", error="")


def _certificates_erase(user: User, *, keep: bool) -> tuple[int, int]:
    """Step 4: (certificates kept, certificates revoked now). Only those issued to the account: one issued to an
    address without an account (a guest speaker's) is that person's, whatever address it names."""
    with translation.override(settings.LANGUAGE_CODE):
        reason = str(WITHDRAWN)
    kept = revoked = 0
    for certificate in Certificate.objects.select_for_update().filter(recipient=user).order_by("pk"):
        if certificate.is_valid and keep:
            Certificate.objects.filter(pk=certificate.pk).update(recipient_email="")
            kept += 1
            continue
        if certificate.is_valid:
            certificate_revoke(certificate=certificate, reason=reason, by=user, notify=False, by_holder=True)
            revoked += 1
        if certificate.pdf_file:
            _on_commit_delete(certificate.pdf_file.storage, certificate.pdf_file.name)
        Certificate.objects.filter(pk=certificate.pk).update(
            recipient_email="", recipient_name_latin="", recipient_name_native="", pdf_file="", pdf_cached_version=0
        )
    return kept, revoked


def _account_erase(user: User) -> None:
    """Step 5 (the account row is locked)."""
    user.email = erased_address(user)
    user.given_name = user.family_name = user.native_name = user.position = ""
    user.sex = user.age_band = user.country = ""
    user.is_active = user.is_staff = user.is_superuser = user.is_organiser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()


@transaction.atomic
def person_erase(user: User, *, certificates: str) -> ErasureSummary:
    """Erase `user` (see the module's docstring); `certificates` is KEEP or REVOKE. Raises ErasureRefused when
    privacy.rules.erasure_check refuses (nothing changes then)."""
    if certificates not in (KEEP, REVOKE):
        raise ErasureRefused(_("Choose whether your certificates stay or are revoked."), field="certificates")
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.email == erased_address(user):
        raise ErasureRefused(_("This account is already erased."))
    refusal = erasure_check(user)
    if refusal:
        raise ErasureRefused(refusal)
    marks = Marks.of(user)
    _editions_lock(user, marks)
    forum_reach.reach_record_person(user=user)
    trainings_reach.reach_record_person(user=user)
    registrations, cancelled = _registrations_erase(user)
    _mentions_erase(user, marks)
    kept, revoked = _certificates_erase(user, keep=certificates == KEEP)
    _account_erase(user)
    erasure_forget(user=user, addresses=list(marks.addresses))
    emails = sent_emails_forget(marks) + queued_tasks_forget(marks)
    delivered_emails_prune()
    admin_log_forget(marks)
    sessions_forget(user)
    return ErasureSummary(
        registrations=registrations,
        cancelled=cancelled,
        certificates_kept=kept,
        certificates_revoked=revoked,
        emails_forgotten=emails,
    )
