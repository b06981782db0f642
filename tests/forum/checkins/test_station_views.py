"""The station's own URLs (forum.views.stations): the one-time link exchanged once for the device's cookie, a second
device refused, the cookie alone afterwards, 403 JSON for the manifest and the sync, the station's language; the
organisers' pages (forum.views.stations_organiser), their link shown once, and the list's queries pinned."""

import datetime
import json
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forum.models import CheckIn, Registration, Station, YouthDetails
from forum.selectors.badges import credential_digest
from forum.services.checkins import scans_sync
from forum.services.credentials import credential_reissue
from forum.services.stations import station_revoke
from tests.documents.pdfs import pdftotext
from tests.factories import OrganisationFactory, UserFactory

from .helpers import approved_people, make_station, scan


def urls(station, token=None):
    kwargs = {"slug": station.edition.slug, "token": token or station.token}
    return {name: reverse(f"forum:{name}", kwargs=kwargs) for name in ("station", "station_manifest", "station_sync")}


def opened(station) -> Client:
    device = Client(enforce_csrf_checks=True)
    response = device.get(urls(station)["station"])
    assert response.status_code == 200
    return device


def sync(device, station, scans):
    csrf = device.cookies["csrftoken"].value
    return device.post(
        urls(station)["station_sync"],
        json.dumps({"scans": scans}),
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )


def test_link_opens_once_and_the_cookie_lets_the_device_back(station):
    device = opened(station)
    cookie = device.cookies[f"station-{station.pk}"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/"
    assert int(cookie["max-age"]) > 2 * 24 * 3600
    station.refresh_from_db()
    assert station.opened_at is not None and station.device_hash
    assert device.get(urls(station)["station"]).status_code == 200  # a reload
    assert device.get(urls(station)["station_manifest"]).status_code == 200


def test_a_second_device_is_refused_with_the_explanation(station):
    opened(station)
    response = Client().get(urls(station)["station"])
    assert response.status_code == 404
    assert "already opened on another device" in response.content.decode()
    manifest = Client().get(urls(station)["station_manifest"])
    assert (manifest.status_code, manifest.json()) == (403, {"error": "forbidden"})


def test_revoked_and_expired_answer_403_json_and_the_page_404(station):
    device = opened(station)
    station_revoke(station=station)
    assert device.get(urls(station)["station_manifest"]).json() == {"error": "revoked"}
    assert sync(device, station, []).json() == {"error": "revoked"}
    assert device.get(urls(station)["station"]).status_code == 404
    Station.objects.filter(pk=station.pk).update(revoked_at=None, expires_at=timezone.now())
    response = device.get(urls(station)["station_manifest"])
    assert (response.status_code, response.json()) == (403, {"error": "expired"})


def test_unknown_token_is_refused(station):
    assert Client().get(urls(station, token="guessed")["station"]).status_code == 404
    assert Client().get(urls(station, token="guessed")["station_manifest"]).json() == {"error": "forbidden"}


def test_page_in_the_stations_language_whatever_the_prefix(edition, organiser):
    station = make_station(edition, organiser, language="km")
    response = Client().get(urls(station)["station"].replace("/km/", "/en/", 1))
    assert response.status_code == 200
    assert '<html lang="km">' in response.content.decode()
    assert response.context["language"] == "km"
    assert response.context["sync_url"].startswith("/km/") and response.context["sync_url"].endswith("/sync/")


def test_sync_through_the_view_with_csrf(station, people):
    device = opened(station)
    scan_id = str(uuid.uuid4())
    body = {"id": scan_id, "h": credential_digest(people[0].secret), "at": timezone.now().isoformat()}
    response = sync(device, station, [body, {"id": str(uuid.uuid4()), "ref": people[1].reference}])
    assert response.status_code == 200
    data = response.json()
    assert [item["outcome"] for item in data["results"]] == ["admitted", "admitted"]
    assert data["results"][0]["id"] == scan_id and data["session"] is None
    assert set(data["checked_in"]) == {people[0].reference, people[1].reference}
    assert sync(device, station, [body]).json()["results"][0]["outcome"] == "admitted"  # sent again
    assert CheckIn.objects.count() == 2
    without_csrf = Client(enforce_csrf_checks=True)
    without_csrf.cookies = device.cookies
    del without_csrf.cookies["csrftoken"]
    assert without_csrf.post(urls(station)["station_sync"], "{}", content_type="application/json").status_code == 403


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"scans": 3}', b'{"scans": [{"id": "x"}]}'])
def test_sync_unreadable_body_is_400_json(station, body):
    device = opened(station)
    response = device.post(
        urls(station)["station_sync"],
        body,
        content_type="application/json",
        headers={"X-CSRFToken": device.cookies["csrftoken"].value},
    )
    assert response.status_code == 400 and "error" in response.json()
    assert not CheckIn.objects.exists()


