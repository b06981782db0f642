"""Pages that show a person's data are never kept by a shared cache or the browser: `Cache-Control: private,
no-store` (people.private_pages.PrivatePagesMiddleware for every signed-in page; `private_page` for the few that a
secret link opens without signing in)."""

import pytest
from django.test import Client
from django.urls import reverse

from forum.services.agenda import agenda_feed_renew
from forum.services.programme import programme_publish
from tests.factories import (
    CertificateFactory,
    FocalPointFactory,
    OrganisationFactory,
    OrganiserFactory,
    RegistrationFactory,
    UserFactory,
    VisaRequestFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    delegate = UserFactory(given_name="Sokha", family_name="Chan")
    registration = RegistrationFactory(user=delegate, status="approved", needs_visa_letter=True)
    VisaRequestFactory(registration=registration)
    edition = registration.edition
    programme_publish(edition=edition)
    company = OrganisationFactory()
    focal_point = FocalPointFactory(organisation=company).user
    certificate = CertificateFactory(recipient=delegate)
    return {
        "delegate": delegate,
        "registration": registration,
        "edition": edition,
        "company": company,
        "focal_point": focal_point,
        "organiser": OrganiserFactory(with_totp=True),
        "certificate": certificate,
        "feed": agenda_feed_renew(registration=registration),
    }


SIGNED_IN_PAGES = {
    "profile": ("delegate", lambda w: reverse("profile")),
    "my_registration": ("delegate", lambda w: reverse("forum:registration", args=[w["edition"].slug])),
    "registration_edit": ("delegate", lambda w: reverse("forum:registration_edit", args=[w["edition"].slug])),
    "registration_cancel": ("delegate", lambda w: reverse("forum:registration_cancel", args=[w["edition"].slug])),
    "my_agenda": ("delegate", lambda w: reverse("forum:my_agenda", args=[w["edition"].slug])),
    "my_certificates": ("delegate", lambda w: reverse("certificates:mine")),
    "certificate_pdf": ("delegate", lambda w: reverse("certificates:pdf", args=[w["certificate"].code])),
    "home": ("delegate", lambda w: reverse("home")),  # the menu shows the person's name
    "company": ("focal_point", lambda w: reverse("trainings:company", args=[w["company"].pk])),
    "organiser_registrations": (
        "organiser",
        lambda w: reverse("forum_organiser:registrations", args=[w["edition"].slug]),
    ),
    "organiser_registration": (
        "organiser",
        lambda w: reverse("forum_organiser:registration", args=[w["edition"].slug, w["registration"].pk]),
    ),
    "organiser_index": ("organiser", lambda w: reverse("organiser:index")),
}


def _is_private(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives and "public" not in directives


@pytest.mark.parametrize("page", SIGNED_IN_PAGES)
def test_signed_in_pages_are_private_and_not_stored(client, world, page):
    who, url = SIGNED_IN_PAGES[page]
    client.force_login(world[who])
    response = client.get(url(world))
    assert response.status_code == 200, response.status_code
    assert _is_private(response), response.get("Cache-Control")


def test_an_error_page_for_a_signed_in_person_is_not_stored_either(client, world):
    client.force_login(world["delegate"])
    response = client.get(reverse("trainings:company", args=[world["company"].pk]))
    assert response.status_code == 404
    assert _is_private(response)


def test_the_secret_agenda_feed_is_private_without_signing_in(world):
    url = reverse("forum:my_agenda_ics", args=[world["edition"].slug, world["feed"].token])
    response = Client().get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert _is_private(response), response.get("Cache-Control")


def test_public_pages_for_anonymous_visitors_may_still_be_cached(world):
    response = Client().get(reverse("forum:programme", args=[world["edition"].slug]))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
