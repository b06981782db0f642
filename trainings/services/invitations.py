"""A focal point enrols someone by e-mail (the company page's second form), and the invitation that follows.

What the focal point is told never depends on whom the address belongs to: an account or none, an organiser,
someone of another company, a minor. So:

- one of the company's people (`selectors.company.company_people`: they are on the focal point's page already, address
  included) is enrolled at once;
- any other address gets an e-mail with a personal link, and nothing is written: a new person chooses a password
  there, someone who has an account signs in and accepts. Only then do they become a confirmed member of the
  company and take a place in the cohort (if one is left then);
- a minor (`people.minors`) or a closed account gets nothing: a company does not contact a minor.

The focal point gets the same message and the same page in the last two cases. That the cohort is closed or full
does not depend on the address, so it is said at once.

The link is a signed, dated token that carries the invitation itself (address, names, language, company, cohort,
inviter): nothing is stored until the person accepts. It sets a password only while the address has no account,
so it does that once; then it asks the account holder to sign in.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from people.emails import absolute_url, send_templated_email
from people.minors import is_minor
from people.models import Membership, Organisation, User
from people.services import membership_confirm

from ..errors import CohortFull, EnrolmentClosed, InvitationRefused, TrainingError
from ..models import Cohort, Enrollment
from ..permissions import can_manage_company
from ..rules import enrolment_is_open
from ..selectors.company import company_people
from .enrolment import cohort_has_place, enrollment_enrol

INVITATION_SALT = "trainings.invitation.v2"
INVITATION_MAX_AGE_DAYS = 14  # the link also stops setting a password once the account exists


@dataclass(frozen=True)
class Invitation:
    email: str
    given_name: str
    family_name: str
    language: str
    organisation: Organisation
    cohort: Cohort
    inviter: User

    def account(self) -> User | None:
        return User.objects.filter(email__iexact=self.email).first()


@dataclass(frozen=True)
class Acceptance:
    """What accepting gave: the account, its enrolment, or why there is none (the cohort filled meanwhile...)."""

    user: User
    enrollment: Enrollment | None
    refusal: str = ""


def normalise_email(email: str) -> str:
    """One account per e-mail, in any case."""
    return User.objects.normalize_email(email).strip().lower()


@transaction.atomic
def company_enrol_by_email(
    *,
    cohort: Cohort,
    organisation: Organisation,
    email: str,
    given_name: str,
    family_name: str,
    language: str,
    by: User,
) -> Enrollment | None:
    """Enrol one of the company's people at once (their Enrollment), or e-mail anyone else an invitation (None).

    See the module's docstring: the answer is the same whoever holds the address. EnrolmentClosed and CohortFull
    are raised before anything else, for every address alike.
    """
    if not enrolment_is_open(cohort):
        raise EnrolmentClosed
    if not cohort_has_place(cohort):
        raise CohortFull
    email = normalise_email(email)
    account = User.objects.filter(email__iexact=email).first()
    if account is not None and company_people(organisation=organisation).filter(pk=account.pk).exists():
        return enrollment_enrol(cohort=cohort, user=account, organisation=organisation, by=by)
    if account is None or (account.is_active and not is_minor(account)):
        invitation = Invitation(
            email=account.email if account else email,
            given_name=given_name,
            family_name=family_name,
            language=language,
            organisation=organisation,
            cohort=cohort,
            inviter=by,
        )
        transaction.on_commit(lambda: invitation_send(invitation=invitation))
    return None


def invitation_token_make(*, invitation: Invitation) -> str:
    payload = {
        "e": invitation.email,
        "g": invitation.given_name,
        "f": invitation.family_name,
        "l": invitation.language,
        "o": invitation.organisation.pk,
        "c": invitation.cohort.pk,
        "b": invitation.inviter.pk,
    }
    return signing.dumps(payload, salt=INVITATION_SALT, compress=True)


def invitation_from_token(*, token: str) -> Invitation | None:
    """The invitation, or None when the link is forged or expired, or its company, cohort or inviter is gone (an
    inviter who no longer manages the company invites no one)."""
    try:
        payload = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE_DAYS * 24 * 3600)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    organisation = Organisation.objects.filter(pk=payload.get("o")).first()
    cohort = Cohort.objects.select_related("course").filter(pk=payload.get("c")).first()
    inviter = User.objects.filter(pk=payload.get("b"), is_active=True).first()
    if organisation is None or cohort is None or inviter is None or not can_manage_company(inviter, organisation):
        return None
    return Invitation(
        email=str(payload.get("e", "")),
        given_name=str(payload.get("g", "")),
        family_name=str(payload.get("f", "")),
        language=str(payload.get("l", "")),
        organisation=organisation,
        cohort=cohort,
        inviter=inviter,
    )


def invitation_is_used(*, invitation: Invitation, user: User) -> bool:
    """The person is a confirmed member of the company with a place in the cohort: nothing is left to accept."""
    member = Membership.objects.filter(
        user=user, organisation=invitation.organisation, status=Membership.Status.CONFIRMED
    ).exists()
    enrolled = Enrollment.objects.filter(
        user=user, cohort=invitation.cohort, status__in=Enrollment.HOLDING_PLACE
    ).exists()
    return member and enrolled


def invitation_send(*, invitation: Invitation) -> None:
    """E-mail the link, in the account holder's language if there is one, else in the language the focal point
    chose: a new person is asked to choose a password, an account holder to sign in and accept."""
    account = invitation.account()
    language = account.language if account is not None else invitation.language
    with translation.override(language):
        link = absolute_url(
            reverse("trainings:invitation", kwargs={"token": invitation_token_make(invitation=invitation)})
        )
    send_templated_email(
        template_prefix="trainings/email/invitation" if account is None else "trainings/email/invitation_account",
        to=invitation.email,
        language=language,
        context={
            "name": account.get_short_name() if account is not None else invitation.given_name,
            "cohort": invitation.cohort,
            "course": invitation.cohort.course,
            "organisation": invitation.organisation,
            "inviter": invitation.inviter,
            "link": link,
            "max_age_days": INVITATION_MAX_AGE_DAYS,
        },
    )


def _join(*, invitation: Invitation, user: User) -> Acceptance:
    membership, _created = Membership.objects.get_or_create(user=user, organisation=invitation.organisation)
    membership_confirm(membership=membership, by=invitation.inviter)
    try:
        enrollment = enrollment_enrol(
            cohort=invitation.cohort, user=user, organisation=invitation.organisation, by=invitation.inviter
        )
    except TrainingError as error:  # enrollment_enrol's own savepoint is rolled back; the membership stays
        return Acceptance(user=user, enrollment=None, refusal=str(error.message))
    return Acceptance(user=user, enrollment=enrollment)


@transaction.atomic
def invitation_accept_new(*, invitation: Invitation, password: str) -> Acceptance:
    """A new person chose a password: their account (e-mail address verified by the link), a confirmed membership
    of the company and, if a place is left, their enrolment."""
    try:
        with transaction.atomic():
            user = User(
                email=invitation.email,
                given_name=invitation.given_name,
                family_name=invitation.family_name,
                language=invitation.language,
            )
            user.set_password(password)
            user.save()
    except IntegrityError:
        # The account was created a moment ago (a second click): still one account per e-mail.
        raise InvitationRefused(
            _("An account with this e-mail address was created just now. Sign in to accept the invitation.")
        ) from None
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return _join(invitation=invitation, user=user)


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Acceptance:
    """The account holder the invitation was sent to accepts it, signed in: a confirmed membership of the company
    and, if a place is left, their enrolment."""
    if normalise_email(user.email) != normalise_email(invitation.email):
        raise InvitationRefused(_("This invitation was sent to another account."))
    return _join(invitation=invitation, user=user)
