"""Nominators (DESIGN.md): organisers name them, with their places within the country's quota and a deadline;
the periodic jobs that release invitations not taken up by the deadline and remind nominators of places not used
a week before it (settings.PERIODIC_JOBS)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from people.emails import absolute_url, send_templated_email
from people.i18n import localized
from people.models import Organisation, User

from ..errors import NominationError
from ..models import ForumEdition, Nomination, Nominator, Registration
from ..nomination_rules import place_used_q
from .lifecycle import waitlist_promote
from .nominations import normalise_email, places_used, tell_withdrawn
from .seats import Seats, edition_lock

Status = Nomination.Status


# --- Organisers name nominators --------------------------------------------------------------------------------


def _nominator_checks(*, nominator: Nominator, edition: ForumEdition) -> None:
    if not edition.takes_nominations:
        raise NominationError(
            _(
                "This forum takes no nominations: choose “By nomination only” or “Open registration and nominations” "
                "in its settings first."
            ),
        )
    if not edition.is_published:
        raise NominationError(
            _("Publish the forum first: a nominator's page and their invitations' links open only then.")
        )
    if not nominator.pk and nominator.deadline <= timezone.now():
        raise NominationError(_("The deadline must be in the future."), field="deadline")
    if nominator.deadline > edition.registration_closes_at:
        raise NominationError(_("The deadline cannot be after registration closes."), field="deadline")
    if nominator.kind == Nominator.Kind.ORGANISATION and nominator.organisation is None:
        raise NominationError(_("Choose the organisation this focal point nominates for."), field="organisation")
    if nominator.kind == Nominator.Kind.COUNTRY:
        nominator.organisation = None
    if nominator.pk:
        used = places_used(nominator)
        if nominator.places < used:
            raise NominationError(
                _("%(used)s people of this delegation are invited or registered: the places cannot be fewer.")
                % {"used": used},
                field="places",
            )
    quota = edition.quotas.filter(country=nominator.country).values_list("seats", flat=True).first()
    if quota is not None:
        others = (
            Nominator.objects.filter(edition=edition, country=nominator.country)
            .exclude(pk=nominator.pk)
            .values_list("places", flat=True)
        )
        if sum(others) + nominator.places > quota:
            raise NominationError(
                _(
                    "The nominators of %(country)s would have %(places)s places, more than its quota of %(quota)s. "
                    "Give fewer places or raise the quota."
                )
                % {"country": nominator.country.name, "places": sum(others) + nominator.places, "quota": quota},
                field="places",
            )


@transaction.atomic
def nominator_save(
    *,
    edition: ForumEdition,
    email: str,
    kind: str,
    country: str,
    organisation: Organisation | None,
    places: int,
    deadline,
    by: User,
    nominator: Nominator | None = None,
) -> Nominator:
    """Name a nominator (or change one: `nominator`). The person needs an account; their places fit the country's
    quota together with the other nominators of that country, and never fall below what they already use. A person
    newly named is told by e-mail, with the link to their delegation's page."""
    edition = edition_lock(edition=edition)
    user = User.objects.filter(email__iexact=normalise_email(email), is_active=True).first()
    if user is None:
        raise NominationError(
            _("No account uses this e-mail address. Ask the focal point to create an account first."), field="email"
        )
    if nominator is None:
        if Nominator.objects.filter(edition=edition, user=user).exists():
            raise NominationError(_("This person is already a nominator of this forum."), field="email")
        nominator = Nominator(edition=edition, created_by=by)
    else:
        nominator = Nominator.objects.select_for_update().get(pk=nominator.pk, edition=edition)
        if nominator.nominations.exists():
            # Invitations name the delegation and keep places in its country: who nominates for what stays.
            if nominator.user_id != user.pk:
                raise NominationError(_("This nominator has invited people: the person cannot change."), field="email")
            if (kind, str(country), organisation) != (
                nominator.kind,
                str(nominator.country),
                nominator.organisation,
            ):
                raise NominationError(
                    _("This nominator has invited people: whom they nominate for cannot change."), field="kind"
                )
    nominator.user = user
    nominator.kind, nominator.country, nominator.organisation = kind, country, organisation
    nominator.places, nominator.deadline = places, deadline
    _nominator_checks(nominator=nominator, edition=edition)
    nominator.full_clean(exclude=["edition", "user", "created_by"], validate_constraints=False)
    named = nominator.pk is None
    nominator.save()
    if named:
        _tell_named(nominator)
    return nominator


