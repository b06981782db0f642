"""Shared helpers of the forum tests: a registration through the services, as the registration form hands it over."""

from forum.models import Registration
from forum.services.registration import registration_submit
from tests.factories import OrganisationFactory, UserFactory


def registration_data(**overrides) -> dict:
    """The registration form's answers as the services take them: an adult delegate's, with `overrides` (a new
    organisation unless one is given)."""
    data = {
        "category": Registration.Category.TECH_COMPANY,
        "organisation": overrides.pop("organisation") if "organisation" in overrides else OrganisationFactory(),
        "position": "Trust and safety lead",
        "country": "KH",
        "is_youth": False,
        "dietary_needs": "",
        "accessibility_needs": "",
        "photo_consent": True,
        "needs_visa_letter": False,
    }
    data.update(overrides)
    return data


def submit_adult(edition, user=None, visa=None, **overrides) -> Registration:
    """An adult delegate's registration (a new person unless `user` is given), through the service."""
    return registration_submit(
        edition=edition, user=user or UserFactory(), data=registration_data(**overrides), visa=visa
    )
