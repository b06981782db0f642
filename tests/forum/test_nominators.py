"""The organisers' nominations page (forum.views.nominators): per country against its quota, naming, changing and
removing a nominator, refusals beside their field; and the two periodic jobs of forum.services.nominators (invitations
released at the deadline, nominators reminded a week before it)."""

import datetime
import zoneinfo
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from forum.errors import NominationError
from forum.models import ForumEdition, Nomination, Nominator, Registration
from forum.services.lifecycle import registration_cancel
from forum.services.nominators import nominator_remove, nominator_save, release_expired_nominations, remind_nominators
from forum.services.seats import Seats
from tests.browser import assert_fits, log_in
from tests.factories import (
    CountryQuotaFactory,
    ForumEditionFactory,
    NominationFactory,
    NominatorFactory,
    OrganisationFactory,
    OrganiserFactory,
    RegistrationFactory,
    UserFactory,
)
from tests.forum.nomination_helpers import nominations_edition, nominator_of, take_up, waiting

pytestmark = pytest.mark.django_db
S = Registration.Status
N = Nomination.Status
PHNOM_PENH = zoneinfo.ZoneInfo("Asia/Phnom_Penh")


def url(name, **kwargs):
    return reverse(f"forum_organiser:{name}", kwargs=kwargs)


def _local(value: datetime.datetime) -> str:
    """A time as the form's datetime-local field reads it, in the forum's time zone."""
    return timezone.localtime(value, PHNOM_PENH).strftime("%Y-%m-%dT%H:%M")


def _form(edition, **overrides) -> dict:
    data = {
        "email": UserFactory().email,
        "kind": "country",
        "country": "VN",
        "organisation": "",
        "places": "3",
        "deadline": _local(edition.registration_closes_at - datetime.timedelta(days=7)),
    }
    return {**data, **overrides}


# --- The page ---------------------------------------------------------------------------------------------------


def test_nominations_page_shows_each_country_against_its_quota(organiser_client):
    edition = nominations_edition(quota=8, approved=2, mode=ForumEdition.Mode.REVIEW)
    CountryQuotaFactory(edition=edition, country="TH", seats=5)
    ministry = nominator_of(
        edition, places=4, user=UserFactory(given_name="Thu", family_name="Ha", email="ha@vn.example")
    )
    NominationFactory.create_batch(2, nominator=ministry)  # two open invitations: two places kept
    registered = take_up(NominationFactory(nominator=ministry))
    organisation = OrganisationFactory(name="Hanoi Internet Safety Institute", country="VN")
    institute = nominator_of(edition, places=2, kind="organisation", organisation=organisation)
    approved = take_up(NominationFactory(nominator=institute))
    approved.status = S.APPROVED
    approved.save(update_fields=["status"])
    NominatorFactory(edition=edition, country="ID", places=3)  # a country without a quota, only a nominator

    response = organiser_client.get(url("nominations", slug=edition.slug))
    html = response.content.decode()

    assert response.status_code == 200
    viet_nam = next(row for row in response.context["countries"] if row.country == "VN")
    # 3 approved (2 before, 1 nominee); kept: 2 invitations and 1 registration waiting for a decision.
    assert (viet_nam.quota, viet_nam.approved, viet_nam.reserved, viet_nam.left, viet_nam.places) == (8, 3, 3, 2, 6)
    assert registered.status == S.SUBMITTED
    countries = [row.country for row in response.context["countries"]]
    assert {"VN", "TH", "ID"} <= set(countries)
    assert 'data-testid="country-TH"' in html and 'href="#country-VN"' in html
    row = html.split(f'data-testid="nominator-{ministry.pk}"')[1].split("</tr>")[0]
    assert "Thu Ha" in row and "ha@vn.example" in row and "Member state&#x27;s focal point" in row
    assert [cell.split(">")[-1] for cell in row.split("</td>")[1:6]] == ["4", "3", "2", "1", "0"]
    assert "Not yet" in row  # not reminded
    assert url("nominator", slug=edition.slug, pk=ministry.pk) in row
    assert url("nominator_remove", slug=edition.slug, pk=ministry.pk) in row
    institute_row = html.split(f'data-testid="nominator-{institute.pk}"')[1].split("</tr>")[0]
    assert "Hanoi Internet Safety Institute" in institute_row and "Organisation&#x27;s focal point" in institute_row
    assert 'name="email"' in html and 'type="datetime-local"' in html
    assert html.index('<option value="VN"') < html.index('<option value="AF"')  # ASEAN's member states first