def _tell_named(nominator: Nominator) -> None:
    """The person named is e-mailed, in their language, what they may do and the link to their delegation page."""
    _email_nominator(nominator, "forum/email/nominator_named")


@transaction.atomic
def nominator_remove(*, nominator: Nominator, by: User) -> None:
    """Remove a nominator none of whose nominees is registered: the people of their open invitations are told that
    it no longer stands, and the places those kept go to the waiting list."""
    edition = edition_lock(edition=nominator.edition)
    registered = nominator.nominations.filter(
        status=Status.TAKEN, registration__status__in=Registration.ACTIVE_STATUSES
    )
    if registered.exists():
        raise NominationError(_("People of this delegation are registered: the nominator cannot be removed."))
    for nomination in nominator.nominations.filter(status=Status.INVITED).select_related("nominator", "edition"):
        tell_withdrawn(nomination, replaced=False)
    nominator.delete()
    waitlist_promote(edition=edition)


# --- Periodic jobs (settings.PERIODIC_JOBS) ---------------------------------------------------------------------


def release_expired_nominations() -> str:
    """Invitations not taken up by their nominator's deadline release their place, and the waiting list's
    promotion runs for each edition concerned. Idempotent."""
    now = timezone.now()
    expired = Nomination.objects.filter(status=Status.INVITED, nominator__deadline__lte=now)
    editions = ForumEdition.objects.filter(pk__in=expired.values("edition"))
    released = promoted = 0
    for edition in editions:
        with transaction.atomic():
            edition = edition_lock(edition=edition)
            released += Nomination.objects.filter(
                edition=edition, status=Status.INVITED, nominator__deadline__lte=now
            ).update(status=Status.EXPIRED, token_hash="", is_head=False, status_changed_at=now)
            promoted += len(waitlist_promote(edition=edition))
    return f"{released} invitations released at their deadline, {promoted} registrations promoted"


REMINDER_DAYS = 7


def remind_nominators() -> str:
    """A week before their deadline, each nominator with places not used yet gets one reminder. Idempotent."""
    now = timezone.now()
    due = (
        Nominator.objects.filter(
            reminded_at__isnull=True,
            deadline__gt=now,
            deadline__lte=now + timezone.timedelta(days=REMINDER_DAYS),
            edition__is_published=True,
        )
        .annotate(used=Count("nominations", filter=place_used_q("nominations__")))
        .select_related("edition", "user", "organisation")
    )
    sent = 0
    seats: dict[int, Seats] = {}
    for nominator in due:
        unused = nominator.places - nominator.used
        if unused <= 0:
            continue
        if nominator.edition_id not in seats:
            seats[nominator.edition_id] = Seats.read(nominator.edition)
        # Only open invitations keep a place: a country whose seats self-registrants took has none to offer.
        usable = min(unused, seats[nominator.edition_id].country_left(nominator.country))
        if usable <= 0:
            continue
        with transaction.atomic():
            claimed = Nominator.objects.filter(pk=nominator.pk, reminded_at__isnull=True).update(reminded_at=now)
            if not claimed:
                continue
            _remind(nominator, unused=usable)
            sent += 1
    return f"{sent} nominators reminded of unused places"


def _remind(nominator: Nominator, *, unused: int) -> None:
    _email_nominator(nominator, "forum/email/nominator_reminder", unused=unused)


def _email_nominator(nominator: Nominator, template: str, **extra) -> None:
    """An e-mail to a nominator in their language, with their delegation, places, deadline (in the forum's time
    zone) and the link to their delegation's page, once the transaction commits."""
    user, edition = nominator.user, nominator.edition
    language = user.language or settings.LANGUAGE_CODE
    with translation.override(language):
        link = absolute_url(reverse("forum:delegation", kwargs={"slug": edition.slug}))
    context = {
        "name": user.get_short_name() or user.email,
        "edition_title": localized(edition, "title", language),
        "delegation": nominator.delegation_name,
        "places": nominator.places,
        "deadline": timezone.localtime(nominator.deadline, edition.zone),
        "link": link,
        **extra,
    }
    transaction.on_commit(
        lambda: send_templated_email(template_prefix=template, to=user.email, language=language, context=context)
    )
