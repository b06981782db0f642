"""Shared helpers of the youth delegate tests: a youth registration through the services, the guardian's link, and
the guardian's answer (through the link, or on a paper form an organiser records)."""

import datetime
import re

from django.core import mail

from forum.models import Registration
from forum.services.consent import CONSENT_TEXT_VERSION, guardian_consent_decide, guardian_consent_record_paper
from forum.services.registration import registration_submit
from tests.factories import UserFactory
from tests.forum.helpers import registration_data

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


def submit_youth(edition, user=None, youth=None, **overrides) -> Registration:
    """A youth delegate's registration (a new Khmer-speaking person unless `user` is given), through the service."""
    data = {
        "category": "youth",
        "position": "Youth ambassador",
        "is_youth": True,
        "photo_consent": True,  # ticked by the youth: only the guardian's answer counts
        "youth": youth if youth is not None else youth_data(edition),
        **overrides,
    }
    return registration_submit(
        edition=edition, user=user or UserFactory(language="km"), data=registration_data(**data), visa=None
    )


def guardian_token(to: str = "dara.guardian@example.org") -> str:
    """The token of the newest link e-mailed to `to`."""
    for message in reversed(mail.outbox):
        if to in message.to:
            match = LINK.search(message.body)
            if match:
                return match.group(1)
    raise AssertionError(f"no consent link was e-mailed to {to}")


def answer(participation=True, name=False, photos=False, signed="Chea Dara") -> dict:
    """The guardian's answer as the consent services take it: yes to participation, no to the name and photos."""
    return {"participation": participation, "name_consent": name, "photo_consent": photos, "signed_name": signed}


def decide(token, version=CONSENT_TEXT_VERSION, **answered):
    """The guardian answers through the link with this token (`answered`: as `answer` takes it)."""
    return guardian_consent_decide(token=token, text_version=version, **answer(**answered))


def record_paper(registration, *, by, document, **answered):
    """An organiser records the guardian's paper form, with its scan or photo (`answered`: as `answer` takes it)."""
    return guardian_consent_record_paper(registration=registration, by=by, document=document, **answer(**answered))


def born_years_before(day: datetime.date, years: int) -> datetime.date:
    return day.replace(year=day.year - years, day=1)
