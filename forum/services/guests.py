"""Organisers add invited guests and their own staff: everyone who wears a badge has a registration.

Such a registration (Registration.SEATLESS_CATEGORIES) is approved at once, takes no delegate's seat (the seat
arithmetic of forum.services.seats leaves it out), and has its history and its badge's credential like any other
(lifecycle.record). The person is an account: the one that holds the e-mail address, or a new one with the names
and language the organiser typed. A new account has no password: the person sets one through "forgot password" if
they want to sign in (to see their QR code on "my registration"); the badge and its e-mail reach them anyway. An
organiser may know whether an address has an account, unlike a company's focal point (trainings' invitations).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from people.models import Organisation, User
from people.services import organisation_get_or_create

from ..errors import AlreadyRegistered, BadgeError, NoSeatLeft
from ..models import ForumEdition, PolicyDocument, Registration
from ..selectors.editions import edition_current_policy
from .lifecycle import record
from .seats import Seats, edition_lock

Category = Registration.Category
ALREADY = _("%(person)s already has the registration %(reference)s for this forum.")
REASONS = {
    Category.GUEST: _("Added by the organisers as an invited guest."),
    Category.STAFF: _("Added by the organisers as organiser staff."),
}


def _person(
    *,
    email: str,
    given_name: str = "",
    family_name: str = "",
    native_name: str = "",
    language: str = "en",
    country: str,
) -> User:
    """The account of `email`, as it is; or a new one (no password yet) with the names and language given."""
    email = User.objects.normalize_email(email).strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        return existing
    if not given_name.strip():
        raise BadgeError(_("Give the given name of a person who has no account yet."), field="given_name")
    user = User(
        email=email,
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        native_name=native_name.strip(),
        language=language,
        country=country,
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # the same address, added a moment ago
        return User.objects.get(email__iexact=email)
    return user


def _organisation(*, organisation: Organisation | None, new_organisation_name: str, country: str, by: User):
    name = " ".join((new_organisation_name or "").split())
    if organisation is None and name:
        organisation = organisation_get_or_create(
            name=name, kind=Organisation.Kind.OTHER, country=country, created_by=by
        )
    if organisation is None:
        raise BadgeError(_("Choose the organisation from the directory or type its name."), field="organisation")
    return organisation


@transaction.atomic
def guest_add(*, edition: ForumEdition, by: User, category: str, **details) -> Registration:
    """A registration of an invited guest or a staff member (`category`), approved at once without taking a seat,
    for the account of `details`' email (created when there is none; `details`: the person's, as registration_add
    takes them). Raises AlreadyRegistered when the person has a registration for the edition already, BadgeError for
    a missing name or organisation or another category."""
    if category not in Registration.SEATLESS_CATEGORIES:
        raise BadgeError(_("Organisers add invited guests and organiser staff only."), field="category")
    return registration_add(edition=edition, by=by, category=category, reason=REASONS[category], **details)


@transaction.atomic
def registration_add(
    *,
    edition: ForumEdition,
    by: User,
    category: str,
    reason,
    organisation: Organisation | None = None,
    new_organisation_name: str = "",
    country: str,
    position: str = "",
    already=ALREADY,
    **person,
) -> Registration:
    """An approved registration that an organiser adds (a guest or staff member here, a walk-in at the venue:
    forum.services.walkins), in the caller's transaction: the person's account (`person`: email, names, language,
    as _person takes them) and organisation, then, under the edition lock, one registration per person
    (AlreadyRegistered with `already` otherwise) and a seat when the category takes one (NoSeatLeft otherwise: the
    caller's transaction is rolled back). Its history and badge credential come from lifecycle.record."""
    code = edition_current_policy(edition=edition, kind=PolicyDocument.Kind.CODE_OF_CONDUCT)
    privacy = edition_current_policy(edition=edition, kind=PolicyDocument.Kind.PRIVACY)
    if code is None or privacy is None:
        raise BadgeError(_("Add the code of conduct and the privacy notice of this forum first."))
    user = _person(country=country, **person)
    organisation = _organisation(
        organisation=organisation, new_organisation_name=new_organisation_name, country=country, by=by
    )

    edition = edition_lock(edition=edition)
    existing = Registration.objects.filter(edition=edition, user=user).first()
    if existing is not None:
        existing.edition = edition
        raise AlreadyRegistered(already % {"person": user.email, "reference": existing.reference}, field="email")
    if category not in Registration.SEATLESS_CATEGORIES:
        seats = Seats.read(edition)
        if not seats.fits(country):
            raise NoSeatLeft(seats.refusal(country))
    last = Registration.objects.filter(edition=edition).aggregate(last=Max("number"))["last"] or 0
    registration = Registration(
        edition=edition,
        user=user,
        number=last + 1,
        status=Registration.Status.APPROVED,
        category=category,
        organisation=organisation,
        position=position,
        country=country,
        code_of_conduct=code,
        privacy_notice=privacy,
    )
    # The relations were resolved here and the one registration per person checked under the lock.
    registration.full_clean(
        exclude=["edition", "user", "organisation", "code_of_conduct", "privacy_notice"],
        validate_unique=False,
        validate_constraints=False,
    )
    registration.save()
    record(registration=registration, from_status="", by=by, reason=reason)
    return registration
