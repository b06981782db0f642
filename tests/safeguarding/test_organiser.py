"""The organisers' safeguarding pages (safeguarding.views.organiser): organisers with two-factor only; naming and
removing officers (logged, told to the others in their languages); the retention; the emergency numbers; counts of
cases by status and nothing else of a case, here and on the dashboard."""

import re
from io import StringIO

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.urls import reverse

from people import demo as people_demo
from people.permissions import has_two_factor
from safeguarding import demo
from safeguarding.errors import SafeguardingError
from safeguarding.models import AccessLog, Concern, EmergencyContacts, Officer, Retention
from safeguarding.officers import officer_appoint, retention_get
from safeguarding.services import case_set_owner, case_set_status, concern_report
from tests.browser import assert_fits, log_in
from tests.factories import OrganiserFactory, UserFactory
from tests.factories.forum import ForumEditionFactory

pytestmark = pytest.mark.django_db

SETTINGS = reverse("safeguarding_organiser:settings")
CONTACTS = reverse("safeguarding_organiser:contacts")
CASE_TEXT = "A coach sends a youth delegate messages at night"


def make_officer(*, two_factor: bool = True, **user_fields) -> Officer:
    user = UserFactory(**user_fields)
    if two_factor:
        TOTP.activate(user, generate_totp_secret())
    return Officer.objects.create(user=user)


def make_case(**data) -> Concern:
    concern, _token = concern_report(
        data={"what_happened": CASE_TEXT, "place": Concern.Place.FORUM, "place_details": "Room B", **data},
        language="en",
    )
    return concern


def field_error(response, form: str, prefix: str, field: str) -> str:
    """The refusal of the page's `form`, which crispy prints beside the field (`error_1_id_<prefix>-<field>`)."""
    assert f'id="error_1_id_{prefix}-{field}"' in response.content.decode()
    return " ".join(response.context[form].errors[field])


# --- Who reaches the pages ------------------------------------------------------------------------------------------


def _requests(officer_pk: int):
    return [
        ("get", SETTINGS, {}),
        ("get", CONTACTS, {}),
        ("post", reverse("safeguarding_organiser:officer_remove", args=[officer_pk]), {}),
        ("post", SETTINGS, {"retention-days": "400"}),
    ]


@pytest.mark.parametrize("who", ["anonymous", "member", "officer", "organiser_no_mfa"])
def test_only_organisers_with_two_factor_reach_the_pages(client, who):
    target = make_officer()
    visitor = {
        "anonymous": None,
        "member": UserFactory(),
        "officer": make_officer().user,  # an officer with two-factor, not an organiser
        "organiser_no_mfa": OrganiserFactory(with_totp=False),
    }[who]
    if visitor is not None:
        client.force_login(visitor)
    for method, url, data in _requests(target.pk):
        response = getattr(client, method)(url, data)
        if who == "anonymous":
            assert response.status_code == 302 and response.url.startswith("/en/accounts/login/"), url
        elif who == "organiser_no_mfa":
            assert response.status_code == 302 and response.url == "/en/accounts/2fa/totp/activate/", url
        else:
            assert response.status_code == 404, url
    assert Officer.objects.filter(pk=target.pk).exists()
    assert retention_get().days_after_closing == 365 * 3


def test_the_organiser_console_links_the_page_with_a_neutral_label(organiser_client):
    html = organiser_client.get(reverse("organiser:index")).content.decode()
    assert html.count(f'href="{SETTINGS}"') == 2  # the side navigation and the card
    assert re.search(rf'<a class="nav-link" href="{SETTINGS}">Safeguarding</a>', html)


# --- Officers -------------------------------------------------------------------------------------------------------


def test_the_page_lists_the_officers_with_their_two_factor_state(organiser_client, organiser):
    ready = make_officer(given_name="Bopha", family_name="Meas")
    waiting = make_officer(two_factor=False, given_name="Dara", family_name="Keo")
    Officer.objects.filter(pk=ready.pk).update(appointed_by=organiser)
    html = organiser_client.get(SETTINGS).content.decode()
    row = html[html.index(f'data-testid="officer-{ready.pk}"') :]
    assert "Bopha Meas" in row[:600] and ready.user.email in row[:600] and "Set up" in row[:900]
    assert f"by {organiser.get_full_name()}" in row[:900]
    row = html[html.index(f'data-testid="officer-{waiting.pk}"') :]
    assert "Not yet: cannot open cases" in row[:900]
    assert "No officer has set up two-factor" not in html


def test_a_page_without_officers_warns_that_reports_reach_nobody(organiser_client):
    assert "concerns reported now reach nobody" in organiser_client.get(SETTINGS).content.decode()


