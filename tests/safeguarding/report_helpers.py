"""What the reporter's page tests share: their URLs, a valid report, officers, and the block of a form field."""

import re

from django.urls import reverse
from django.utils import translation

from safeguarding.models import Concern, Officer
from safeguarding.services import concern_report
from tests.factories import UserFactory

WHAT = "A man at the coffee break asked a girl of the delegation for her phone number and photos."
VALID = {"what_happened": WHAT, "place": "forum", "danger_now": "no"}


def report_url(language: str = "en") -> str:
    with translation.override(language):
        return reverse("safeguarding:report")


def follow_up_url(token: str, language: str = "en") -> str:
    with translation.override(language):
        return reverse("safeguarding:follow_up", kwargs={"token": token})


def make_officer(**user) -> Officer:
    return Officer.objects.create(user=UserFactory(**user))


def reported(**data) -> tuple[Concern, str]:
    """A concern as the form sends it, and its follow-up link's token."""
    return concern_report(data={"what_happened": WHAT, "place": Concern.Place.FORUM, **data}, language="en")


def field_block(html: str, name: str) -> str:
    """The HTML of one field as crispy renders it (its label, input, help and errors), up to the next field."""
    start = html.index(f'id="div_id_{name}"')
    following = re.search(r'id="div_id_', html[start + 1 :])
    return html[start : start + 1 + following.start()] if following else html[start:]
