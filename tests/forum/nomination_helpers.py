"""Shared helpers of the nomination tests: an edition that takes nominations with a country's quota partly held, a
waiting list in a known order, and a nominee taking up their invitation the way the invitation page does
(registration_submit with the nomination read from its link)."""

import re

from forum.models import ForumEdition, Nomination, Registration
from forum.selectors.nominations import nomination_from_token
from forum.services.registration import registration_submit
from tests.factories import CountryQuotaFactory, ForumEditionFactory, NominatorFactory, RegistrationFactory, UserFactory
from tests.forum.helpers import registration_data

S = Registration.Status
N = Nomination.Status
LINK = re.compile(r"/invitation/(?P<token>[^/\s]+)/")


def nominations_edition(*, capacity=60, mode=ForumEdition.Mode.AUTO, quota=None, approved=0, country="VN"):
    """An open edition taking nominations and self-registrants; `country` gets a quota of `quota` seats (None: no
    quota) and `approved` delegates already approved."""
    edition = ForumEditionFactory(capacity=capacity, mode=mode, intake=ForumEdition.Intake.BOTH)
    if quota is not None:
        CountryQuotaFactory(edition=edition, country=country, seats=quota)
    RegistrationFactory.create_batch(approved, edition=edition, status=S.APPROVED, country=country)
    return edition


def nominator_of(edition, *, places=2, country="VN", **kwargs):
    return NominatorFactory(edition=edition, places=places, country=country, **kwargs)


def waiting(edition, count, *, country="VN") -> list[Registration]:
    """`count` self-registrants on the waiting list, the first the oldest (promotion goes by creation, then pk)."""
    return RegistrationFactory.create_batch(count, edition=edition, status=S.WAITLISTED, country=country)


def take_up(nomination, *, user=None, token=None, **overrides) -> Registration:
    """The nominee registers from their personal link (`token`, else the factory's `nomination.token`), as a new
    person with the invited address unless `user` is given."""
    found = nomination_from_token(edition=nomination.edition, token=token or nomination.token)
    assert found is not None, "the personal link is not found"
    return registration_submit(
        edition=found.edition,
        user=user or UserFactory(email=found.email),
        data=registration_data(**overrides),
        visa=None,
        nomination=found,
    )


def token_in(message) -> str:
    """The personal link's token in an invitation e-mail."""
    return LINK.search(message.body)["token"]


def status_of(obj) -> str:
    obj.refresh_from_db()
    return obj.status