def test_manifest_minimum_data_youth_given_name_and_chaperone(edition, organiser, station, people):
    youth = approved_people(edition, 1, is_youth=True, category=Registration.Category.YOUTH)[0]
    youth.user.given_name, youth.user.family_name = "Sopheap", "Secretfamily"
    youth.user.save()
    YouthDetails.objects.create(registration=youth, chaperone_name="Dara Chaperone")
    old = people[2].secret
    credential_reissue(registration=people[2], by=organiser)
    scans_sync(station=station, scans=[scan(secret=people[0].secret)])
    device = opened(station)
    response = device.get(urls(station)["station_manifest"])
    assert "no-store" in response["Cache-Control"]
    manifest = response.json()
    text = response.content.decode()
    for secret in (people[0].secret, youth.secret, old):
        assert secret not in text
    for private in ("Secretfamily", youth.organisation.name, youth.user.email, people[0].user.email):
        assert private not in text
    by_ref = {person["ref"]: person for person in manifest["people"]}
    child = by_ref[youth.reference]
    assert (child["name"], child["latin"], child["band"], child["youth"]) == ("Sopheap", "", "youth", True)
    assert child["chaperone"] == "Dara Chaperone" and child["words"][0] == "Youth"
    assert by_ref[people[0].reference]["h"] == credential_digest(people[0].secret)
    assert by_ref[people[0].reference]["status"] == "ok"
    assert credential_digest(old) in manifest["replaced"]
    assert list(manifest["checked_in"]) == [people[0].reference]
    assert manifest["station"]["door"] == "day" and manifest["station"]["walk_in_url"] is None


def test_manifest_of_a_session_door_and_a_walk_in_desk(edition, organiser, session, people):
    door = make_station(edition, organiser, session=session, admits_walk_ins=True)
    manifest = opened(door).get(urls(door)["station_manifest"]).json()
    assert manifest["station"]["session"]["capacity"] == 2 and manifest["station"]["session"]["enforced"]
    assert {person["status"] for person in manifest["people"]} == {"wrong_door"}  # nobody signed up
    assert manifest["station"]["walk_in_url"] == reverse("forum_organiser:walk_ins", kwargs={"slug": edition.slug})


def test_manifest_queries_do_not_grow_with_people(edition, station, django_assert_num_queries):
    device = opened(station)
    approved_people(edition, 1)
    with django_assert_num_queries(3):
        device.get(urls(station)["station_manifest"])
    approved_people(edition, 10)
    with django_assert_num_queries(3):
        assert len(device.get(urls(station)["station_manifest"]).json()["people"]) == 11


# --- The organisers' pages ---------------------------------------------------------------------------------