def test_nominations_page_shows_deadlines_in_the_forums_time_zone(organiser_client):
    edition = nominations_edition()
    deadline = datetime.datetime(2030, 1, 5, 23, 30, tzinfo=datetime.UTC)  # 6 January, 06:30 in Phnom Penh
    ForumEdition.objects.filter(pk=edition.pk).update(registration_closes_at=deadline + datetime.timedelta(days=1))
    nominator = nominator_of(edition, deadline=deadline)
    html = organiser_client.get(url("nominator", slug=edition.slug, pk=nominator.pk)).content.decode()
    assert 'value="2030-01-06T06:30"' in html
    html = organiser_client.get(url("nominations", slug=edition.slug)).content.decode()
    assert "6 Jan 2030, 06:30" in html


def test_nominations_page_of_an_open_edition_links_to_its_settings_instead_of_the_form(organiser_client):
    edition = ForumEditionFactory(intake=ForumEdition.Intake.OPEN)
    response = organiser_client.get(url("nominations", slug=edition.slug))
    html = response.content.decode()
    assert 'data-testid="nominations-off"' in html
    assert url("edition_edit", slug=edition.slug) in html
    assert 'name="places"' not in html
    response = organiser_client.post(url("nominations", slug=edition.slug), _form(edition))
    assert response.status_code == 302 and not Nominator.objects.exists()


@pytest.mark.parametrize("who", ["member", "nominator"])
def test_nominations_pages_answer_404_to_non_organisers(client, who):
    nominator = NominatorFactory()
    edition = nominator.edition
    client.force_login(nominator.user if who == "nominator" else UserFactory())
    for target in (
        url("nominations", slug=edition.slug),
        url("nominator", slug=edition.slug, pk=nominator.pk),
    ):
        assert client.get(target).status_code == 404
        assert client.post(target, _form(edition)).status_code == 404
    assert client.post(url("nominator_remove", slug=edition.slug, pk=nominator.pk)).status_code == 404
    assert Nominator.objects.filter(pk=nominator.pk).exists()


def test_nominator_of_another_edition_answers_404(organiser_client):
    edition = nominations_edition()
    other = NominatorFactory()
    assert organiser_client.get(url("nominator", slug=edition.slug, pk=other.pk)).status_code == 404
    assert organiser_client.post(url("nominator_remove", slug=edition.slug, pk=other.pk)).status_code == 404
    assert Nominator.objects.filter(pk=other.pk).exists()


def _page(count):
    """`count` nominators over several countries, each with an invitation, a registration and an approval."""
    edition = nominations_edition()
    countries = ["VN", "TH", "ID", "MY", "PH"]
    for n in range(count):
        country = countries[n % len(countries)]
        if n < len(countries):
            CountryQuotaFactory(edition=edition, country=country, seats=30)
        organisation = OrganisationFactory(country=country) if n % 2 else None
        nominator = nominator_of(
            edition,
            places=4,
            country=country,
            kind="organisation" if organisation else "country",
            organisation=organisation,
        )
        NominationFactory(nominator=nominator)
        NominationFactory(nominator=nominator, status=N.TAKEN, registration=RegistrationFactory(edition=edition))
        approved = RegistrationFactory(edition=edition, status=S.APPROVED, country=country)
        NominationFactory(nominator=nominator, status=N.TAKEN, registration=approved)
    return edition, nominator


@pytest.mark.parametrize("count", [2, 20])
def test_nominations_page_query_count(organiser_client, django_assert_num_queries, count):
    edition, last = _page(count)
    # The seats' approved and quotas are one query (forum.services.seats.Seats.read).
    with django_assert_num_queries(11):
        response = organiser_client.get(url("nominations", slug=edition.slug))
    assert response.status_code == 200
    assert f'data-testid="nominator-{last.pk}"' in response.content.decode()


# --- Naming a nominator -----------------------------------------------------------------------------------------


