"""What the station page's browser tests share (not a conftest: tests/forum/stations/conftest.py is the server
side's): a forum whose first day is today, people approved through the services (so each has a badge credential),
stations made as the organisers make them (their one-time link), and the station page's ways of saying what it
did."""

import datetime
import time
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from forum.models import Registration, YouthDetails
from forum.services.credentials import credential_issue
from forum.services.lifecycle import registration_approve
from forum.services.stations import station_create
from people.models import Organisation
from tests.factories import ForumEditionFactory, OrganisationFactory, RegistrationFactory, UserFactory

ZONE = "Asia/Phnom_Penh"


def venue_edition():
    """An edition whose first day is today in its time zone: its stations admit today."""
    today = timezone.now().astimezone(ZoneInfo(ZONE)).date()
    return ForumEditionFactory(
        starts_on=today,
        ends_on=today + datetime.timedelta(days=2),
        time_zone=ZONE,
        title_en="ASEAN Technology Forum on Child Protection Online 2027",
    )


def approve(edition, organiser, *, chaperone: str = "", status=None, **person):
    """An approved registration of `edition` with its badge credential (a youth delegate when `chaperone` is named;
    `status` written afterwards: approved once, not approved now)."""
    registration = RegistrationFactory(
        edition=edition,
        user=UserFactory(**person),
        category=Registration.Category.YOUTH if chaperone else Registration.Category.TECH_COMPANY,
        organisation=Organisation.objects.filter(name="Mekong Mobile").first()
        or OrganisationFactory(name="Mekong Mobile"),
        is_youth=bool(chaperone),
    )
    if chaperone:
        # Approval of a minor waits for consent and a chaperone (tests/forum/youth); the approved state is what
        # matters here, written with the credential approval would issue.
        YouthDetails.objects.create(registration=registration, chaperone_name=chaperone)
        registration.status = Registration.Status.APPROVED
        registration.save(update_fields=["status"])
        credential_issue(registration=registration)
    else:
        registration = registration_approve(registration=registration, by=organiser)
    if status is not None:
        Registration.objects.filter(pk=registration.pk).update(status=status)
        registration.refresh_from_db()
    return registration


def credential(registration):
    return registration.credentials.get(revoked_at__isnull=True)


def new_station(edition, organiser, name: str = "Main door", **door):
    """A station as an organiser creates it (a day door on the first day unless a session is named), and the path
    of its one-time opening link."""
    if "session" not in door and "day" not in door:
        door["day"] = edition.starts_on
    station, token = station_create(
        edition=edition,
        by=organiser,
        name=name,
        language=door.pop("language", "en"),
        expires_at=timezone.now() + datetime.timedelta(days=3),
        **door,
    )
    return station, reverse("forum:station", kwargs={"slug": edition.slug, "token": token})


def open_station(page, link: str, people: int) -> None:
    """Open the station's link and wait until its manifest of `people` is on the device."""
    page.goto(link)
    expect(page.locator("#st-people")).to_contain_text(f"{people} ", timeout=15000)


def scan(page, secret: str) -> float:
    """What a handheld scanner does (types the badge's code, then Enter); the seconds until the page answered."""
    before = page.locator("#st-result").get_attribute("data-scan")
    started = time.monotonic()
    page.fill("#st-q", secret)
    page.press("#st-q", "Enter")
    page.wait_for_function(
        "(before) => document.getElementById('st-result').dataset.scan !== before", arg=before, timeout=5000
    )
    return time.monotonic() - started


def result(page) -> tuple[str, str]:
    """The result on screen: its outcome and every word it says."""
    box = page.locator("#st-result")
    return box.get_attribute("data-outcome"), " ".join(box.inner_text().split())
