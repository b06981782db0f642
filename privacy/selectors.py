"""Reads for a person's privacy pages."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress

from certificates.models import Certificate
from forum.models import Registration
from trainings.models import Enrollment


def addresses_of(user, email_addresses: list[EmailAddress]) -> list[str]:
    """The e-mail addresses that are the person's, in lower case: the account's login (confirmed to sign in) and
    those of `email_addresses` (the account's, as allauth keeps them) confirmed as theirs. An address added but never
    confirmed proves nothing: anyone can type anyone's. The one rule of whose an address is, for the download of
    their own data and for the erasure."""
    confirmed = (address.email.lower() for address in email_addresses if address.verified)
    return sorted({user.email.lower(), *confirmed} - {""})


def person_addresses(user) -> list[str]:
    """addresses_of `user`, read in one query."""
    return addresses_of(user, list(EmailAddress.objects.filter(user=user)))


@dataclass(frozen=True)
class RegistrationLine:
    """One of the person's registrations on the erase page; `cancelled`: it will be cancelled (its forum has not
    begun and it still stands)."""

    edition_title: str
    reference: str
    cancelled: bool


@dataclass(frozen=True)
class ErasureOverview:
    """What the erase page tells the person before they confirm: their registrations, how many enrolments they have
    and their valid certificates (the choice of what becomes of them is offered only when there is one)."""

    registrations: list[RegistrationLine]
    enrolments: int
    certificates: list[Certificate]

    @property
    def cancelled(self) -> list[RegistrationLine]:
        return [line for line in self.registrations if line.cancelled]


def erasure_overview(*, user) -> ErasureOverview:
    """The person's registrations, enrolments and valid certificates, in three queries."""
    registrations = Registration.objects.filter(user=user).select_related("edition").order_by("-edition__starts_on")
    certificates = Certificate.objects.filter(recipient=user, status=Certificate.Status.VALID).order_by("-issued_at")
    return ErasureOverview(
        registrations=[
            RegistrationLine(
                edition_title=registration.edition.title,
                reference=registration.reference,
                cancelled=not registration.edition.has_begun and registration.can_be_cancelled,
            )
            for registration in registrations
        ],
        enrolments=Enrollment.objects.filter(user=user).count(),
        certificates=list(certificates),
    )