def test_naming_an_officer_tells_them_and_the_other_officers_in_their_languages(
    organiser_client, organiser, django_capture_on_commit_callbacks
):
    khmer = make_officer(language="km")
    english = make_officer(language="en")
    person = UserFactory(email="Bopha@example.org", language="km", given_name="Bopha", family_name="Meas")
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(SETTINGS, {"officer-email": "  bopha@EXAMPLE.org "})
    assert response.status_code == 302 and response.url == SETTINGS
    officer = Officer.objects.get(user=person)
    assert officer.appointed_by == organiser
    line = AccessLog.objects.get(action=AccessLog.Action.APPOINTED)
    assert (line.actor, line.detail, line.concern) == (organiser, person.email, None)
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {person.email, khmer.user.email, english.user.email}
    assert sent[person.email].extra_headers["Content-Language"] == "km"
    assert "/km/safeguarding/cases/" in sent[person.email].body
    assert sent[khmer.user.email].extra_headers["Content-Language"] == "km"
    assert "/km/safeguarding/cases/" in sent[khmer.user.email].body
    assert sent[english.user.email].subject == "Bopha Meas is now a safeguarding officer"
    assert "/en/safeguarding/cases/" in sent[english.user.email].body
    assert f"{organiser.get_full_name()} named Bopha Meas" in sent[english.user.email].body
    page = organiser_client.get(SETTINGS).content.decode()
    assert "Bopha Meas is a safeguarding officer." in page


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("nobody@example.org", "No account uses this e-mail address"),
        ("not an address", "Enter a valid email address."),
        ("", "This field is required."),
    ],
)
def test_naming_refuses_an_address_beside_the_field_and_keeps_it(organiser_client, value, message):
    response = organiser_client.post(SETTINGS, {"officer-email": value})
    assert response.status_code == 200
    assert message in field_error(response, "appoint_form", "officer", "email")
    if value:
        assert f'value="{value}"' in response.content.decode()
    assert not Officer.objects.exists() and not AccessLog.objects.exists()


def test_naming_refuses_someone_already_an_officer(organiser_client):
    officer = make_officer()
    response = organiser_client.post(SETTINGS, {"officer-email": officer.user.email})
    assert "already a safeguarding officer" in field_error(response, "appoint_form", "officer", "email")
    assert Officer.objects.count() == 1


def test_removing_an_officer_logs_it_tells_the_others_and_leaves_their_cases_unowned(
    organiser_client, organiser, django_capture_on_commit_callbacks
):
    leaving = make_officer(given_name="Dara", family_name="Keo")
    staying = make_officer(language="km")
    case = make_case()
    case_set_owner(concern=case, owner=leaving, officer=leaving)
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(reverse("safeguarding_organiser:officer_remove", args=[leaving.pk]))
    assert response.status_code == 302 and response.url == SETTINGS
    assert not Officer.objects.filter(pk=leaving.pk).exists()
    case.refresh_from_db()
    assert case.owner is None
    line = AccessLog.objects.get(action=AccessLog.Action.REMOVED)
    assert (line.actor, line.detail) == (organiser, leaving.user.email)
    # The other officers, and the person removed.
    assert sorted(message.to[0] for message in mail.outbox) == sorted([staying.user.email, leaving.user.email])
    assert mail.outbox[0].extra_headers["Content-Language"] == "km"
    assert "/km/safeguarding/cases/" in mail.outbox[0].body
    assert "Dara Keo is no longer a safeguarding officer" in organiser_client.get(SETTINGS).content.decode()


def test_removing_an_officer_who_does_not_exist_answers_404(organiser_client):
    officer = make_officer()
    url = reverse("safeguarding_organiser:officer_remove", args=[officer.pk + 1000])
    assert organiser_client.post(url).status_code == 404
    assert organiser_client.get(reverse("safeguarding_organiser:officer_remove", args=[officer.pk])).status_code == 405
    assert Officer.objects.count() == 1


# --- Retention ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("29", "greater than or equal to 30"),
        ("36501", "less than or equal to 36500"),
        ("three years", "Enter a whole number."),
        ("", "This field is required."),
        ("99999999999999999999999", "less than or equal to 36500"),
    ],
)
def test_the_retention_refuses_days_out_of_bounds_beside_the_field(organiser_client, value, message):
    response = organiser_client.post(SETTINGS, {"retention-days": value})
    assert response.status_code == 200
    assert message in field_error(response, "retention_form", "retention", "days")
    assert not Retention.objects.exists()