def test_organiser_names_a_nominator_with_the_deadline_in_the_forums_time_zone(organiser_client, organiser):
    edition = nominations_edition(quota=8)
    person = UserFactory(email="focal@mic.example", given_name="Thu", family_name="Ha")
    data = _form(edition, email="FOCAL@mic.example", places="5", deadline="2030-01-06T06:30")
    ForumEdition.objects.filter(pk=edition.pk).update(
        registration_closes_at=datetime.datetime(2030, 2, 1, tzinfo=datetime.UTC)
    )
    response = organiser_client.post(url("nominations", slug=edition.slug), data, follow=True)
    nominator = Nominator.objects.get(edition=edition)
    assert (nominator.user, nominator.kind, str(nominator.country), nominator.places) == (person, "country", "VN", 5)
    assert nominator.organisation is None and nominator.created_by == organiser
    assert nominator.deadline == datetime.datetime(2030, 1, 5, 23, 30, tzinfo=datetime.UTC)
    assert "Thu Ha nominates for Vietnam, with 5 places." in response.content.decode()


def test_organisation_focal_point_takes_the_organisations_country_by_default(organiser_client):
    edition = nominations_edition()
    organisation = OrganisationFactory(name="Bangkok Safe Net Foundation", country="TH")
    data = _form(edition, kind="organisation", country="", organisation=str(organisation.pk))
    organiser_client.post(url("nominations", slug=edition.slug), data)
    nominator = Nominator.objects.get(edition=edition)
    assert (nominator.kind, nominator.organisation, str(nominator.country)) == ("organisation", organisation, "TH")


def test_country_focal_point_ignores_an_organisation_chosen(organiser_client):
    edition = nominations_edition()
    data = _form(edition, organisation=str(OrganisationFactory().pk))
    organiser_client.post(url("nominations", slug=edition.slug), data)
    assert Nominator.objects.get(edition=edition).organisation is None


