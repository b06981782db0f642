"""Shared helpers of the youth delegate tests: a youth registration through the services, the guardian's link."""

import datetime
import re

from django.core import mail

from forum.models import Registration
from forum.services.registration import registration_submit
from tests.factories import OrganisationFactory, UserFactory

S = Registration.Status
LINK = re.compile(r"https?://[^\s]+/(?:en|km)/forum/consent/([^/\s]+)/")


def youth_data(edition, **overrides) -> dict:
    data = {
        "date_of_birth": edition.starts_on.replace(year=edition.starts_on.year - 15, day=1),
        "guardian_name": "Chea Dara",
        "guardian_relationship": "mother",
        "guardian_email": "dara.guardian@example.org",
        "guardian_phone": "+855 12 345 678",
        "guardian_language": "km",
        "chaperone_name": "Sok Vanna",
        "chaperone_phone": "+855 17 222 333",
        "chaperone_email": "",
    }
    data.update(overrides)
    return data


def registration_data(edition, *, youth: dict | None = None, **overrides) -> dict:
    data = {
        "category": "youth",
        "organisation": OrganisationFactory(),
        "position": "Youth ambassador",
        "country": "KH",
        "is_youth": True,
        "photo_consent": True,  # ticked by the youth: only the guardian's answer counts
        "youth": youth if youth is not None else youth_data(edition),
    }
    data.update(overrides)
    return data


def submit_youth(edition, user=None, youth=None, **overrides) -> Registration:
    user = user or UserFactory(language="km")
    return registration_submit(
        edition=edition, user=user, data=registration_data(edition, youth=youth, **overrides), visa=None
    )


def submit_adult(edition, user=None, **overrides) -> Registration:
    data = {
        "category": "tech_company",
        "organisation": OrganisationFactory(),
        "position": "Lead",
        "country": "KH",
        "is_youth": False,
        **overrides,
    }
    return registration_submit(edition=edition, user=user or UserFactory(), data=data, visa=None)


def guardian_token(to: str = "dara.guardian@example.org") -> str:
    """The token of the newest link e-mailed to `to`."""
    for message in reversed(mail.outbox):
        if to in message.to:
            match = LINK.search(message.body)
            if match:
                return match.group(1)
    raise AssertionError(f"no consent link was e-mailed to {to}")


def born_years_before(day: datetime.date, years: int) -> datetime.date:
    return day.replace(year=day.year - years, day=1)