@pytest.mark.parametrize("days", [30, 400, 36500])
def test_the_retention_is_saved(organiser_client, organiser, days):
    response = organiser_client.post(SETTINGS, {"retention-days": str(days)})
    assert response.status_code == 302
    retention = Retention.objects.get()
    assert (retention.days_after_closing, retention.updated_by) == (days, organiser)
    page = organiser_client.get(SETTINGS).content.decode()
    assert f"Closed cases are kept {days} days." in page
    assert f'value="{days}"' in page


def test_a_post_of_neither_form_changes_nothing(organiser_client):
    assert organiser_client.post(SETTINGS, {"something": "else"}).status_code == 302
    assert not Retention.objects.exists() and not Officer.objects.exists()


# --- Emergency numbers ----------------------------------------------------------------------------------------------


NUMBERS = {
    "officer_phone": "+855 (0)12 345-678",
    "helpline_name": "Child Helpline Cambodia",
    "helpline_phone": "1280",
    "police_phone": "117",
}


def test_the_default_numbers_are_saved_and_listed(organiser_client, organiser):
    response = organiser_client.post(CONTACTS, NUMBERS)
    assert response.status_code == 302 and response.url == f"{SETTINGS}#contacts"
    contacts = EmergencyContacts.objects.get(edition=None)
    assert {name: getattr(contacts, name) for name in NUMBERS} == NUMBERS
    assert contacts.updated_by == organiser
    page = organiser_client.get(SETTINGS).content.decode()
    row = page[page.index('data-testid="contacts-default"') :][:900]
    assert "Child Helpline Cambodia: 1280" in row and "117" in row
    assert 'value="1280"' in organiser_client.get(CONTACTS).content.decode()  # the form shows what is saved


def test_an_editions_numbers_are_its_own(organiser_client):
    edition = ForumEditionFactory()
    other = ForumEditionFactory()
    url = f"{CONTACTS}?edition={edition.slug}"
    assert edition.title in organiser_client.get(url).content.decode()
    assert organiser_client.post(url, {**NUMBERS, "officer_phone": "+855 99 111 222"}).status_code == 302
    assert EmergencyContacts.objects.get(edition=edition).officer_phone == "+855 99 111 222"
    assert not EmergencyContacts.objects.filter(edition__in=[None, other]).exists()
    page = organiser_client.get(SETTINGS).content.decode()
    assert "+855 99 111 222" in page[page.index(f'data-testid="contacts-{edition.slug}"') :][:600]
    assert f'href="{CONTACTS}?edition={other.slug}"' in page
    # Saved again: changed in place, blanks allowed.
    organiser_client.post(url, {"helpline_phone": "1280"})
    contacts = EmergencyContacts.objects.get(edition=edition)
    assert (contacts.officer_phone, contacts.helpline_phone) == ("", "1280")


@pytest.mark.parametrize("slug", ["no-such-edition", "x" * 61])
def test_the_numbers_of_an_edition_that_does_not_exist_answer_404(organiser_client, slug):
    assert organiser_client.get(f"{CONTACTS}?edition={slug}").status_code == 404
    assert organiser_client.post(f"{CONTACTS}?edition={slug}", NUMBERS).status_code == 404


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("officer_phone", "call Sokha"),
        ("helpline_phone", "12"),
        ("police_phone", "+"),
        ("police_phone", "١١٧"),  # digits, but not ones a dialler reads
        ("officer_phone", "1" * 41),
        ("helpline_name", "Helpline\x07"),
    ],
)
def test_the_numbers_are_refused_beside_their_field_with_the_input_kept(organiser_client, field, value):
    response = organiser_client.post(CONTACTS, {**NUMBERS, field: value})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="error_1_id_{field}"' in response.content.decode()
    assert 'value="Child Helpline Cambodia"' in response.content.decode() or field == "helpline_name"
    assert not EmergencyContacts.objects.exists()


# --- Cases: counts only ---------------------------------------------------------------------------------------------


def test_the_page_counts_cases_by_status_and_shows_nothing_of_them(client):
    organiser = OrganiserFactory(with_totp=True)
    officer = Officer.objects.create(user=organiser)  # an organiser who is an officer too
    received = make_case(reporter_name="Sophea Lim", danger_now=True)
    handled = make_case(who_involved="Coach Vannak")
    case_set_status(concern=handled, status=Concern.Status.ASSESSING, officer=officer)
    client.force_login(organiser)
    html = client.get(SETTINGS).content.decode()
    counts = html[html.index('id="counts"') : html.index("</table>", html.index('id="counts"'))]
    assert re.search(r"Received</th><td>1</td>", counts) and re.search(r"Being assessed</th><td>1</td>", counts)
    assert re.search(r"Closed</th><td>0</td>", counts)
    for content in (CASE_TEXT, "Room B", "Sophea Lim", "Coach Vannak", received.reference, handled.reference):
        assert content not in html
    assert f"/safeguarding/cases/{received.pk}/" not in html
    assert 'href="/en/safeguarding/cases/"' in html  # the way to the officers' own pages
    Officer.objects.filter(pk=officer.pk).delete()
    assert 'href="/en/safeguarding/cases/"' not in client.get(SETTINGS).content.decode()