def _refused(client, edition, data, field):
    response = client.post(url("nominations", slug=edition.slug), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    html = response.content.decode()
    # The input is kept.
    for name, value in data.items():
        if value and name not in ("kind", "organisation", "country"):
            assert f'value="{value}"' in html, name
    return str(form.errors[field])


def test_naming_refuses_more_places_than_the_countrys_quota_with_the_other_nominators(organiser_client):
    edition = nominations_edition(quota=6)
    nominator_of(edition, places=4)
    message = _refused(organiser_client, edition, _form(edition, places="3"), "places")
    assert "would have 7 places, more than its quota of 6" in message
    assert Nominator.objects.filter(edition=edition).count() == 1


def test_naming_refuses_an_address_without_an_account(organiser_client):
    edition = nominations_edition()
    message = _refused(organiser_client, edition, _form(edition, email="nobody@nowhere.example"), "email")
    assert "No account uses this e-mail address" in message


def test_naming_refuses_a_deadline_after_registration_closes(organiser_client):
    edition = nominations_edition()
    late = _local(edition.registration_closes_at + datetime.timedelta(hours=1))
    message = _refused(organiser_client, edition, _form(edition, deadline=late), "deadline")
    assert "cannot be after registration closes" in message


def test_naming_refuses_an_organisations_focal_point_without_an_organisation(organiser_client):
    edition = nominations_edition()
    message = _refused(organiser_client, edition, _form(edition, kind="organisation", country=""), "organisation")
    assert "Choose the organisation" in message
    assert not Nominator.objects.exists()


def test_naming_refuses_a_country_focal_point_without_a_country(organiser_client):
    edition = nominations_edition()
    message = _refused(organiser_client, edition, _form(edition, country=""), "country")
    assert "Choose the country" in message


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("places", "0"),
        ("places", "many"),
        ("deadline", "tomorrow"),
        ("deadline", "99999-01-01T00:00"),
        ("organisation", "999999999999999999999"),
        ("kind", "king"),
        ("country", "XX"),
    ],
)
def test_naming_refuses_bad_input_beside_its_field(organiser_client, field, value):
    edition = nominations_edition()
    kind = {"kind": "organisation"} if field == "organisation" else {}
    response = organiser_client.post(url("nominations", slug=edition.slug), _form(edition, **kind, **{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Nominator.objects.exists()


# --- Changing and removing one ----------------------------------------------------------------------------------


def test_organiser_changes_a_nominators_places_and_deadline(organiser_client):
    edition = nominations_edition(quota=8)
    nominator = nominator_of(edition, places=2)
    deadline = edition.registration_closes_at - datetime.timedelta(days=2)
    data = _form(edition, email=nominator.user.email, places="6", deadline=_local(deadline))
    response = organiser_client.post(url("nominator", slug=edition.slug, pk=nominator.pk), data)
    assert response.status_code == 302
    nominator.refresh_from_db()
    assert nominator.places == 6
    assert _local(nominator.deadline) == _local(deadline)


def test_changing_refuses_places_below_those_used(organiser_client):
    edition = nominations_edition()
    nominator = nominator_of(edition, places=4)
    NominationFactory.create_batch(3, nominator=nominator)
    data = _form(edition, email=nominator.user.email, places="2")
    response = organiser_client.post(url("nominator", slug=edition.slug, pk=nominator.pk), data)
    assert response.status_code == 200
    assert "3 people of this delegation are invited or registered" in str(response.context["form"].errors["places"])
    assert 'value="2"' in response.content.decode()
    nominator.refresh_from_db()
    assert nominator.places == 4


def test_changing_refuses_the_quota_sum(organiser_client):
    edition = nominations_edition(quota=5)
    nominator_of(edition, places=3)
    nominator = nominator_of(edition, places=2)
    data = _form(edition, email=nominator.user.email, places="3")
    response = organiser_client.post(url("nominator", slug=edition.slug, pk=nominator.pk), data)
    assert "more than its quota of 5" in str(response.context["form"].errors["places"])


def test_edit_page_shows_the_nominators_values(organiser_client):
    edition = nominations_edition()
    organisation = OrganisationFactory(name="Yangon Youth Online", country="MM")
    nominator = nominator_of(edition, kind="organisation", organisation=organisation, country="MM", places=3)
    response = organiser_client.get(url("nominator", slug=edition.slug, pk=nominator.pk))
    form = response.context["form"]
    assert form["email"].value() == nominator.user.email
    assert (form["kind"].value(), form["places"].value()) == ("organisation", 3)
    assert "Yangon Youth Online (Myanmar)" in response.content.decode()


def test_removing_a_nominator_withdraws_open_invitations_and_promotes_the_waiting_list(organiser_client):
    edition = nominations_edition(capacity=2)
    nominator = nominator_of(edition, places=2)
    invitations = NominationFactory.create_batch(2, nominator=nominator)
    (first,) = waiting(edition, 1)
    response = organiser_client.post(url("nominator_remove", slug=edition.slug, pk=nominator.pk), follow=True)
    assert "no longer nominates for Vietnam" in response.content.decode()
    assert not Nominator.objects.filter(pk=nominator.pk).exists()
    assert not Nomination.objects.filter(pk__in=[i.pk for i in invitations]).exists()  # cascaded with the nominator
    first.refresh_from_db()
    assert first.status == S.APPROVED


def test_removing_is_refused_once_people_registered(organiser_client):
    edition = nominations_edition()
    nominator = nominator_of(edition)
    take_up(NominationFactory(nominator=nominator))
    response = organiser_client.post(url("nominator_remove", slug=edition.slug, pk=nominator.pk), follow=True)
    assert "the nominator cannot be removed" in response.content.decode()
    assert Nominator.objects.filter(pk=nominator.pk).exists()


def test_remove_answers_only_post(organiser_client):
    nominator = NominatorFactory()
    response = organiser_client.get(url("nominator_remove", slug=nominator.edition.slug, pk=nominator.pk))
    assert response.status_code == 405


# --- Invitations released at the deadline -----------------------------------------------------------------------


def _past_deadline(nominator):
    Nominator.objects.filter(pk=nominator.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))


def test_expired_invitations_release_their_place_and_promote_the_waiting_list():
    edition = nominations_edition(capacity=3, approved=1)
    nominator = nominator_of(edition, places=2)
    open_ones = NominationFactory.create_batch(2, nominator=nominator)
    other = NominationFactory(nominator=nominator_of(edition, places=1, country="TH"))  # deadline not passed
    first, second = waiting(edition, 2, country="KH")
    _past_deadline(nominator)

    result = release_expired_nominations()

    assert result.startswith("2 invitations released")
    for nomination in open_ones:
        nomination.refresh_from_db()
        assert (nomination.status, nomination.token_hash) == (N.EXPIRED, "")
    other.refresh_from_db()
    assert other.status == N.INVITED
    first.refresh_from_db()
    second.refresh_from_db()
    # Capacity 3: one approved, one kept by Thailand's open invitation, one freed for the oldest on the list.
    assert (first.status, second.status) == (S.APPROVED, S.WAITLISTED)
    assert Seats.read(edition).reserved_total == 1


def test_releasing_again_changes_nothing():
    edition = nominations_edition()
    nominator = nominator_of(edition)
    nomination = NominationFactory(nominator=nominator)
    _past_deadline(nominator)
    release_expired_nominations()
    nomination.refresh_from_db()
    changed_at = nomination.status_changed_at
    assert release_expired_nominations().startswith("0 invitations released")
    nomination.refresh_from_db()
    assert (nomination.status, nomination.status_changed_at) == (N.EXPIRED, changed_at)


def test_releasing_keeps_registered_nominees():
    edition = nominations_edition(mode=ForumEdition.Mode.REVIEW)
    nominator = nominator_of(edition)
    registration = take_up(NominationFactory(nominator=nominator))
    _past_deadline(nominator)
    release_expired_nominations()
    assert registration.nomination.status == N.TAKEN
    registration.refresh_from_db()
    assert registration.status == S.SUBMITTED


# --- Reminders a week before the deadline -----------------------------------------------------------------------


def _due(edition, *, days=5, places=3, used=1, language="en", **kwargs):
    nominator = nominator_of(
        edition,
        places=places,
        deadline=timezone.now() + datetime.timedelta(days=days),
        user=UserFactory(language=language, given_name="Pranee"),
        **kwargs,
    )
    NominationFactory.create_batch(used, nominator=nominator)
    return nominator


def test_reminder_goes_to_nominators_with_unused_places_a_week_before_the_deadline(
    outbox, django_capture_on_commit_callbacks
):
    edition = nominations_edition()
    due = _due(edition)
    full = _due(edition, places=2, used=2, country="TH")
    later = _due(edition, days=10, country="ID")
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_nominators() == "1 nominators reminded of unused places"
    assert [message.to for message in outbox] == [[due.user.email]]
    message = outbox[0]
    assert "2 of the 3 places of the delegation of Vietnam" in message.body
    assert f"/en/forum/{edition.slug}/delegation/" in message.body
    for nominator, reminded in ((due, True), (full, False), (later, False)):
        nominator.refresh_from_db()
        assert (nominator.reminded_at is not None) == reminded


def test_reminder_counts_only_places_the_country_still_has_and_skips_a_country_with_none(
    outbox, django_capture_on_commit_callbacks
):
    edition = nominations_edition(quota=4, approved=2)  # VN: 2 approved self-registrants; 1 invited below
    vietnam = _due(edition, places=3, used=1)  # 2 unused places, but only 1 seat left in the quota
    thailand = _due(nominations_edition(quota=2, approved=1, country="TH"), places=2, used=1, country="TH")
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_nominators() == "1 nominators reminded of unused places"
    assert [message.to for message in outbox] == [[vietnam.user.email]]
    assert "1 of the 3 places of the delegation of Vietnam to" in outbox[0].body
    thailand.refresh_from_db()
    assert thailand.reminded_at is None  # reminded once a seat frees there


def test_reminder_is_sent_once(outbox, django_capture_on_commit_callbacks):
    edition = nominations_edition()
    _due(edition)
    with django_capture_on_commit_callbacks(execute=True):
        remind_nominators()
        assert remind_nominators() == "0 nominators reminded of unused places"
    assert len(outbox) == 1


def test_reminder_is_in_the_nominators_language(outbox, django_capture_on_commit_callbacks):
    edition = nominations_edition()
    _due(edition, language="km")
    with django_capture_on_commit_callbacks(execute=True):
        remind_nominators()
    (message,) = outbox
    assert message.extra_headers["Content-Language"] == "km"
    assert f"/km/forum/{edition.slug}/delegation/" in message.body


def test_no_reminder_after_the_deadline_or_for_a_draft_edition(outbox, django_capture_on_commit_callbacks):
    passed = _due(nominations_edition())
    _past_deadline(passed)
    draft = nominations_edition()
    ForumEdition.objects.filter(pk=draft.pk).update(is_published=False)
    _due(draft)
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_nominators() == "0 nominators reminded of unused places"
    assert outbox == []


# --- The edition's page and settings ----------------------------------------------------------------------------


def test_edition_page_links_to_the_nominations_with_the_places_kept(organiser_client):
    edition = nominations_edition()
    NominationFactory.create_batch(2, nominator=nominator_of(edition))
    html = organiser_client.get(url("edition", slug=edition.slug)).content.decode()
    summary = html.split('data-testid="nominations-summary">')[1].split("</p>")[0]
    assert "2 places are kept for nominated delegations" in summary
    assert "Open registration and nominations" in html
    assert html.count(f'href="{url("nominations", slug=edition.slug)}"') == 2  # the tab and the button


def test_edition_page_of_an_open_edition_says_nominations_are_off(organiser_client):
    edition = ForumEditionFactory()
    html = organiser_client.get(url("edition", slug=edition.slug)).content.decode()
    assert "Nominations are off" in html
    assert html.count(f'href="{url("nominations", slug=edition.slug)}"') == 1  # no tab, the button


def test_edition_settings_choose_who_may_register(organiser_client):
    edition = ForumEditionFactory()
    form = organiser_client.get(url("edition_edit", slug=edition.slug)).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v not in (None, False)}
    data.update(intake="nomination")
    html = organiser_client.get(url("edition_edit", slug=edition.slug)).content.decode()
    assert "By nomination only" in html and "Nominated delegates register from their personal link" in html
    assert organiser_client.post(url("edition_edit", slug=edition.slug), data).status_code == 302
    edition.refresh_from_db()
    assert edition.intake == "nomination" and not edition.takes_self_registration


# --- The demo ---------------------------------------------------------------------------------------------------


def test_seed_demo_names_nominators_of_three_member_states_with_delegations_in_every_state(organiser_client):
    call_command("seed_demo", stdout=StringIO())
    edition = ForumEdition.objects.get(slug="atf-2027")
    assert edition.intake == ForumEdition.Intake.BOTH
    nominators = Nominator.objects.filter(edition=edition)
    assert len({str(n.country) for n in nominators.filter(kind="country")}) >= 3
    assert nominators.filter(kind="organisation").exists()
    nominations = Nomination.objects.filter(edition=edition)
    assert {N.INVITED, N.TAKEN, N.WITHDRAWN, N.REPLACED} <= set(nominations.values_list("status", flat=True))
    registered = set(nominations.filter(status=N.TAKEN).values_list("registration__status", flat=True))
    assert {S.SUBMITTED, S.APPROVED} <= registered
    assert nominations.filter(registration__visa_request__isnull=False, registration__status=S.APPROVED).exists()
    assert nominations.filter(is_head=True).exists()
    assert nominations.filter(replaces__status=N.REPLACED).exists()
    # The seat arithmetic held: approved and kept places within each quota and the capacity.
    seats = Seats.read(edition)
    assert seats.approved + seats.reserved_total <= edition.capacity
    for quota in edition.quotas.all():
        held = seats.by_country.get(str(quota.country), 0) + seats.reserved.get(str(quota.country), 0)
        assert held <= quota.seats, quota.country
    for nominator in nominators:
        assert nominator.nominations.filter(status__in=Nomination.STANDING).count() <= nominator.places
    # One nominator is due a reminder with places not used.
    assert remind_nominators() == "1 nominators reminded of unused places"
    counts = (Nominator.objects.count(), Nomination.objects.count(), Registration.objects.count())

    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert (Nominator.objects.count(), Nomination.objects.count(), Registration.objects.count()) == counts
    assert "nominator.vn@example.org" in out.getvalue()
    response = organiser_client.get(url("nominations", slug=edition.slug))
    assert response.status_code == 200 and "Yangon Youth Online" in response.content.decode()


# --- In a browser -----------------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_nominations_page_in_a_phone_names_a_nominator(phone_page, live_server, artifact_path):
    page = phone_page
    edition = nominations_edition(quota=8)
    ministry = nominator_of(edition, places=3, user=UserFactory(given_name="Thu", family_name="Ha"))
    NominationFactory(nominator=ministry)
    person = UserFactory(email="focal@ministry.example")
    OrganisationFactory(name="Bangkok Safe Net Foundation", country="TH")
    log_in(page, live_server, OrganiserFactory(with_totp=True))

    page.goto(url("nominations", slug=edition.slug))
    assert_fits(page, 360)
    page.get_by_label("Nominator's e-mail address").fill(person.email)
    page.get_by_label("Organisation's focal point").check()
    page.get_by_label("Organisation", exact=True).select_option(label="Bangkok Safe Net Foundation (Thailand)")
    page.get_by_label("Places").fill("2")
    page.get_by_label("Deadline").fill(_local(edition.registration_closes_at - datetime.timedelta(days=3)))
    page.get_by_role("button", name="Name the nominator").click()

    assert "nominates for Bangkok Safe Net Foundation, with 2 places" in page.locator("main").inner_text()
    nominator = Nominator.objects.get(user=person)
    assert (nominator.kind, str(nominator.country)) == ("organisation", "TH")
    assert page.get_by_test_id(f"nominator-{nominator.pk}").is_visible()
    assert_fits(page, 360)
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll(
                'main input:not([type=hidden]):not([type=submit]), main select, main textarea')]
            .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')).map(el => el.name)"""
    )
    assert unlabelled == []
    page.screenshot(path=artifact_path("organiser_nominations_360.png"), full_page=True)