def test_organiser_creates_a_station_and_sees_its_link_once(organiser_client, edition):
    response = organiser_client.post(
        reverse("forum_organiser:station_create", kwargs={"slug": edition.slug}),
        {
            "name": "Main door",
            "door": "day",
            "day": edition.starts_on.isoformat(),
            "language": "km",
            "expires_at": (timezone.localtime(timezone.now(), edition.zone) + datetime.timedelta(days=2)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
        },
    )
    assert response.status_code == 200
    link = response.context["link"]
    station = Station.objects.get()
    assert station.language == "km" and f"/km/forum/{edition.slug}/stations/" in link
    listing = organiser_client.get(reverse("forum_organiser:stations", kwargs={"slug": edition.slug}))
    assert link not in listing.content.decode() and "Main door" in listing.content.decode()
    # On a phone each station is a card whose lines say what they are; the station's language by its name.
    assert 'data-label="Last synced"' in listing.content.decode()
    assert "Language: Khmer" in listing.content.decode()
    assert Client().get(link.split("testserver", 1)[-1].replace("http://localhost:8000", "")).status_code == 200


def test_organiser_station_form_errors_beside_the_field(organiser_client, edition):
    response = organiser_client.post(
        reverse("forum_organiser:station_create", kwargs={"slug": edition.slug}),
        {"name": "Late", "door": "day", "day": "1999-01-01", "language": "en", "expires_at": "2000-01-01T10:00"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"day"} or response.context["form"].errors.keys() >= {"expires_at"}
    assert not Station.objects.exists()


def test_organiser_new_link_shuts_out_the_device(organiser_client, station):
    device = opened(station)
    response = organiser_client.post(
        reverse("forum_organiser:station_link", kwargs={"slug": station.edition.slug, "pk": station.pk})
    )
    assert response.status_code == 200 and "/stations/" in response.context["link"]
    assert device.get(urls(station)["station_manifest"]).status_code == 403


def test_organiser_stations_list_and_report_queries_pinned(
    organiser_client, edition, organiser, django_assert_num_queries
):
    main = make_station(edition, organiser, name="Main door")

    def add(n):
        for index in range(n):
            side = make_station(edition, organiser, name=f"Door {index}")
            person = approved_people(edition, 1)[0]
            scans_sync(station=side, scans=[scan(secret=person.secret)])
            scans_sync(station=main, scans=[scan(secret=person.secret, offline=True)])

    url = reverse("forum_organiser:stations", kwargs={"slug": edition.slug})
    add(1)
    organiser_client.get(url)
    with django_assert_num_queries(11):
        organiser_client.get(url)
    add(9)
    with django_assert_num_queries(11):
        response = organiser_client.get(url)
    page = response.content.decode()
    assert page.count('data-testid="station-') == 11 and page.count('data-testid="double"') == 10  # each admitted twice


def test_walk_in_page_registers_and_offers_the_badge(organiser_client, edition, organiser):
    desk = make_station(edition, organiser, name="Desk", admits_walk_ins=True)
    url = reverse("forum_organiser:walk_ins", kwargs={"slug": edition.slug})
    assert organiser_client.get(url).status_code == 200
    data = {
        "category": "civil_society",
        "email": "walk.in@example.org",
        "given_name": "Walk",
        "family_name": "In",
        "language": "en",
        "organisation": OrganisationFactory().pk,
        "country": "KH",
        "station": desk.pk,
    }
    response = organiser_client.post(url, data)
    assert response.status_code == 200
    registration = Registration.objects.get(user__email="walk.in@example.org")
    page = response.content.decode()
    badge = reverse("forum_organiser:badge_pdf", kwargs={"slug": edition.slug, "pk": registration.pk})
    assert registration.reference in page and badge in page
    # Their A6 badge at once, not through a print job: a PDF of one page with their name.
    pdf = organiser_client.get(badge)
    assert pdf["Content-Type"] == "application/pdf" and "Walk In" in pdftotext(pdf.content)
    assert CheckIn.objects.get(registration=registration).counts
    edition.capacity = Registration.objects.taking_seats().filter(edition=edition).count()
    edition.save()
    response = organiser_client.post(url, {**data, "email": "second@example.org"})
    assert "No seat is left" in response.content.decode()
    assert not UserFactory._meta.model.objects.filter(email="second@example.org").exists()