def test_the_dashboard_counts_the_years_cases_with_small_numbers_hidden(organiser_client):
    cases = [make_case() for _ in range(2)]
    html = organiser_client.get(reverse("organiser:index")).content.decode()
    section = html[html.index('id="safeguarding"') :]
    section = section[: section.index("</section>")]
    assert "Safeguarding concerns by status" in section and "&lt; 5" in section
    for case in cases:
        assert case.reference not in html and f"/safeguarding/cases/{case.pk}/" not in html
    assert CASE_TEXT not in html


@pytest.mark.parametrize("size", [2, 20])
def test_the_page_runs_a_fixed_number_of_queries(organiser_client, django_assert_num_queries, size):
    for index in range(size):
        officer = make_officer(two_factor=index % 2 == 0)
        Officer.objects.filter(pk=officer.pk).update(appointed_by=OrganiserFactory())
    ForumEditionFactory.create_batch(size)
    make_case()
    organiser_client.get(SETTINGS)  # the session and the two-factor state settle
    with django_assert_num_queries(12):
        response = organiser_client.get(SETTINGS)
    assert response.content.decode().count('data-testid="officer-') == size


# --- Demo data ------------------------------------------------------------------------------------------------------


def test_the_demo_names_an_officer_with_two_factor_sets_the_numbers_and_two_cases_once():
    people_demo.seed(stdout=StringIO())
    edition = ForumEditionFactory(slug="atf-2027")
    out = StringIO()
    demo.seed(stdout=out)
    demo.seed(stdout=out)  # idempotent
    officer = Officer.objects.get()
    assert officer.user.email == demo.OFFICER_EMAIL and has_two_factor(officer.user)
    assert not officer.user.is_organiser
    default = EmergencyContacts.objects.get(edition=None)
    assert (default.helpline_phone, default.police_phone) == ("1280", "117") and "demo" in default.helpline_name
    assert EmergencyContacts.objects.get(edition=edition).officer_phone == demo.VENUE_OFFICER_PHONE
    cases = Concern.objects.order_by("number")
    assert [(case.status, case.danger_now) for case in cases] == [("received", True), ("referred", False)]
    assert out.getvalue().count("Safeguarding:") == 1
    logins = StringIO()
    people_demo.print_logins(stdout=logins)
    assert "safeguarding officer safeguarding@example.org" in logins.getvalue()


# --- In a phone -----------------------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_page_in_a_phone_names_an_officer_and_sets_an_editions_numbers(phone_page, live_server, artifact_path):
    page = phone_page
    make_officer(given_name="Sreymom", family_name="Pich", email="sreymom.pich.long-address@example.org")
    person = UserFactory(given_name="Bopha", family_name="Meas")
    edition = ForumEditionFactory()
    log_in(page, live_server, OrganiserFactory(with_totp=True))

    page.goto(SETTINGS)
    assert_fits(page, 360)
    page.get_by_label("E-mail address of the new officer").fill(person.email)
    page.get_by_role("button", name="Name the officer").click()
    assert "Bopha Meas is a safeguarding officer." in page.locator("main").inner_text()
    assert page.get_by_test_id(f"officer-{Officer.objects.get(user=person).pk}").is_visible()
    assert_fits(page, 360)
    page.screenshot(path=artifact_path("safeguarding_settings_360.png"), full_page=True)

    page.get_by_test_id(f"contacts-{edition.slug}").get_by_role("link").click()
    page.get_by_label("Police number").fill("call them")
    page.get_by_role("button", name="Save the numbers").click()
    assert "digits, spaces, +, - and parentheses only" in page.locator("main").inner_text()
    assert_fits(page, 360)
    page.get_by_label("Police number").fill("117")
    page.get_by_role("button", name="Save the numbers").click()
    assert "117" in page.get_by_test_id(f"contacts-{edition.slug}").inner_text()
    assert_fits(page, 360)


def test_an_organiser_cannot_name_themselves_and_a_change_with_no_other_officer_reaches_the_organisers(
    organiser, django_capture_on_commit_callbacks
):
    with pytest.raises(SafeguardingError, match="cannot name yourself"):
        officer_appoint(email=organiser.email, by=organiser)
    other_organiser = OrganiserFactory()
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        officer_appoint(email=person.email, by=organiser)
    told = {message.to[0] for message in mail.outbox}
    assert person.email in told and other_organiser.email in told  # no other officer: the organisers are told
