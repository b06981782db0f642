"""Delegate pages: the editions, an edition, registering, my registration (edit, cancel), nav and home hooks."""

import datetime
import re

import pytest
from django.utils import timezone

from forum.models import ForumEdition, Registration, VisaRequest
from tests.factories import (
    ForumEditionFactory,
    OrganisationFactory,
    OrganiserFactory,
    RegistrationEventFactory,
    RegistrationFactory,
    UserFactory,
)

S = Registration.Status
pytestmark = pytest.mark.django_db


def form_data(organisation_, **overrides) -> dict:
    data = {
        "category": "tech_company",
        "organisation": organisation_.pk,
        "new_organisation_name": "",
        "position": "Head of trust and safety",
        "country": "KH",
        "dietary_needs": "Vegetarian",
        "accessibility_needs": "",
        "photo_consent": "on",
        "agree_code_of_conduct": "on",
        "agree_privacy": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def edition():
    return ForumEditionFactory(
        slug="atf-2027",
        reference_prefix="ATF27",
        title_en="ASEAN Technology Forum 2027",
        title_km="វេទិកាបច្ចេកវិទ្យាអាស៊ាន ២០២៧",
        capacity=3,
        mode=ForumEdition.Mode.AUTO,
    )


@pytest.fixture
def delegate_client(client):
    user = UserFactory(given_name="Somchai", family_name="Wongsakul", native_name="สมชาย วงศ์สกุล")
    client.force_login(user)
    client.user = user
    return client


def test_edition_list_shows_published_editions_only(client, edition):
    ForumEditionFactory(title_en="Hidden draft", is_published=False)
    response = client.get("/en/forum/")
    content = response.content.decode()
    assert "ASEAN Technology Forum 2027" in content
    assert "Hidden draft" not in content
    assert "3 seats left" in content


def test_edition_detail_in_the_readers_language_with_times_in_the_editions_zone(client, edition):
    opens = (timezone.now() + datetime.timedelta(days=3)).replace(hour=2, minute=0, second=0, microsecond=0)
    edition.registration_opens_at = opens
    edition.registration_closes_at = opens + datetime.timedelta(days=20)
    edition.save()
    content = client.get("/km/forum/atf-2027/").content.decode()
    assert "វេទិកាបច្ចេកវិទ្យាអាស៊ាន ២០២៧" in content
    assert "09:00" in content  # 02:00 UTC is 09:00 in Phnom Penh
    content = client.get("/en/forum/atf-2027/").content.decode()
    assert "ASEAN Technology Forum 2027" in content
    assert "Registration is not open yet." in content
    assert "(Phnom Penh, UTC+07:00 time)" in content
    assert "Asia/Phnom_Penh" not in content
    assert "Seats left" in content


def test_edition_detail_hides_seats_left_when_organisers_say_so(client, edition):
    edition.show_seats_left = False
    edition.save()
    assert "Seats left" not in client.get("/en/forum/atf-2027/").content.decode()


def test_edition_detail_links_the_programme_once_it_is_published(client, edition):
    from tests.factories.programme import ProgrammeSettingsFactory

    assert "/en/forum/atf-2027/programme/" not in client.get("/en/forum/atf-2027/").content.decode()
    ProgrammeSettingsFactory(edition=edition)
    content = client.get("/en/forum/atf-2027/").content.decode()
    assert 'href="/en/forum/atf-2027/programme/"' in content
    assert "/my-agenda/" not in content  # anonymous visitors have no agenda


@pytest.mark.parametrize("path", ["/en/forum/nope/", "/en/forum/nope/register/", "/en/forum/nope/registration/"])
def test_unknown_edition_is_404(delegate_client, path):
    assert delegate_client.get(path).status_code == 404


@pytest.mark.parametrize("suffix", ["", "register/", "registration/", "registration/edit/", "registration/cancel/"])
def test_unpublished_edition_is_404_for_delegates_but_visible_to_organisers(delegate_client, suffix):
    ForumEditionFactory(slug="draft", is_published=False)
    assert delegate_client.get(f"/en/forum/draft/{suffix}").status_code == 404
    organiser = OrganiserFactory()
    delegate_client.force_login(organiser)
    if suffix == "":
        assert "Not published" in delegate_client.get("/en/forum/draft/").content.decode()


def test_register_requires_login(client, edition):
    response = client.get("/en/forum/atf-2027/register/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=/en/forum/atf-2027/register/")


def test_register_shows_profile_names_read_only_and_only_the_questions_the_forum_needs(delegate_client, edition):
    response = delegate_client.get("/en/forum/atf-2027/register/")
    content = response.content.decode()
    assert "สมชาย วงศ์สกุล" in content and "Somchai Wongsakul" in content
    assert 'href="/en/accounts/profile/"' in content
    form = response.context["form"]
    assert set(form.fields) == {
        "category", "organisation", "new_organisation_name", "position", "country", "is_youth", "dietary_needs",
        "accessibility_needs", "photo_consent", "agree_code_of_conduct", "agree_privacy", "needs_visa_letter",
        "passport_name", "nationality", "passport_number", "passport_expiry",
        # Youth delegates only: hidden unless "under 18" is ticked.
        "date_of_birth", "guardian_name", "guardian_relationship", "guardian_email", "guardian_phone",
        "guardian_language", "chaperone_name", "chaperone_phone", "chaperone_email",
    }  # fmt: skip
    assert 'name="given_name"' not in content


def test_register_approves_in_auto_mode_and_shows_my_registration(delegate_client, edition, outbox):
    organisation = OrganisationFactory()
    response = delegate_client.post("/en/forum/atf-2027/register/", form_data(organisation))
    assert response.status_code == 302
    assert response["Location"] == "/en/forum/atf-2027/registration/"
    registration = Registration.objects.get(user=delegate_client.user)
    assert (registration.status, registration.reference) == (S.APPROVED, "ATF27-0001")
    assert registration.dietary_needs == "Vegetarian"
    assert registration.photo_consent
    page = delegate_client.get(response["Location"]).content.decode()
    assert "ATF27-0001" in page
    assert "Approved" in page
    assert "Your seat is confirmed." in page


def test_register_with_visa_letter_stores_passport_details(delegate_client, edition):
    data = form_data(
        OrganisationFactory(),
        needs_visa_letter="on",
        passport_name="SOMCHAI WONGSAKUL",
        nationality="TH",
        passport_number="AA1234567",
        passport_expiry="2031-05-01",
    )
    assert delegate_client.post("/en/forum/atf-2027/register/", data).status_code == 302
    visa = VisaRequest.objects.get(registration__user=delegate_client.user)
    assert (visa.passport_name, str(visa.nationality), visa.passport_expiry) == (
        "SOMCHAI WONGSAKUL",
        "TH",
        datetime.date(2031, 5, 1),
    )


def test_register_visa_letter_without_passport_details_keeps_input(delegate_client, edition):
    data = form_data(OrganisationFactory(), needs_visa_letter="on", position="Keep me")
    response = delegate_client.post("/en/forum/atf-2027/register/", data)
    assert response.status_code == 200
    assert "Needed for the visa invitation letter." in response.content.decode()
    assert 'value="Keep me"' in response.content.decode()
    assert not Registration.objects.exists()


def test_refused_registration_lists_its_problems_at_the_top_linking_each_field(delegate_client, edition):
    data = form_data(OrganisationFactory(), needs_visa_letter="on", position="", category=None)
    page = delegate_client.post("/en/forum/atf-2027/register/", data).content.decode()
    summary = page[page.index('id="error-summary"') : page.index("</div>", page.index('id="error-summary"'))]
    assert 'role="alert"' in page[page.index("<div", page.index("error-summary") - 80) :][:200]
    assert "Please correct them below." in summary
    links = re.findall(r'href="#([\w-]+)"', summary)
    assert "id_category" in links and "id_passport_number" in links
    for target in links:  # every link leads to an element of the page
        assert f'id="{target}"' in page, target
    assert "error-summary.js" in page
    # Nothing is summarised on a fresh form.
    assert 'id="error-summary"' not in delegate_client.get("/en/forum/atf-2027/register/").content.decode()


def test_register_under_18_makes_a_youth_delegate_whatever_the_category(delegate_client, edition):
    delegate_client.post(
        "/en/forum/atf-2027/register/",
        form_data(
            OrganisationFactory(),
            category="government",
            is_youth="on",
            date_of_birth=(edition.starts_on.replace(year=edition.starts_on.year - 15)).isoformat(),
            guardian_name="Chea Dara",
            guardian_relationship="mother",
            guardian_email="guardian@example.org",
            guardian_phone="+855 12 345 678",
            guardian_language="km",
        ),
    )
    registration = Registration.objects.get()
    assert (registration.is_youth, registration.category, registration.status) == (True, "youth", S.SUBMITTED)


def test_register_new_organisation_pending_review(delegate_client, edition):
    data = form_data(OrganisationFactory(), organisation="", new_organisation_name="Phnom Penh Youth Tech")
    assert delegate_client.post("/en/forum/atf-2027/register/", data).status_code == 302
    organisation = Registration.objects.get().organisation
    assert organisation.name == "Phnom Penh Youth Tech"
    assert not organisation.is_verified
    assert "waiting for organisers" in delegate_client.get("/en/forum/atf-2027/registration/").content.decode()


def test_register_when_closed_or_not_open_says_so_and_keeps_input(delegate_client, edition):
    response = delegate_client.get("/en/forum/atf-2027/register/")
    assert response.status_code == 200
    ForumEdition.objects.filter(pk=edition.pk).update(registration_closes_at=timezone.now())
    data = form_data(OrganisationFactory(), position="Typed before closing")
    response = delegate_client.post("/en/forum/atf-2027/register/", data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Registration for this forum is closed." in content
    assert 'value="Typed before closing"' in content
    assert not Registration.objects.exists()
    assert (
        "Registration for this forum is closed." in delegate_client.get("/en/forum/atf-2027/register/").content.decode()
    )

    ForumEdition.objects.filter(pk=edition.pk).update(
        registration_opens_at=timezone.now() + datetime.timedelta(days=2),
        registration_closes_at=timezone.now() + datetime.timedelta(days=9),
    )
    content = delegate_client.get("/en/forum/atf-2027/register/").content.decode()
    assert "Registration is not open yet." in content
    response = delegate_client.post("/en/forum/atf-2027/register/", data)
    assert "not open yet" in response.content.decode()
    assert not Registration.objects.exists()


def test_register_twice_goes_to_the_existing_registration(delegate_client, edition):
    organisation = OrganisationFactory()
    delegate_client.post("/en/forum/atf-2027/register/", form_data(organisation))
    response = delegate_client.post("/en/forum/atf-2027/register/", form_data(organisation), follow=True)
    assert response.redirect_chain[-1][0] == "/en/forum/atf-2027/registration/"
    assert "You have already registered for this forum" in response.content.decode()
    assert Registration.objects.count() == 1


def test_register_too_long_fields_are_refused_with_input_kept(delegate_client, edition):
    data = form_data(OrganisationFactory(), position="p" * 151, dietary_needs="d" * 301)
    response = delegate_client.post("/en/forum/atf-2027/register/", data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"position", "dietary_needs"}
    assert not Registration.objects.exists()


def test_register_missing_agreement_is_refused(delegate_client, edition):
    response = delegate_client.post(
        "/en/forum/atf-2027/register/", form_data(OrganisationFactory(), agree_code_of_conduct=None)
    )
    assert "agree_code_of_conduct" in response.context["form"].errors
    assert not Registration.objects.exists()


def test_html_in_text_is_stored_as_typed_and_shown_escaped(delegate_client, edition):
    script = '<script>alert("x")</script><b>bold</b>'
    delegate_client.post("/en/forum/atf-2027/register/", form_data(OrganisationFactory(), position=script))
    assert Registration.objects.get().position == script
    content = delegate_client.get("/en/forum/atf-2027/registration/").content.decode()
    assert script not in content
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in content
    RegistrationEventFactory(registration=Registration.objects.get(), reason="<i>why</i> 100%", actor=None)
    content = delegate_client.get("/en/forum/atf-2027/registration/").content.decode()
    assert "&lt;i&gt;why&lt;/i&gt; 100%" in content and "<i>why</i>" not in content


def test_registration_page_without_registration_sends_to_register(delegate_client, edition):
    response = delegate_client.get("/en/forum/atf-2027/registration/")
    assert response["Location"] == "/en/forum/atf-2027/register/"


def test_registration_page_shows_only_my_own(delegate_client, edition):
    other = RegistrationFactory(edition=edition, position="Someone else's secret position")
    mine = RegistrationFactory(edition=edition, user=delegate_client.user, position="Mine")
    content = delegate_client.get("/en/forum/atf-2027/registration/").content.decode()
    assert mine.reference in content and "Mine" in content
    assert other.reference not in content and "secret" not in content


def test_registration_edit_saves_and_writes_no_status_change(delegate_client, edition):
    delegate_client.post("/en/forum/atf-2027/register/", form_data(OrganisationFactory()))
    registration = Registration.objects.get()
    response = delegate_client.get("/en/forum/atf-2027/registration/edit/")
    assert response.context["form"].initial["position"] == "Head of trust and safety"
    response = delegate_client.post(
        "/en/forum/atf-2027/registration/edit/",
        form_data(registration.organisation, position="Director", accessibility_needs="Step-free access"),
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert (registration.position, registration.accessibility_needs) == ("Director", "Step-free access")
    assert registration.status == S.APPROVED
    assert registration.events.count() == 1


def test_registration_edit_after_closing_is_refused(delegate_client, edition):
    registration = RegistrationFactory(edition=edition, user=delegate_client.user)
    ForumEdition.objects.filter(pk=edition.pk).update(registration_closes_at=timezone.now())
    response = delegate_client.get("/en/forum/atf-2027/registration/edit/", follow=True)
    assert "can no longer be changed" in response.content.decode()
    response = delegate_client.post(
        "/en/forum/atf-2027/registration/edit/", form_data(registration.organisation, position="Late")
    )
    assert "can no longer be changed" in response.content.decode()
    registration.refresh_from_db()
    assert registration.position != "Late"


def test_registration_cancel_asks_first_then_cancels_and_promotes(
    delegate_client, edition, django_capture_on_commit_callbacks, outbox
):
    mine = RegistrationFactory(edition=edition, user=delegate_client.user, status=S.APPROVED)
    RegistrationFactory.create_batch(2, edition=edition, status=S.APPROVED)
    waiting = RegistrationFactory(edition=edition, status=S.WAITLISTED)
    response = delegate_client.get("/en/forum/atf-2027/registration/cancel/")
    assert "Do you really want to cancel" in response.content.decode()
    mine.refresh_from_db()
    assert mine.status == S.APPROVED
    with django_capture_on_commit_callbacks(execute=True):
        response = delegate_client.post("/en/forum/atf-2027/registration/cancel/", {"reason": "Visa refused"})
    assert response["Location"] == "/en/forum/atf-2027/registration/"
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.status == S.CANCELLED
    assert mine.events.get().reason == "Visa refused"
    assert waiting.status == S.APPROVED
    assert {message.to[0] for message in outbox} == {mine.user.email, waiting.user.email}
    content = delegate_client.get("/en/forum/atf-2027/registration/").content.decode()
    assert "Cancelled" in content and "Change my registration" not in content


def test_nav_and_home_show_the_forum(client, edition):
    ForumEditionFactory(title_en="Past forum", starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2020, 1, 2))
    content = client.get("/en/").content.decode()
    assert 'href="/en/forum/"' in content
    assert "ASEAN Technology Forum 2027" in content
    assert "Past forum" not in content


# --- Query counts: pinned, the same at 1 and at 10 rows. ----------------------------------------------------


@pytest.mark.parametrize("count", [1, 10])
def test_edition_list_query_count(client, django_assert_num_queries, count):
    """`count` published editions, each with an approved delegate (the seats left are counted)."""
    editions = ForumEditionFactory.create_batch(count)
    for edition in editions:
        RegistrationFactory(edition=edition, status=S.APPROVED)
    with django_assert_num_queries(1):
        response = client.get("/en/forum/")
    assert response.content.decode().count('<li class="card">') == count
    assert editions[-1].title_en in response.content.decode()


@pytest.mark.parametrize("count", [1, 10])
def test_registration_page_query_count(delegate_client, edition, django_assert_num_queries, count):
    """The delegate's registration with `count` history events, by the organisers or automatic."""
    registration = RegistrationFactory(edition=edition, user=delegate_client.user)
    for n in range(1, count + 1):
        actor = OrganiserFactory() if n % 2 else None
        RegistrationEventFactory(registration=registration, actor=actor, reason=f"Checked, step {n}")
    with django_assert_num_queries(8):  # with the open survey invitations
        response = delegate_client.get("/en/forum/atf-2027/registration/")
    assert response.content.decode().count('class="list-group-item"') == count
    assert f"Checked, step {count}" in response.content.decode()


# --- Who may open what. -------------------------------------------------------------------------------------


def test_registration_page_links_the_visa_letter_once_approved(delegate_client, edition):
    from tests.factories import VisaRequestFactory

    visa = VisaRequestFactory(
        registration__edition=edition, registration__user=delegate_client.user, passport_number="AA1234567"
    )
    content = delegate_client.get("/en/forum/atf-2027/registration/").content.decode()
    assert "passport number ending in 567" in content
    assert "AA1234567" not in content
    assert "/en/forum/atf-2027/registration/visa-letter.pdf" not in content
    Registration.objects.filter(pk=visa.registration_id).update(status=S.APPROVED)
    content = delegate_client.get("/en/forum/atf-2027/registration/").content.decode()
    assert 'href="/en/forum/atf-2027/registration/visa-letter.pdf"' in content
