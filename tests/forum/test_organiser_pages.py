"""The organisers' forum pages: editions, quotas, policies, registrations list (filters, search, bulk), detail."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from forum.models import CountryQuota, ForumEdition, PolicyDocument, Registration, RegistrationEvent
from tests.factories import (
    CountryQuotaFactory,
    ForumEditionFactory,
    OrganisationFactory,
    OrganiserFactory,
    PolicyDocumentFactory,
    RegistrationEventFactory,
    RegistrationFactory,
    UserFactory,
    VisaRequestFactory,
)

S = Registration.Status
pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(f"forum_organiser:{name}", kwargs=kwargs)


def test_organiser_edition_list_shows_counts_and_drafts(organiser_client):
    published = ForumEditionFactory(title_en="Forum Published")
    draft = ForumEditionFactory(title_en="Forum Draft", is_published=False)
    RegistrationFactory.create_batch(2, edition=published, status=S.SUBMITTED)
    response = organiser_client.get(url("editions"))
    html = response.content.decode()
    assert "Forum Published" in html and "Forum Draft" in html
    assert f'{url("registrations", slug=published.slug)}?status=submitted">2</a>' in html
    assert url("edition", slug=draft.slug) in html


def test_organiser_edition_create_reads_times_in_the_forum_time_zone(organiser_client, organiser):
    response = organiser_client.post(
        url("edition_create"),
        {
            "slug": "atf-2027",
            "reference_prefix": "atf27",
            "title_en": "ASEAN Technology Forum 2027",
            "title_km": "វេទិកា ២០២៧",
            "starts_on": "2027-03-10",
            "ends_on": "2027-03-12",
            "venue": "Sokha Hotel",
            "city": "Bangkok",
            "country": "TH",
            "time_zone": "Asia/Bangkok",
            "registration_opens_at": "2027-01-01T09:00",
            "registration_closes_at": "2027-02-01T17:00",
            "capacity": "150",
            "mode": "auto",
            "show_seats_left": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    edition = ForumEdition.objects.get(slug="atf-2027")
    assert response["Location"] == url("edition", slug="atf-2027")
    assert edition.reference_prefix == "ATF27" and not edition.is_published
    assert edition.registration_opens_at == datetime.datetime(2027, 1, 1, 2, 0, tzinfo=datetime.UTC)
    # The edit form shows it back in the forum's zone.
    html = organiser_client.get(url("edition_edit", slug="atf-2027")).content.decode()
    assert 'value="2027-01-01T09:00"' in html


def test_organiser_edition_create_keeps_input_on_errors(organiser_client):
    response = organiser_client.post(
        url("edition_create"),
        {"slug": "x-1", "title_en": "Kept title", "time_zone": "Nowhere/Else", "capacity": "-1"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Kept title"' in html
    assert "is not a time zone name" in html
    assert not ForumEdition.objects.exists()


def test_organiser_edition_edit_capacity_below_approved_shows_message(organiser_client):
    edition = ForumEditionFactory(capacity=5)
    RegistrationFactory.create_batch(3, edition=edition, status=S.APPROVED)
    form = organiser_client.get(url("edition_edit", slug=edition.slug)).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v not in (None, False)}
    data["capacity"] = "2"
    for name in ("registration_opens_at", "registration_closes_at"):
        data[name] = data[name].strftime("%Y-%m-%dT%H:%M")
    response = organiser_client.post(url("edition_edit", slug=edition.slug), data)
    assert response.status_code == 200
    assert "3 delegates are approved" in response.content.decode()
    edition.refresh_from_db()
    assert edition.capacity == 5


def test_organiser_publish_refused_without_policies_then_done(organiser_client):
    edition = ForumEditionFactory(is_published=False, policies=False)
    response = organiser_client.post(url("edition_publish", slug=edition.slug), {"publish": "1"}, follow=True)
    assert "Publish a first version" in response.content.decode()
    edition.refresh_from_db()
    assert not edition.is_published
    for kind in ("code_of_conduct", "privacy"):
        organiser_client.post(url("edition_policies", slug=edition.slug), {"kind": kind, "text_en": "Text"})
    assert PolicyDocument.objects.filter(edition=edition).count() == 2
    organiser_client.post(url("edition_publish", slug=edition.slug), {"publish": "1"})
    edition.refresh_from_db()
    assert edition.is_published
    organiser_client.post(url("edition_publish", slug=edition.slug), {"publish": "0"})
    edition.refresh_from_db()
    assert not edition.is_published


def test_organiser_policy_new_version_listed_with_agreements(organiser_client):
    edition = ForumEditionFactory()
    RegistrationFactory.create_batch(2, edition=edition)
    response = organiser_client.post(
        url("edition_policies", slug=edition.slug),
        {"kind": "code_of_conduct", "text_en": "Version two.", "text_km": "កំណែ ២"},
        follow=True,
    )
    html = response.content.decode()
    assert "Code of conduct v2" in html and "Version two." in html
    policies = {str(p): p.agreed_count for p in response.context["policies"]}
    assert policies == {"Code of conduct v2": 0, "Code of conduct v1": 2, "Privacy notice v1": 2}


def test_organiser_quota_set_raise_promotes_and_delete(organiser_client):
    edition = ForumEditionFactory(capacity=10)
    CountryQuotaFactory(edition=edition, country="TH", seats=1)
    RegistrationFactory(edition=edition, status=S.APPROVED, country="TH")
    waiting = RegistrationFactory(edition=edition, status=S.WAITLISTED, country="TH")
    response = organiser_client.post(url("edition_quotas", slug=edition.slug), {"country": "TH", "seats": "0"})
    assert response.status_code == 200
    assert "cannot be lower" in response.content.decode()
    organiser_client.post(url("edition_quotas", slug=edition.slug), {"country": "TH", "seats": "2"})
    waiting.refresh_from_db()
    assert waiting.status == S.APPROVED
    quota = CountryQuota.objects.get(edition=edition, country="TH")
    assert quota.seats == 2
    organiser_client.post(url("quota_delete", slug=edition.slug, pk=quota.pk))
    assert not CountryQuota.objects.filter(edition=edition).exists()
    other = ForumEditionFactory()
    other_quota = CountryQuotaFactory(edition=other)
    assert organiser_client.post(url("quota_delete", slug=edition.slug, pk=other_quota.pk)).status_code == 404


@pytest.fixture
def listed():
    edition = ForumEditionFactory(reference_prefix="ATF27", capacity=10)
    CountryQuotaFactory(edition=edition, country="TH", seats=2)
    rows = {
        "ana": RegistrationFactory(
            edition=edition,
            user=UserFactory(given_name="Ana", family_name="Sok", email="ana@moptc.gov.kh"),
            country="KH",
            status=S.APPROVED,
            category=Registration.Category.GOVERNMENT,
        ),
        "bao": RegistrationFactory(
            edition=edition,
            user=UserFactory(given_name="Bao", family_name="Tran", native_name="Trần Bảo"),
            country="VN",
            organisation=OrganisationFactory(name="Viettel"),
            needs_visa_letter=True,
        ),
        "chai": RegistrationFactory(
            edition=edition, user=UserFactory(given_name="Chai"), country="TH", is_youth=True, status=S.WAITLISTED
        ),
    }
    return edition, rows


def _references(response):
    return [registration.reference for registration in response.context["registrations"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["ana", "bao", "chai"]),
        ({"status": "approved"}, ["ana"]),
        ({"country": "VN"}, ["bao"]),
        ({"category": "government"}, ["ana"]),
        ({"youth": "yes"}, ["chai"]),
        ({"youth": "no"}, ["ana", "bao"]),
        ({"visa": "yes"}, ["bao"]),
        ({"q": "moptc.gov"}, ["ana"]),
        ({"q": "Trần"}, ["bao"]),
        ({"q": "viettel"}, ["bao"]),
        ({"q": "ATF27-0003"}, ["chai"]),
        ({"q": "tran", "visa": "no"}, []),
    ],
)
def test_organiser_registration_list_filters_and_search(organiser_client, listed, query, expected):
    edition, rows = listed
    response = organiser_client.get(url("registrations", slug=edition.slug), query)
    assert _references(response) == [rows[name].reference for name in expected]


def test_organiser_registration_list_shows_counts_per_country_against_quota(organiser_client, listed):
    edition, _rows = listed
    response = organiser_client.get(url("registrations", slug=edition.slug))
    html = response.content.decode()
    assert "1 of 10 seats taken, 9 left" in html
    seats = {
        row["country"]: (row["approved"], row["quota"], row["left"]) for row in response.context["seats"]["countries"]
    }
    assert seats == {"KH": (1, None, 9), "TH": (0, 2, 2)}


def test_organiser_registration_list_paginates(organiser_client):
    edition = ForumEditionFactory()
    RegistrationFactory.create_batch(51, edition=edition)
    response = organiser_client.get(url("registrations", slug=edition.slug), {"status": "submitted", "page": 2})
    assert len(response.context["registrations"]) == 1
    html = response.content.decode()
    assert "Page 2 of 2" in html and "?status=submitted&amp;page=1" in html


def test_organiser_bulk_approve_reports_no_seat_and_offers_waiting_list(
    organiser_client, outbox, django_capture_on_commit_callbacks
):
    edition = ForumEditionFactory(capacity=1)
    first, second = RegistrationFactory.create_batch(2, edition=edition)
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            url("registrations_bulk", slug=edition.slug),
            {
                "action": "approve",
                "ids": [first.pk, second.pk],
                "message": "See you",
                "querystring": "status=submitted",
            },
        )
    assert response["Location"] == url("registrations", slug=edition.slug) + "?status=submitted"
    html = organiser_client.get(response["Location"]).content.decode()
    assert "Approve: 1 of 2 done" in html
    assert "No seat is left" in html
    assert "Put the 1 registration without a seat on the waiting list" in html
    assert f'name="ids" value="{second.pk}"' in html
    first.refresh_from_db()
    assert first.status == S.APPROVED
    assert [m.to[0] for m in outbox] == [first.user.email]
    # The results are shown once.
    assert organiser_client.get(response["Location"]).context["bulk_results"] is None
    # The offer puts it on the waiting list.
    organiser_client.post(url("registrations_bulk", slug=edition.slug), {"action": "waitlist", "ids": [second.pk]})
    second.refresh_from_db()
    assert second.status == S.WAITLISTED


def test_organiser_bulk_reject_needs_a_message_and_ignores_other_editions(organiser_client):
    edition = ForumEditionFactory()
    mine = RegistrationFactory(edition=edition)
    foreign = RegistrationFactory()
    response = organiser_client.post(
        url("registrations_bulk", slug=edition.slug), {"action": "reject", "ids": [mine.pk]}, follow=True
    )
    assert "Give a reason for the rejection" in response.content.decode()
    mine.refresh_from_db()
    assert mine.status == S.SUBMITTED
    organiser_client.post(
        url("registrations_bulk", slug=edition.slug),
        {"action": "reject", "ids": [mine.pk, foreign.pk], "message": "Out of scope"},
    )
    mine.refresh_from_db()
    foreign.refresh_from_db()
    assert (mine.status, foreign.status) == (S.REJECTED, S.SUBMITTED)
    assert RegistrationEvent.objects.get(registration=mine, to_status=S.REJECTED).reason == "Out of scope"


def test_organiser_registration_detail_shows_everything_and_history(organiser_client, organiser):
    edition = ForumEditionFactory()
    registration = RegistrationFactory(edition=edition, needs_visa_letter=True, dietary_needs="Halal")
    VisaRequestFactory(registration=registration, passport_number="N1234567")
    RegistrationEventFactory(registration=registration, reason="")
    RegistrationEventFactory(
        registration=registration, from_status=S.SUBMITTED, to_status=S.WAITLISTED, actor=organiser, reason="Wait"
    )
    html = organiser_client.get(url("registration", slug=edition.slug, pk=registration.pk)).content.decode()
    assert registration.reference in html and "Halal" in html
    assert "N1234567" in html and "SOMCHAI WONGSAKUL" in html
    assert "(the delegate)" in html and organiser.get_full_name() in html and "Wait" in html
    other = ForumEditionFactory()
    assert organiser_client.get(url("registration", slug=other.slug, pk=registration.pk)).status_code == 404


def test_organiser_registration_detail_actions(organiser_client, django_capture_on_commit_callbacks, outbox):
    edition = ForumEditionFactory(capacity=1)
    RegistrationFactory(edition=edition, status=S.APPROVED)
    registration = RegistrationFactory(edition=edition)
    page = url("registration", slug=edition.slug, pk=registration.pk)

    response = organiser_client.post(page, {"action": "approve"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "No seat is left" in html and "Put it on the waiting list" in html

    organiser_client.post(page, {"action": "waitlist"})
    registration.refresh_from_db()
    assert registration.status == S.WAITLISTED

    response = organiser_client.post(page, {"action": "reject", "reason": ""})
    assert response.status_code == 400
    assert "Give a reason" in response.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(page, {"action": "reject", "reason": "Quota reached for your country"})
    registration.refresh_from_db()
    assert registration.status == S.REJECTED
    assert "Rejected" in outbox[-1].subject or registration.user.email in outbox[-1].to

    organiser_client.post(page, {"action": "reopen", "reason": "Mistake"})
    registration.refresh_from_db()
    assert registration.status == S.SUBMITTED
    response = organiser_client.post(page, {"action": "reopen"}, follow=True)
    assert "cannot be changed this way" in response.content.decode()


# --- Query counts: pinned, the same at 1 and at 10 rows. ----------------------------------------------------

ASEAN = ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"]


def _registrations(edition, count):
    """`count` approved registrations, one per ASEAN country, each with a visa request and a history event."""
    made = []
    for country in ASEAN[:count]:
        registration = RegistrationFactory(edition=edition, country=country, needs_visa_letter=True, status=S.APPROVED)
        VisaRequestFactory(registration=registration, passport_name=f"PASSPORT {registration.reference}")
        RegistrationEventFactory(registration=registration)
        made.append(registration)
    return made


def _editions_page(count):
    editions = [ForumEditionFactory() for _ in range(count)]
    for edition in editions:
        _registrations(edition, 1)
    return url("editions"), editions[-1].reference_prefix


def _edition_page(count):
    """`count` countries, each with a quota and an approved delegate; `count` versions of the code of conduct."""
    edition = ForumEditionFactory(policies=False)
    for version in range(1, count + 1):
        PolicyDocumentFactory(edition=edition, kind=PolicyDocument.Kind.CODE_OF_CONDUCT, version=version)
    PolicyDocumentFactory(edition=edition, kind=PolicyDocument.Kind.PRIVACY)
    for registration in _registrations(edition, count):
        CountryQuotaFactory(edition=edition, country=registration.country, seats=30)
    return url("edition", slug=edition.slug), f"Code of conduct v{count}"


def _quotas_page(count):
    edition = ForumEditionFactory()
    for country in ASEAN[:count]:
        CountryQuotaFactory(edition=edition, country=country, seats=30)
    last = CountryQuota(country=ASEAN[count - 1]).country.name
    return url("edition_quotas", slug=edition.slug), f"the quota of {last}"


def _policies_page(count):
    edition = ForumEditionFactory(policies=False)
    for version in range(1, count + 1):
        PolicyDocumentFactory(edition=edition, kind=PolicyDocument.Kind.CODE_OF_CONDUCT, version=version)
    PolicyDocumentFactory(edition=edition, kind=PolicyDocument.Kind.PRIVACY)
    _registrations(edition, count)
    return url("edition_policies", slug=edition.slug), f"Code of conduct v{count}"


def _registrations_page(count):
    edition = ForumEditionFactory()
    return url("registrations", slug=edition.slug), _registrations(edition, count)[-1].reference


def _registration_page(count):
    """One registration whose history holds `count` events, each by another organiser."""
    registration = RegistrationFactory(edition=ForumEditionFactory())
    for n in range(1, count + 1):
        RegistrationEventFactory(registration=registration, actor=OrganiserFactory(), reason=f"Checked, step {n}")
    return url("registration", slug=registration.edition.slug, pk=registration.pk), f"Checked, step {count}"


def _export(fmt):
    def page(count):
        edition = ForumEditionFactory()
        last = _registrations(edition, count)[-1]
        return url("registrations_export", slug=edition.slug, fmt=fmt), last.reference

    return page


def _visa_export(count):
    edition = ForumEditionFactory()
    last = _registrations(edition, count)[-1]
    return url("visa_export", slug=edition.slug, fmt="csv"), f"PASSPORT {last.reference}"


def _text(response) -> str:
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        sheet = load_workbook(io.BytesIO(response.content)).active
        return "\n".join(str(cell.value) for row in sheet.iter_rows() for cell in row)
    return response.content.decode("utf-8-sig")


@pytest.mark.parametrize("count", [1, 10])
@pytest.mark.parametrize(
    ("page", "queries"),
    [
        (_editions_page, 7),
        # The edition, quotas and registrations pages read the seats' approved and quotas in one query (Seats.read).
        (_edition_page, 11),
        (_quotas_page, 9),
        (_policies_page, 11),
        (_registrations_page, 10),
        (_registration_page, 9),
        # The exports write one line in the access log (people.access).
        (_export("csv"), 6),
        (_export("xlsx"), 6),
        (_visa_export, 6),
    ],
    ids=["editions", "edition", "quotas", "policies", "registrations", "registration", "csv", "xlsx", "visa_csv"],
)
def test_organiser_page_query_count(organiser_client, django_assert_num_queries, page, queries, count):
    target, last_row = page(count)
    with django_assert_num_queries(queries):
        response = organiser_client.get(target)
    assert response.status_code == 200
    assert last_row in _text(response)


def test_organiser_edition_edit_error_keeps_the_saved_slug_in_links(organiser_client):
    taken = ForumEditionFactory(slug="taken")
    edition = ForumEditionFactory(slug="mine")
    form = organiser_client.get(url("edition_edit", slug="mine")).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v not in (None, False)}
    for name in ("registration_opens_at", "registration_closes_at"):
        data[name] = data[name].strftime("%Y-%m-%dT%H:%M")
    data["slug"] = taken.slug
    response = organiser_client.post(url("edition_edit", slug="mine"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert url("registrations", slug="mine") in html
    assert url("registrations", slug="taken") not in html
    edition.refresh_from_db()
    assert edition.slug == "mine"


def test_organiser_bulk_redirect_keeps_only_the_filters(organiser_client):
    edition = ForumEditionFactory()
    registration = RegistrationFactory(edition=edition)
    response = organiser_client.post(
        url("registrations_bulk", slug=edition.slug),
        {"action": "waitlist", "ids": [registration.pk], "querystring": "status=submitted&evil=1\r\nX-Header: y&q=a b"},
    )
    assert response["Location"] == url("registrations", slug=edition.slug) + "?status=submitted&q=a+b"


def test_organiser_registration_list_in_khmer(organiser_client, listed):
    edition, rows = listed
    response = organiser_client.get(f"/km/organiser/forum/{edition.slug}/registrations/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="km"' in html
    assert "វៀតណាម" in html  # Vietnam, in Khmer
    assert edition.title_km in html
    assert rows["bao"].reference in html


def test_organiser_cancels_for_the_delegate_and_the_seat_goes_to_the_waiting_list(organiser_client, organiser):
    edition = ForumEditionFactory(capacity=1)
    approved = RegistrationFactory(edition=edition, status=S.APPROVED)
    waiting = RegistrationFactory(edition=edition, status=S.WAITLISTED)
    page = url("registration", slug=edition.slug, pk=approved.pk)
    assert 'value="cancel"' in organiser_client.get(page).content.decode()
    organiser_client.post(page, {"action": "cancel", "reason": "Asked by e-mail"})
    approved.refresh_from_db()
    waiting.refresh_from_db()
    assert (approved.status, waiting.status) == (S.CANCELLED, S.APPROVED)
    event = RegistrationEvent.objects.get(registration=approved, to_status=S.CANCELLED)
    assert (event.actor, event.reason) == (organiser, "Asked by e-mail")


def test_organiser_edition_in_year_1_is_a_form_error_next_to_each_date(organiser_client):
    # Year 1 at midnight in Bangkok is year 0 in UTC: saving it overflowed.
    data = {
        "slug": "atf-0001",
        "reference_prefix": "ATF01",
        "title_en": "Kept title",
        "starts_on": "0001-01-01",
        "ends_on": "9999-12-31",
        "venue": "Sokha Hotel",
        "city": "Bangkok",
        "country": "TH",
        "time_zone": "Asia/Bangkok",
        "registration_opens_at": "0001-01-01T00:00",
        "registration_closes_at": "9999-12-31T23:00",
        "capacity": "150",
        "mode": "auto",
    }
    message = "Give a date between the years 1900 and 2100."
    edition = ForumEditionFactory()
    for target in (url("edition_create"), url("edition_edit", slug=edition.slug)):
        response = organiser_client.post(target, data)
        assert response.status_code == 200
        assert response.context["form"].errors == {
            name: [message] for name in ("starts_on", "ends_on", "registration_opens_at", "registration_closes_at")
        }
        assert 'value="0001-01-01T00:00"' in response.content.decode()
    assert list(ForumEdition.objects.all()) == [edition]


def test_organiser_bulk_action_with_a_25_digit_id_is_a_form_error(organiser_client):
    # The id overflowed SQLite's integers in the registrations' IN (...) query.
    edition = ForumEditionFactory()
    registration = RegistrationFactory(edition=edition)
    response = organiser_client.post(
        url("registrations_bulk", slug=edition.slug), {"action": "waitlist", "ids": [registration.pk, "1" * 25]}
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == S.SUBMITTED
    page = organiser_client.get(response["Location"]).content.decode()
    assert "Choose registrations from the list." in page


def test_organiser_registration_search_for_a_superscript_digit_is_no_500(organiser_client):
    # "²" passed str.isdigit() as a reference number and then broke int().
    edition = ForumEditionFactory()
    response = organiser_client.get(url("registrations", slug=edition.slug), {"q": "²"})
    assert response.status_code == 200
    assert list(response.context["registrations"]) == []