def test_a_person_named_nominator_is_told_in_their_language_once(organiser, outbox, django_capture_on_commit_callbacks):
    edition = nominations_edition()
    person = UserFactory(language="km", email="focal.vn@example.org")
    arguments = _arguments(edition, organiser, email="focal.vn@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        nominator = nominator_save(**arguments)
        nominator_save(**{**arguments, "places": 3}, nominator=nominator)
    (message,) = outbox
    assert message.to == [person.email] and message.extra_headers["Content-Language"] == "km"
    assert f"/km/forum/{edition.slug}/delegation/" in message.body


def _arguments(edition, organiser, **overrides):
    return {
        "edition": edition,
        "email": UserFactory().email,
        "kind": Nominator.Kind.COUNTRY,
        "country": "VN",
        "organisation": None,
        "places": 2,
        "deadline": edition.registration_closes_at,
        "by": organiser,
        **overrides,
    }


def test_naming_is_refused_on_a_draft_forum_or_with_a_deadline_passed(organiser):
    draft = nominations_edition()
    ForumEdition.objects.filter(pk=draft.pk).update(is_published=False)
    draft.refresh_from_db()
    with pytest.raises(NominationError, match="Publish the forum first"):
        nominator_save(**_arguments(draft, organiser))
    edition = nominations_edition()
    with pytest.raises(NominationError) as refusal:
        nominator_save(**_arguments(edition, organiser, deadline=timezone.now() - datetime.timedelta(days=3)))
    assert refusal.value.field == "deadline"


def test_whom_a_nominator_nominates_for_cannot_change_once_they_invited(organiser):
    edition = nominations_edition()
    nominator = nominator_of(edition)
    NominationFactory(nominator=nominator)
    arguments = _arguments(edition, organiser, email=nominator.user.email, country="TH", nominator=nominator)
    with pytest.raises(NominationError) as refusal:
        nominator_save(**arguments)
    assert refusal.value.field == "kind"
    nominator.refresh_from_db()
    assert str(nominator.country) == "VN"


def test_removing_tells_the_open_invitations_and_is_allowed_once_nobody_is_registered(
    organiser, outbox, django_capture_on_commit_callbacks
):
    edition = nominations_edition()
    nominator = nominator_of(edition, places=3)
    invited = NominationFactory(nominator=nominator, email="open@example.org")
    cancelled = take_up(NominationFactory(nominator=nominator))
    registration_cancel(registration=cancelled, by=cancelled.user)
    with django_capture_on_commit_callbacks(execute=True):
        nominator_remove(nominator=nominator, by=organiser)
    assert not Nominator.objects.filter(pk=nominator.pk).exists()
    assert [message.to for message in outbox if "withdrawn" in message.body] == [[invited.email]]
