"""Organiser power needs two-factor authentication everywhere, not only in the organiser console: an organiser who
has not set up an authenticator has the role but no power. That they then get, on every page where organisers may
do or see more, exactly what a signed-in person with no tie to the object gets (and change nothing) is asserted for
every URL by tests/test_permissions.py (its organiser_no_mfa role)."""

import pytest

from people.permissions import has_organiser_role, is_organiser
from tests.factories import OrganiserFactory

pytestmark = pytest.mark.django_db


def test_organiser_without_authenticator_has_the_role_but_no_power():
    without = OrganiserFactory(with_totp=False)
    assert has_organiser_role(without) and not is_organiser(without)
    assert not without.has_perm("forum.change_registration")
    assert is_organiser(OrganiserFactory())
